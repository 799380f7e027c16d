export default definePageConfig({
  navigationBarTitleText: '发布兑换项目',
})
