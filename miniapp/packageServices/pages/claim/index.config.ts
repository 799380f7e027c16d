export default definePageConfig({
  navigationBarTitleText: '认领需求',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
