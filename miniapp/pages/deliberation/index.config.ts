export default definePageConfig({
  navigationBarTitleText: '议事',
  // 下拉刷新: usePullDownRefresh in index.tsx only runs when the page enables it
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
