import type { ErrorSpec } from './errors'

/** Error codes of editing, cancelling and restocking, and community settings (issue 11). */
export const EDITING_ERRORS: Record<string, ErrorSpec> = {
  'post.cancelled': { status: 409, message: '这个岗位已经取消了' },
  'post.capacity_below_claimed': { status: 409, message: '名额不能少于已认领的人数（已有 {hint} 人认领）' },
  'post.slot_past': { status: 400, message: '新增时段的结束时间要晚于现在' },
  'meeting.not_editable': { status: 409, message: '议事会已召开或已取消，不能再修改' },
  'meeting.capacity_below_registered': { status: 409, message: '已有 {hint} 人报名，人数上限不能少于已报名的人数' },
  'meeting.time_invalid': { status: 400, message: '会议时间要晚于现在' },
  'topic.below_threshold': { status: 409, message: '居民提出的议题需要至少 {hint} 人联名才能安排上会' },
  'resource.archived': { status: 409, message: '这项资源已经下架了' },
  'reward.archived': { status: 409, message: '这个兑换项目已经下架了' },
  'reward.stock_too_large': { status: 400, message: '库存最多 1000000 件' },
  'settings.value_invalid': { status: 400, message: '设置的数值超出允许的范围' },
}
