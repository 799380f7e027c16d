export default definePageConfig({
  navigationBarTitleText: '成员与身份',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
