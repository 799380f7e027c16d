import { ops, type CreateStreetWhistleRequest, type Department, type NeedDetail, type ReportStreetWhistleRequest, type StreetWhistle } from '../../core/contracts'
import { callOp } from './joining'
import type { NeedPage, NeedQueueFilters } from './needs'

// Upward routing (issue 12 item 4): the street's departments (职能部门), 街道点题·部门答疑.
// Every call goes through callOp, so method, path and both schemas come from core/contracts.

export type QueueScope = 'street' | 'department'

/** The street's departments (the caller's street unless named); archived ones are left out. */
export async function listDepartments(streetId?: string): Promise<Department[]> {
  const res = await callOp(ops.listDepartments, { streetId: streetId || undefined })
  return res.items
}

export interface ScopedQueueFilters extends Pick<NeedQueueFilters, 'status' | 'overdue' | 'cursor' | 'limit'> {
  departmentId?: string
}

/** 街道待办 (street admin: escalated needs and 公家事 of the street) or 部门待办 (the caller's department). */
export async function listScopedNeeds(scope: QueueScope, filters: ScopedQueueFilters = {}): Promise<NeedPage> {
  return callOp(ops.listNeeds, {
    scope,
    status: filters.status,
    overdue: filters.overdue === undefined ? undefined : filters.overdue ? 'true' : 'false',
    departmentId: filters.departmentId || undefined,
    cursor: filters.cursor || undefined,
    limit: filters.limit,
  })
}

/** 部门答复: a member of the routed department answers the need (shows on its timeline). */
export async function answerNeed(id: string, answer: string): Promise<NeedDetail> {
  return callOp(ops.answerNeed, { id, answer })
}

/** 街道点题: the street admin routes a need to one of its departments. */
export async function routeNeed(id: string, departmentId: string, note?: string): Promise<NeedDetail> {
  return callOp(ops.routeNeed, { id, departmentId, note: note?.trim() || undefined })
}

/** 街道吹哨: the street admin sees the street's whistles; a department member those that call their department. */
export async function listStreetWhistles(params: { streetId?: string; cursor?: string } = {}): Promise<{ items: StreetWhistle[]; nextCursor: string | null }> {
  return callOp(ops.listStreetWhistles, { streetId: params.streetId || undefined, cursor: params.cursor || undefined })
}

/** 街道吹哨: the street admin calls departments to a place (or a need) at a time. */
export async function createStreetWhistle(input: CreateStreetWhistleRequest): Promise<StreetWhistle> {
  return callOp(ops.createStreetWhistle, input)
}

/** 部门报到: a department member says who comes and when. */
export async function reportStreetWhistle(input: ReportStreetWhistleRequest): Promise<StreetWhistle> {
  return callOp(ops.reportStreetWhistle, input)
}
