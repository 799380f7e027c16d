export default definePageConfig({
  navigationBarTitleText: '党组织',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
