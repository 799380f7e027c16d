export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/needs/index',
    'pages/services/index',
    'pages/deliberation/index',
    'pages/mine/index',
    'pages/login/index',
  ],
  // Secondary flows live in a subpackage so the main package stays small (WeChat: 2 MB per package).
  subPackages: [
    {
      root: 'packageNeeds',
      pages: ['pages/create/index', 'pages/detail/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f6f2ec',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '共治',
    navigationBarTextStyle: 'white',
  },
  // Text-only tab bar (no iconPath): WeChat allows it, and the words are what elderly users read anyway.
  tabBar: {
    color: '#4a4a4a',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/needs/index', text: '需求' },
      { pagePath: 'pages/services/index', text: '服务' },
      { pagePath: 'pages/deliberation/index', text: '议事' },
      { pagePath: 'pages/mine/index', text: '我的' },
    ],
  },
})
