export default definePageConfig({
  navigationBarTitleText: '议事数据',
})
