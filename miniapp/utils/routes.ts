/** Page URLs in one place, so a moved page is one edit. */
export const ROUTES = {
  home: '/pages/index/index',
  needs: '/pages/needs/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  createNeed: '/packageNeeds/pages/create/index',
  needDetail: (id: string) => `/packageNeeds/pages/detail/index?id=${encodeURIComponent(id)}`,
  triageNeed: (id: string) => `/packageNeeds/pages/triage/index?id=${encodeURIComponent(id)}`,
  needQueue: '/packageNeeds/pages/queue/index',
  /** 街道待办 (street admin) / 部门待办 (department members): the same queue page, scoped (issue 12 item 4) */
  needQueueScope: (scope: 'street' | 'department') => `/packageNeeds/pages/queue/index?scope=${scope}`,
  /** 街道吹哨·部门报到 (street admin blows, department members report) */
  streetWhistles: '/packageNeeds/pages/street-whistles/index',
  // Volunteers (issue 5): every page in the packageVolunteers subpackage
  posts: '/packageVolunteers/pages/posts/index',
  postDetail: (id: string) => `/packageVolunteers/pages/post-detail/index?id=${encodeURIComponent(id)}`,
  shifts: '/packageVolunteers/pages/shifts/index',
  register: '/packageVolunteers/pages/register/index',
  reviewVolunteers: '/packageVolunteers/pages/review/index',
  confirmShifts: '/packageVolunteers/pages/confirm/index',
  createPost: '/packageVolunteers/pages/post-create/index',
  createWhistle: '/packageVolunteers/pages/whistle-create/index',
  // 数据看板 (issue 12), kept here so the pages of every package can link to it
  stats: (p: { communityId?: string; streetId?: string } = {}) => {
    const q = Object.entries(p).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    return `/packageStats/pages/overview/index${q.length ? `?${q.join('&')}` : ''}`
  },
} as const
