/** Page URLs of 数据看板 (issue 12). */
export const STATS_ROUTES = {
  overview: (p: { communityId?: string; streetId?: string } = {}) => {
    const q = Object.entries(p).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    return `/packageStats/pages/overview/index${q.length ? `?${q.join('&')}` : ''}`
  },
} as const
