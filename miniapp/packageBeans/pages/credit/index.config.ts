export default definePageConfig({
  navigationBarTitleText: '社区信用',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
