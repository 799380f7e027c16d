/** Page URLs of the deliberation flows (issue 7), kept apart from utils/routes.ts so features never collide. */
const q = encodeURIComponent

export const DELIB_ROUTES = {
  tab: '/pages/deliberation/index',
  /** 提出议题 */
  createTopic: '/packageDeliberation/pages/topic-create/index',
  meetingDetail: (id: string) => `/packageDeliberation/pages/meeting-detail/index?id=${q(id)}`,
  /** 安排议事会 (staff) */
  createMeeting: '/packageDeliberation/pages/meeting-create/index',
  resolution: (id: string) => `/packageDeliberation/pages/resolution/index?id=${q(id)}`,
  /** 数据: coverage and conversion (staff) */
  metrics: '/packageDeliberation/pages/metrics/index',
} as const

/** The demo street (街道) of the seeds: profiles carry no street, so the metrics page defaults to it (?streetId= overrides). */
export const DEFAULT_STREET_ID = '10000000-0000-4000-8000-000000000001'

/** Quick pick for the owner of an action item: the seeded grid worker of community A. */
export const GRID1 = { id: '50000000-0000-4000-8000-000000000006', label: 'grid1 赵网格' } as const
