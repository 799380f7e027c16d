export default definePageConfig({
  navigationBarTitleText: '我的金豆',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
