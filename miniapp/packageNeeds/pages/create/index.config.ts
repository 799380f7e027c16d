export default definePageConfig({
  navigationBarTitleText: '提交需求',
})
