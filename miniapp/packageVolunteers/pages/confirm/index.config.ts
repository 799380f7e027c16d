export default definePageConfig({
  navigationBarTitleText: '确认服务',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
