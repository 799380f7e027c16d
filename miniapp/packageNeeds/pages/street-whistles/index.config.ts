export default definePageConfig({
  navigationBarTitleText: '街道吹哨',
  enablePullDownRefresh: true,
})
