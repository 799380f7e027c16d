export default definePageConfig({
  navigationBarTitleText: '共治 · 首页',
})
