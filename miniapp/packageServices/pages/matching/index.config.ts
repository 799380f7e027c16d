export default definePageConfig({
  navigationBarTitleText: '智能匹配',
})
