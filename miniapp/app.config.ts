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
      pages: ['pages/create/index', 'pages/detail/index', 'pages/triage/index', 'pages/queue/index', 'pages/street-whistles/index'],
    },
    {
      root: 'packageServices',
      pages: ['pages/resource-create/index', 'pages/claim/index', 'pages/matching/index', 'pages/detail/index'],
    },
    {
      root: 'packageBeans',
      pages: [
        'pages/beans/index', 'pages/rewards/index', 'pages/redemptions/index', 'pages/verify/index',
        'pages/credit/index', 'pages/award/index', 'pages/reward-create/index',
      ],
    },
    {
      root: 'packageVolunteers',
      pages: [
        'pages/posts/index', 'pages/post-detail/index', 'pages/shifts/index', 'pages/register/index',
        'pages/review/index', 'pages/confirm/index', 'pages/post-create/index', 'pages/whistle-create/index',
      ],
    },
    {
      root: 'packageDeliberation',
      pages: ['pages/topic-create/index', 'pages/meeting-detail/index', 'pages/meeting-create/index', 'pages/resolution/index', 'pages/metrics/index'],
    },
    {
      // 居民入驻 and invitations: reached right after the first login
      root: 'packageJoin',
      pages: ['pages/join/index', 'pages/accept/index'],
    },
    {
      // 消息 and 信息发布: the inbox and the community's announcements
      root: 'packageInfo',
      pages: ['pages/inbox/index', 'pages/announcements/index', 'pages/announcement-detail/index', 'pages/announcement-create/index'],
    },
    {
      // 数据看板: statistics for staff and the street (charts kept out of the main package)
      root: 'packageStats',
      pages: ['pages/overview/index'],
    },
    {
      // 管理: the street administrator and community staff
      root: 'packageAdmin',
      pages: [
        'pages/index/index', 'pages/community-form/index', 'pages/structure/index', 'pages/party/index',
        'pages/invitations/index', 'pages/members/index', 'pages/audit/index', 'pages/settings/index', 'pages/qr/index', 'pages/exports/index',
      ],
    },
  ],
  // On-site check-in (签到) reads the location: WeChat requires both the declaration and the purpose text.
  requiredPrivateInfos: ['getLocation'],
  permission: {
    'scope.userLocation': { desc: '用于到岗签到时确认您在岗位范围内' },
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f6f2ec',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '共治',
    navigationBarTextStyle: 'white',
    // H5: Taro draws the title bar (with 返回 on sub-pages) only when asked; WeChat always draws its own.
    navigationStyle: 'default',
  },
  // H5: no slide animation between pages: calmer for elderly users, and the old page is never still on
  // screen when a browser test (or a person) looks for the new one. Not a weapp app.json field.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
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
