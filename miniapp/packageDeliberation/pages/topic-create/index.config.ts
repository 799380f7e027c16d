export default definePageConfig({
  navigationBarTitleText: '提出议题',
})
