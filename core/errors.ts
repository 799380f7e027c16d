import { ADMIN_ERRORS } from './errorsAdmin'
import { EDITING_ERRORS } from './errorsEditing'
import { REACH_ERRORS } from './errorsReach'
import { SECURITY_ERRORS } from './errorsSecurity'
import { SUSPENSION_ERRORS } from './errorsSuspension'

/**
 * One error type for the whole domain. `code` is stable (raised by SQL functions as their message,
 * e.g. `need.not_found`), `message` is what a resident reads, `field` names the request field at fault.
 */
export class DomainError extends Error {
  readonly code: string
  readonly userMessage: string
  readonly field?: string
  readonly status: number
  /** Seconds a refused caller must wait (sent as `Retry-After` with a 429 or 503). */
  readonly retryAfter?: number

  constructor(code: string, userMessage?: string, field?: string, retryAfter?: number) {
    const known = ERROR_TABLE[code]
    super(code)
    this.name = 'DomainError'
    this.code = code
    this.userMessage = userMessage ?? known?.message ?? '操作没有成功，请稍后再试'
    this.field = field
    this.status = known?.status ?? 400
    this.retryAfter = retryAfter
  }
}

export interface ErrorSpec {
  status: number
  message: string
}

/** The one table that maps error codes to HTTP status and the Chinese message people see. */
export const ERROR_TABLE: Record<string, ErrorSpec> = {
  'request.invalid': { status: 400, message: '提交的内容有误，请检查后再试' },
  'request.invalid_json': { status: 400, message: '请求格式不正确' },
  'request.too_large': { status: 413, message: '提交的内容太大了' },
  'request.method_not_allowed': { status: 405, message: '不支持该请求方式' },
  'request.not_found': { status: 404, message: '页面不存在' },
  'auth.required': { status: 401, message: '请先登录' },
  'auth.invalid_token': { status: 401, message: '登录已过期，请重新登录' },
  'auth.forbidden': { status: 403, message: '您没有权限进行此操作' },
  'auth.profile_missing': { status: 401, message: '账号不存在，请重新登录' },
  'auth.unknown_handle': { status: 400, message: '没有这个演示账号' },
  'auth.dev_login_disabled': { status: 404, message: '页面不存在' },
  'auth.wechat_unconfigured': { status: 503, message: '微信登录暂未开通，请联系社区工作人员' },
  'auth.wechat_invalid': { status: 400, message: '微信登录凭证无效，请重新进入小程序' },
  'auth.wechat_unavailable': { status: 502, message: '微信服务暂时不可用，请稍后再试' },
  'need.not_found': { status: 404, message: '没有找到这条需求' },
  'need.no_community': { status: 403, message: '请先登记所在社区，再提交需求' },
  'need.micro_grid_invalid': { status: 400, message: '所选微网格不在您的社区' },
  'need.title_invalid': { status: 400, message: '标题需要 4 到 40 个字' },
  'need.description_invalid': { status: 400, message: '描述需要 10 到 1000 个字' },
  'need.cursor_invalid': { status: 400, message: '分页参数不正确' },
  'need.owner_invalid': { status: 400, message: '所代办的居民不在本社区' },
  'need.contact_required': { status: 400, message: '代办时请选择居民，或填写联系人姓名和电话' },
  'need.micro_grid_required': { status: 400, message: '请选择需求所在的微网格' },
  'need.window_invalid': { status: 400, message: '结束时间要晚于开始时间' },
  'need.transition_invalid': { status: 409, message: '当前状态下不能进行这一步操作' },
  'need.reason_required': { status: 400, message: '请填写原因' },
  'need.result_required': { status: 400, message: '请填写办理结果（5 到 500 个字），居民会看到' },
  'need.photos_invalid': { status: 400, message: '照片不正确，请重新上传' },
  'need.query_invalid': { status: 400, message: '搜索内容最多 40 个字' },
  'need.use_triage': { status: 400, message: '请通过“研判分类”受理需求' },
  'need.use_evaluate': { status: 400, message: '请通过“评价”完成评价' },
  'need.department_required': { status: 400, message: '公家事请填写承办部门' },
  'need.handler_invalid': { status: 400, message: '承办人必须是本社区的工作人员' },
  'need.reopen_used': { status: 409, message: '每条需求只能重新办理一次' },
  'need.reopen_expired': { status: 409, message: '已超过可重新办理的期限（办结后 7 天内）' },
  'need.rating_invalid': { status: 400, message: '请选择 1 到 5 星' },
  'need.not_resolved': { status: 409, message: '需求办结后才能评价' },
  'need.follow_own': { status: 409, message: '这是您自己提交的需求，无需关注' },
  'need.follow_closed': { status: 409, message: '该需求已办结，不能再关注' },
  'sla.minutes_invalid': { status: 400, message: '时限需在 1 分钟到一年之间' },
  'resource.not_found': { status: 404, message: '没有找到这项资源' },
  'resource.partner_only_units': { status: 400, message: '只有驻区单位可以选择合伙人类型' },
  'resource.grid_invalid': { status: 400, message: '所选网格不在服务社区内' },
  'resource.community_invalid': { status: 400, message: '所选社区不存在' },
  'proposal.not_found': { status: 404, message: '没有找到这条匹配建议' },
  'proposal.closed': { status: 409, message: '这条匹配建议已处理' },
  'service.not_found': { status: 404, message: '没有找到这个服务项目' },
  'service.need_not_open': { status: 409, message: '该需求当前不能认领' },
  'service.not_covered': { status: 409, message: '该资源的服务类别或范围不包含这条需求' },
  'service.duplicate': { status: 409, message: '这项资源已经认领了这条需求' },
  'service.need_full': { status: 409, message: '该需求已被认领满' },
  'service.resource_full': { status: 409, message: '该资源本期服务能力已满' },
  'service.transition_invalid': { status: 409, message: '服务项目当前状态下不能进行这一步' },
  'service.reason_required': { status: 400, message: '取消服务请填写原因' },
  'service.not_completed': { status: 409, message: '服务完成后才能评价' },
  'volunteer.already_registered': { status: 409, message: '已经报到过了，请等待审核或查看审核结果' },
  'volunteer.work_unit_required': { status: 400, message: '在职党员请填写工作单位' },
  'volunteer.person_invalid': { status: 400, message: '被推荐人不在本社区' },
  'volunteer.recommend_self': { status: 400, message: '不能推荐自己，请选择“个人自荐”' },
  'volunteer.not_found': { status: 404, message: '没有找到这条报到记录' },
  'volunteer.already_reviewed': { status: 409, message: '这条报到已经审核过了' },
  'volunteer.reason_required': { status: 400, message: '请填写原因' },
  'post.slots_required': { status: 400, message: '请至少添加一个时段' },
  'post.not_found': { status: 404, message: '没有找到这个岗位' },
  'post.slot_not_found': { status: 404, message: '没有找到这个时段' },
  'shift.not_volunteer': { status: 403, message: '请先完成报到并通过审核，再认领岗位' },
  'shift.slot_past': { status: 409, message: '这个时段已经结束了' },
  'shift.already_claimed': { status: 409, message: '您已认领这个时段' },
  'shift.slot_full': { status: 409, message: '这个时段的名额已满' },
  'shift.not_found': { status: 404, message: '没有找到这次服务' },
  'shift.transition_invalid': { status: 409, message: '当前状态下不能进行这一步' },
  'shift.already_started': { status: 409, message: '服务已开始，不能取消' },
  'shift.outside_window': { status: 409, message: '不在签到时间内（开始前 30 分钟到结束后 30 分钟）' },
  'shift.out_of_range': { status: 409, message: '您不在岗位签到范围内（距岗位约 {hint} 米），请到达岗位后再试' },
  'shift.too_many_photos': { status: 400, message: '最多上传 3 张照片' },
  'shift.photo_invalid': { status: 400, message: '照片无效，请重新上传' },
  'shift.confirm_own': { status: 403, message: '不能确认自己的服务记录' },
  'whistle.not_found': { status: 404, message: '没有找到这次吹哨' },
  'whistle.closed': { status: 409, message: '人数已满，感谢您的响应' },
  'upload.failed': { status: 502, message: '图片上传失败，请稍后再试' },
  'upload.unavailable': { status: 502, message: '图片暂时无法显示，请稍后再试' },
  'bean.insufficient': { status: 409, message: '金豆余额不足' },
  'bean.amount_invalid': { status: 400, message: '金豆数量需为 1 到 10000 的整数' },
  'bean.award_self': { status: 403, message: '不能给自己发放金豆' },
  'bean.daily_cap': { status: 409, message: '已超过您今天可手动发放的金豆上限' },
  'bean.immutable': { status: 409, message: '金豆流水不可修改，如需更正请做冲正' },
  'bean.unbalanced': { status: 500, message: '系统开小差了，请稍后再试' },
  'bean.idempotency_key_required': { status: 400, message: '缺少请求编号（Idempotency-Key），请重试' },
  'reward.not_found': { status: 404, message: '没有找到这个兑换项目' },
  'reward.not_valid': { status: 409, message: '这个兑换项目不在有效期内' },
  'reward.out_of_stock': { status: 409, message: '已经兑换完了' },
  'reward.limit_reached': { status: 409, message: '已达到每人兑换次数上限' },
  'reward.credit_too_low': { status: 403, message: '社区信用等级不够，暂不能兑换' },
  'reward.validity_invalid': { status: 400, message: '截止日期要晚于现在' },
  'redemption.code_invalid': { status: 404, message: '兑换码无效或已核销' },
  'redemption.expired': { status: 409, message: '兑换码已过期' },
  'redemption.not_found': { status: 404, message: '没有找到这条兑换记录' },
  'redemption.not_cancellable': { status: 409, message: '这条兑换已核销或已取消' },
  'topic.not_found': { status: 404, message: '没有找到这个议题' },
  'topic.need_not_shared': { status: 409, message: '只有研判为“大家事”、尚在办理中的需求可以转为议题' },
  'topic.cosign_own': { status: 409, message: '这是您提出的议题，无需联名' },
  'meeting.not_found': { status: 404, message: '没有找到这次议事会' },
  'meeting.closed': { status: 409, message: '议事会已结束或已取消' },
  'meeting.not_registered': { status: 409, message: '您还没有报名这次议事会' },
  'meeting.code_invalid': { status: 400, message: '签到码不正确，请看现场公布的 6 位签到码' },
  'motion.not_found': { status: 404, message: '没有找到这项表决' },
  'motion.options_invalid': { status: 400, message: '表决选项需要 2 到 10 个' },
  'motion.window_invalid': { status: 400, message: '截止时间要晚于现在' },
  'motion.closed': { status: 409, message: '表决已结束或尚未开始' },
  'motion.not_attendee': { status: 403, message: '这项表决仅限到场签到的居民参加' },
  'motion.not_resident': { status: 403, message: '这项表决仅限本社区居民参加' },
  'motion.option_invalid': { status: 400, message: '请选择一个选项' },
  'motion.already_voted': { status: 409, message: '您已经投过票了，每人一票' },
  'resolution.not_found': { status: 404, message: '没有找到这项决议' },
  'resolution.owner_invalid': { status: 400, message: '责任人需是本社区的人员' },
  'resolution.not_owner': { status: 403, message: '只有责任人可以更新进展' },
  'resolution.not_completed': { status: 409, message: '决议落实后才能评价' },
  'resolution.already_rated': { status: 409, message: '您已经评价过了' },
  'internal': { status: 500, message: '系统开小差了，请稍后再试' },
  ...ADMIN_ERRORS,
  ...SECURITY_ERRORS,
  ...EDITING_ERRORS,
  ...REACH_ERRORS,
  ...SUSPENSION_ERRORS,
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError
}
