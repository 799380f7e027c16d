import type { z } from 'zod'
import { ops, type Department, type NeedDetail, type StreetWhistle } from '../../core/contracts'
import { api, flat, type FlatInput } from './client'
import type { NeedPage, NeedQueueFilters } from './needs'

// Upward routing (issue 12 item 4): the street's departments (职能部门), 街道点题·部门答疑 and 街道吹哨.
// Each call is its operation in core/contracts, so method, path and both schemas come from there.

export type QueueScope = 'street' | 'department'
export type CreateStreetWhistleInput = z.input<typeof ops.createStreetWhistle.body>
/** The whistle's id goes in the path; the rest is the report. */
export type ReportStreetWhistleInput = FlatInput<typeof ops.reportStreetWhistle>

const d = api.departments

/** The street's departments (the caller's street unless named); archived ones are left out. */
export async function listDepartments(streetId?: string): Promise<Department[]> {
  return (await d.listDepartments({ query: { streetId: streetId || undefined } })).items
}

export interface ScopedQueueFilters extends Pick<NeedQueueFilters, 'status' | 'overdue' | 'cursor' | 'limit'> {
  departmentId?: string
}

/** 街道待办 (street admin: escalated needs and 公家事 of the street) or 部门待办 (the caller's department). */
export function listScopedNeeds(scope: QueueScope, filters: ScopedQueueFilters = {}): Promise<NeedPage> {
  return api.needs.listNeeds({
    query: {
      scope,
      status: filters.status,
      overdue: filters.overdue === undefined ? undefined : filters.overdue ? 'true' : 'false',
      departmentId: filters.departmentId || undefined,
      cursor: filters.cursor || undefined,
      limit: filters.limit,
    },
  })
}

/** 部门答复: a member of the routed department answers the need (shows on its timeline). */
export function answerNeed(id: string, answer: string): Promise<NeedDetail> {
  return d.answerNeed({ params: { id }, body: { answer } })
}

/** 街道点题: the street admin routes a need to one of its departments. */
export function routeNeed(id: string, departmentId: string, note?: string): Promise<NeedDetail> {
  return d.routeNeed({ params: { id }, body: { departmentId, note: note?.trim() || undefined } })
}

/** 街道吹哨: the street admin sees the street's whistles; a department member those that call their department. */
export function listStreetWhistles(params: { streetId?: string; cursor?: string } = {}) {
  return d.listStreetWhistles({ query: { streetId: params.streetId || undefined, cursor: params.cursor || undefined } })
}

/** 街道吹哨: the street admin calls departments to a place (or a need) at a time. */
export function createStreetWhistle(input: CreateStreetWhistleInput): Promise<StreetWhistle> {
  return d.createStreetWhistle({ body: input })
}

/** 部门报到: a department member says who comes and when. */
export const reportStreetWhistle = flat(ops.reportStreetWhistle)
