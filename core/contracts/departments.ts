import { z } from 'zod'
import { ZCursorParam, ZTimestamp, ZUuid, zText, zIsoDateTime, ZIdParams } from './common'
import { ZAnswerNeedRequest, ZNeedDetail, ZRouteNeedRequest } from './needs'
import { op } from './operation'

// ---------------------------------------------------------------------------------------------
// Upward routing (issue 12 item 4): the street's departments (职能部门), 街道点题·部门答疑
// ---------------------------------------------------------------------------------------------

const ZBool = (name: string) =>
  z.enum(['true', 'false'], { error: `${name} 只能是 true 或 false` }).transform((v) => v === 'true')

const ZContactPhone = z.string({ error: '请填写联系电话' }).trim().regex(/^[0-9]{7,15}$/, { error: '联系电话格式不正确' })

export const ZDepartmentMember = z.object({ profileId: ZUuid, displayName: z.string() })
export type DepartmentMember = z.infer<typeof ZDepartmentMember>

export const ZDepartment = z.object({
  id: ZUuid,
  streetId: ZUuid,
  name: z.string(),
  /** personal data: the street's admins and the department's own members only (null for everyone else) */
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  archived: z.boolean(),
  archivedAt: ZTimestamp.nullable(),
  /** the accounts that answer for it (empty unless the caller may see the contact) */
  members: z.array(ZDepartmentMember),
  /** routed needs still waiting for its answer */
  openCount: z.number().int(),
  createdAt: ZTimestamp,
})
export type Department = z.infer<typeof ZDepartment>

export const ZListDepartmentsRequest = z.object({
  streetId: ZUuid.optional(),
  includeArchived: ZBool('includeArchived').optional(),
})
export const ZListDepartmentsResponse = z.object({ items: z.array(ZDepartment) })

export const ZCreateDepartmentRequest = z.object({
  streetId: ZUuid,
  name: zText('部门名称', 2, 60),
  contactName: zText('联系人', 1, 40).optional(),
  contactPhone: ZContactPhone.optional(),
})

export const ZUpdateDepartmentRequest = z.object({
  name: zText('部门名称', 2, 60).optional(),
  contactName: zText('联系人', 1, 40).optional(),
  contactPhone: ZContactPhone.optional(),
  /** true archives the department (no new routing), false restores it */
  archived: z.boolean({ error: 'archived 只能是 true 或 false' }).optional(),
})

export const ZChangeDepartmentMembersRequest = z.object({
  add: z.array(ZUuid, { error: '请选择要加入的人员' }).max(50, { error: '一次最多 50 人' }).default([]),
  remove: z.array(ZUuid, { error: '请选择要移出的人员' }).max(50, { error: '一次最多 50 人' }).default([]),
}).refine((v) => v.add.length + v.remove.length > 0, { error: '请选择要加入或移出的人员', path: ['add'] })


// ---------------------------------------------------------------------------------------------
// 街道吹哨·部门报到: the street calls departments to a need or a place; each reports who comes and when
// ---------------------------------------------------------------------------------------------

const ZIso = zIsoDateTime()

export const ZStreetWhistleTarget = z.object({
  departmentId: ZUuid,
  departmentName: z.string(),
  reported: z.boolean(),
  reportedAt: ZTimestamp.nullable(),
  reportedByName: z.string().nullable(),
  /** who comes */
  attendee: z.string().nullable(),
  /** when they arrive */
  arriveAt: ZTimestamp.nullable(),
  note: z.string().nullable(),
  /** past the time called for and not reported */
  late: z.boolean(),
  /** the caller answers for this department */
  mine: z.boolean(),
})
export type StreetWhistleTarget = z.infer<typeof ZStreetWhistleTarget>

export const ZStreetWhistle = z.object({
  id: ZUuid,
  streetId: ZUuid,
  title: z.string(),
  description: z.string().nullable(),
  needId: ZUuid.nullable(),
  needTitle: z.string().nullable(),
  place: z.string().nullable(),
  meetAt: ZTimestamp,
  status: z.enum(['open', 'closed']),
  createdByName: z.string().nullable(),
  createdAt: ZTimestamp,
  closedAt: ZTimestamp.nullable(),
  targets: z.array(ZStreetWhistleTarget),
})
export type StreetWhistle = z.infer<typeof ZStreetWhistle>

export const ZListStreetWhistlesRequest = z.object({ streetId: ZUuid.optional(), cursor: ZCursorParam.optional() })
export const ZListStreetWhistlesResponse = z.object({ items: z.array(ZStreetWhistle), nextCursor: z.string().nullable() })

export const ZCreateStreetWhistleRequest = z.object({
  streetId: ZUuid,
  title: zText('吹哨事项', 2, 60),
  description: z.string().trim().max(500, { error: '说明最多 500 个字' }).optional(),
  departmentIds: z.array(ZUuid, { error: '请选择要吹哨的部门' }).min(1, { error: '请至少选择一个部门' }).max(20, { error: '一次最多 20 个部门' }),
  needId: ZUuid.optional(),
  place: zText('地点', 2, 100).optional(),
  /** when the departments are to report on site */
  meetAt: ZIso,
}).refine((v) => v.needId || v.place, { error: '请选择一条需求或填写地点', path: ['place'] })

export const ZReportStreetWhistleRequest = z.object({
  /** which of the caller's departments reports (needed only when several were called) */
  departmentId: ZUuid.optional(),
  attendee: zText('到场人员', 1, 100),
  arriveAt: ZIso,
  note: z.string().trim().max(200, { error: '备注最多 200 个字' }).optional(),
})

export const streetWhistleOps = {
  listStreetWhistles: op({
    id: 'listStreetWhistles', method: 'GET', path: '/api/street-whistles', auth: 'required', tags: ['needs'],
    summary: '街道吹哨（街道管理员看全街道及各部门报到情况；部门人员看叫到本部门的）',
    query: ZListStreetWhistlesRequest, responses: { 200: ZListStreetWhistlesResponse },
  }),
  createStreetWhistle: op({
    id: 'createStreetWhistle', method: 'POST', path: '/api/street-whistles', auth: 'required', tags: ['needs'],
    summary: '街道吹哨：就一条需求或一个地点召集职能部门按时到场（通知部门人员）',
    body: ZCreateStreetWhistleRequest, responses: { 201: ZStreetWhistle },
  }),
  reportStreetWhistle: op({
    id: 'reportStreetWhistle', method: 'POST', path: '/api/street-whistles/{id}/report', auth: 'required', tags: ['needs'],
    summary: '部门报到：说明谁到场、何时到场（可修改；所有部门报到后吹哨结束）',
    params: ZIdParams, body: ZReportStreetWhistleRequest, responses: { 200: ZStreetWhistle },
  }),
} as const

/** Every operation of upward routing, registered once in api.ts. */
export const departmentOps = {
  listDepartments: op({
    id: 'listDepartments', method: 'GET', path: '/api/admin/departments', auth: 'required', tags: ['admin'],
    summary: '街道的职能部门（街道管理员看全部信息；社区工作者研判公家事时看部门名称）',
    query: ZListDepartmentsRequest, responses: { 200: ZListDepartmentsResponse },
  }),
  createDepartment: op({
    id: 'createDepartment', method: 'POST', path: '/api/admin/departments', auth: 'required', tags: ['admin'],
    summary: '新建职能部门（街道管理员；记入操作日志）',
    body: ZCreateDepartmentRequest, responses: { 201: ZDepartment },
  }),
  updateDepartment: op({
    id: 'updateDepartment', method: 'PATCH', path: '/api/admin/departments/{id}', auth: 'required', tags: ['admin'],
    summary: '修改职能部门名称、联系人，或归档/恢复（街道管理员）',
    params: ZIdParams, body: ZUpdateDepartmentRequest, responses: { 200: ZDepartment },
  }),
  changeDepartmentMembers: op({
    id: 'changeDepartmentMembers', method: 'POST', path: '/api/admin/departments/{id}/members', auth: 'required', tags: ['admin'],
    summary: '设置代表部门答疑的人员（加入或移出；记入操作日志）',
    params: ZIdParams, body: ZChangeDepartmentMembersRequest, responses: { 200: ZDepartment },
  }),
  answerNeed: op({
    id: 'answerNeed', method: 'POST', path: '/api/needs/{id}/answer', auth: 'required', tags: ['needs'],
    summary: '部门答疑：承办部门答复需求（记入办理时间线并通知居民；疑难事项转回社区办理）',
    params: ZIdParams, body: ZAnswerNeedRequest, responses: { 200: ZNeedDetail },
  }),
  routeNeed: op({
    id: 'routeNeed', method: 'POST', path: '/api/needs/{id}/route', auth: 'required', tags: ['needs'],
    summary: '街道点题：街道管理员把上报的疑难事项或公家事转给职能部门，部门按时限答复',
    params: ZIdParams, body: ZRouteNeedRequest, responses: { 200: ZNeedDetail },
  }),
  ...streetWhistleOps,
} as const
