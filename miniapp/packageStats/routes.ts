import { ROUTES } from '../utils/routes'

/** Page URLs of 数据看板 (issue 12); defined in utils/routes so that other packages link without importing this one. */
export const STATS_ROUTES = {
  overview: ROUTES.stats,
} as const
