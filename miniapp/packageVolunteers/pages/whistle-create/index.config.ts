export default definePageConfig({
  navigationBarTitleText: '社区吹哨',
})
