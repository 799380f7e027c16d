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
