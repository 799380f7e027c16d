export default definePageConfig({
  navigationBarTitleText: '网格与微网格',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
