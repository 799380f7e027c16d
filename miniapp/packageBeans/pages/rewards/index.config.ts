export default definePageConfig({
  navigationBarTitleText: '金豆兑换',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
