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
} as const
