import type { ErrorSpec } from './errors'

/** Error codes of the inbox, announcements, exports and statistics (issue 12). */
export const REACH_ERRORS: Record<string, ErrorSpec> = {
  // announcements (20261201000800_notifications.sql)
  'announcement.not_found': { status: 404, message: '没有找到这条通知，可能已被撤回或已过期' },
  'announcement.scope_invalid': { status: 400, message: '请选择通知发给谁' },
  'announcement.community_required': { status: 400, message: '请选择发布通知的社区' },
  'announcement.community_not_found': { status: 404, message: '没有找到这个社区' },
  'announcement.community_archived': { status: 409, message: '该社区已归档，不能再发布通知' },
  'announcement.publish_forbidden': { status: 403, message: '只有本社区的社区工作者或街道管理员可以发布通知' },
  'announcement.street_admin_only': { status: 403, message: '只有本街道的管理员可以发布全街道通知' },
  'announcement.manage_forbidden': { status: 403, message: '只有发布人、本社区的社区工作者或街道管理员可以管理这条通知' },
  'announcement.not_member': { status: 403, message: '只能查看您所在社区的通知' },
  'announcement.grid_invalid': { status: 400, message: '请选择本社区的网格' },
  'announcement.title_invalid': { status: 400, message: '标题需要 2 到 60 个字' },
  'announcement.body_invalid': { status: 400, message: '正文需要 1 到 5000 个字' },
  'announcement.images_invalid': { status: 400, message: '图片最多 3 张，请重新上传' },
  'announcement.expiry_invalid': { status: 400, message: '有效期要在现在之后，且不超过一年' },
  'announcement.withdrawn': { status: 409, message: '这条通知已经撤回了' },
  // exports (20261201000700_administration.sql)
  'export.scope_required': { status: 400, message: '请选择一个社区或一个街道（二选一）' },
  'export.kind_invalid': { status: 400, message: '请选择要导出的内容' },
  'export.period_invalid': { status: 400, message: '请选择开始和结束日期，结束日期不能早于开始日期' },
  'export.period_too_long': { status: 400, message: '一次最多导出 3 年的数据，请缩短时间段' },
  'export.too_many_rows': { status: 413, message: '数据超过 5 万行，请缩短时间段或按社区分别导出' },
  // statistics (20261201000900_statistics.sql)
  'stats.scope_invalid': { status: 400, message: '请选择一个社区或一个街道（二选一）' },
  'stats.period_invalid': { status: 400, message: '结束日期不能早于开始日期' },
  'stats.period_too_long': { status: 400, message: '统计时间段最长 3 年，请缩短时间段' },
  // departments and upward routing (20261201000700_administration.sql)
  'department.not_found': { status: 404, message: '没有找到这个职能部门' },
  'department.name_invalid': { status: 400, message: '部门名称需要 2 到 60 个字' },
  'department.name_taken': { status: 409, message: '本街道已有同名的部门' },
  'department.contact_invalid': { status: 400, message: '联系人或联系电话格式不正确' },
  'department.member_invalid': { status: 400, message: '要加入的人员不存在' },
  'need.department_invalid': { status: 400, message: '请选择本街道在用的职能部门' },
  'need.department_public_only': { status: 400, message: '只有公家事才转交职能部门办理' },
  'need.answer_invalid': { status: 400, message: '答复需要 2 到 400 个字' },
  'need.note_invalid': { status: 400, message: '说明最多 400 个字' },
  'whistle.title_invalid': { status: 400, message: '吹哨事项需要 2 到 60 个字' },
  'whistle.about_required': { status: 400, message: '请选择一条需求或填写地点' },
  'whistle.place_invalid': { status: 400, message: '地点需要 2 到 100 个字' },
  'whistle.meet_at_invalid': { status: 400, message: '请选择报到时间（90 天以内）' },
  'whistle.departments_invalid': { status: 400, message: '请选择本街道在用的职能部门' },
  'whistle.attendee_invalid': { status: 400, message: '请填写到场人员' },
  'whistle.arrive_at_invalid': { status: 400, message: '到场时间不正确' },
  'whistle.note_invalid': { status: 400, message: '备注最多 200 个字' },
}
