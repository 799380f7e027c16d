export default definePageConfig({
  navigationBarTitleText: '发放金豆',
})
