import type { ErrorSpec } from './errors'

/** Issue 13 error codes: services (20261201000300_resources_services.sql). */
export const SECURITY_SERVICES_ERRORS: Record<string, ErrorSpec> = {
  // a service area names only communities the publisher serves by approval (a unit's approved ones, a volunteer's own)
  'resource.area_not_served': { status: 400, message: '服务范围只能选择您已获批服务的社区' },
  // matching_store refuses a run that is not what the engine could propose now; {hint} names the pair
  'matching.pair_invalid': { status: 409, message: '匹配建议中有不成立的配对（{hint}），需求或资源可能已变化，请重新运行匹配' },
  'matching.pair_duplicate': { status: 400, message: '匹配建议中有重复的配对（{hint}）' },
  'matching.over_allocated': { status: 409, message: '匹配建议超出了需求人数或资源的服务能力（{hint}），请重新运行匹配' },
  'matching.score_invalid': { status: 400, message: '匹配分数需为 0 到 10000 的整数' },
  'matching.reason_invalid': { status: 400, message: '匹配理由不在系统给出的理由之中' },
}
