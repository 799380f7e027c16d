export default definePageConfig({
  navigationBarTitleText: '研判分类',
})
