export default definePageConfig({
  navigationBarTitleText: '需求研判队列',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  onReachBottomDistance: 120,
})
