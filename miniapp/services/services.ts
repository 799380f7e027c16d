import { z } from 'zod'
import {
  ZAcceptProposalRequest,
  ZClaimServiceRequest,
  ZConfirmServiceRequest,
  ZCreateResourceRequest,
  ZEvaluateServiceRequest,
  ZGetServiceRequest,
  ZListClaimableRequest,
  ZListClaimableResponse,
  ZListProposalsRequest,
  ZListProposalsResponse,
  ZListResourcesRequest,
  ZListResourcesResponse,
  ZListServicesRequest,
  ZListServicesResponse,
  ZProgressServiceRequest,
  ZResource,
  ZRunMatchingRequest,
  ZRunMatchingResponse,
  ZServiceProjectDetail,
  ZTransitionServiceRequest,
  type NeedCategory,
  type ProjectStatus,
  type Proposal,
  type Resource,
  type ServiceProject,
  type ServiceProjectDetail,
  type ZClaimableNeed,
} from '../../core/contracts'
import { parseInput } from './errors'
import { request } from './request'

// Resources (资源清单), matching (智能匹配) and service projects (服务清单, 双向认领): issue 4.
// Every input is checked with the server's own contract first, so a bad form never costs a round trip
// and a local failure looks exactly like the server's 400 (ApiError with the field).

export type ClaimableNeed = z.infer<typeof ZClaimableNeed>
export type RunMatchingResult = z.infer<typeof ZRunMatchingResponse>
export type CreateResourceInput = z.input<typeof ZCreateResourceRequest>
export type ProgressInput = z.input<typeof ZProgressServiceRequest>
export type TransitionInput = z.input<typeof ZTransitionServiceRequest>
export type EvaluateInput = z.input<typeof ZEvaluateServiceRequest>

const enc = encodeURIComponent

/** Query strings carry only the parameters that are set: Taro would send `undefined` as text. */
function query(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = v
  return out
}

/** A project id from a page URL: validated so a broken link gets a Chinese message, not a server 400. */
function projectId(id: string): string {
  return parseInput(ZGetServiceRequest, { id }).id
}

export interface ResourceFilter {
  category?: NeedCategory
  /** omitted: the caller's own community (the server decides) */
  communityId?: string
  /** only the caller's own resources */
  mine?: boolean
}

/** One page of a list, newest first; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** Where a page starts (`cursor` from the previous page) and how long it is (1..50, server default 20). */
export interface PageQuery {
  cursor?: string
  limit?: number
}

export async function listResources(filter: ResourceFilter & PageQuery = {}): Promise<Page<Resource>> {
  const mine = filter.mine === undefined ? undefined : filter.mine ? 'true' : 'false'
  const q = query({
    category: filter.category, communityId: filter.communityId, mine,
    cursor: filter.cursor, limit: filter.limit === undefined ? undefined : String(filter.limit),
  })
  parseInput(ZListResourcesRequest, q)
  return request({ path: '/api/resources', data: q, schema: ZListResourcesResponse })
}

/** Pages followed by `listAllResources`: 10 × 50 (the largest page) covers any one unit's own resources with room to spare. */
export const ALL_RESOURCES_PAGE_SIZE = 50
export const ALL_RESOURCES_MAX_PAGES = 10

/**
 * Every resource of a filter, following `nextCursor` (for pickers such as 认领需求's "which of my resources"),
 * bounded so a runaway list cannot loop: at most ALL_RESOURCES_MAX_PAGES pages of ALL_RESOURCES_PAGE_SIZE.
 */
export async function listAllResources(filter: ResourceFilter = {}): Promise<Resource[]> {
  const items: Resource[] = []
  const seen = new Set<string>()
  let cursor: string | undefined
  for (let i = 0; i < ALL_RESOURCES_MAX_PAGES; i++) {
    const page = await listResources({ ...filter, cursor, limit: ALL_RESOURCES_PAGE_SIZE })
    for (const r of page.items) {
      if (!seen.has(r.id)) {
        seen.add(r.id)
        items.push(r)
      }
    }
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  return items
}

export async function createResource(input: CreateResourceInput): Promise<Resource> {
  const body = parseInput(ZCreateResourceRequest, input)
  return request({ method: 'POST', path: '/api/resources', data: body, schema: ZResource })
}

export async function runMatching(communityId: string): Promise<RunMatchingResult> {
  const body = parseInput(ZRunMatchingRequest, { communityId })
  return request({ method: 'POST', path: '/api/matching/run', data: body, schema: ZRunMatchingResponse })
}

/** One page of the community's open proposals, highest score first. */
export async function listProposals(communityId: string, page: PageQuery = {}): Promise<Page<Proposal>> {
  const q = query({ communityId, cursor: page.cursor, limit: page.limit === undefined ? undefined : String(page.limit) })
  parseInput(ZListProposalsRequest, q)
  return request({ path: '/api/matching/proposals', data: q, schema: ZListProposalsResponse })
}

export async function acceptProposal(id: string): Promise<ServiceProjectDetail> {
  const { id: pid } = parseInput(ZAcceptProposalRequest, { id })
  return request({ method: 'POST', path: `/api/matching/proposals/${enc(pid)}/accept`, data: {}, schema: ZServiceProjectDetail })
}

export interface ServiceFilter {
  communityId?: string
  status?: ProjectStatus
}

export async function listServices(filter: ServiceFilter & PageQuery = {}): Promise<Page<ServiceProject>> {
  const q = query({
    communityId: filter.communityId, status: filter.status,
    cursor: filter.cursor, limit: filter.limit === undefined ? undefined : String(filter.limit),
  })
  parseInput(ZListServicesRequest, q)
  return request({ path: '/api/services', data: q, schema: ZListServicesResponse })
}

export async function getService(id: string): Promise<ServiceProjectDetail> {
  return request({ path: `/api/services/${enc(projectId(id))}`, schema: ZServiceProjectDetail })
}

/** 双向认领: a unit claims a need for one of its resources, or staff claim a resource for a need. */
export async function claimService(input: { needId: string; resourceId: string }): Promise<ServiceProjectDetail> {
  const body = parseInput(ZClaimServiceRequest, input)
  return request({ method: 'POST', path: '/api/services/claim', data: body, schema: ZServiceProjectDetail })
}

/** A page of the needs my resources can serve (认领需求), 20 at a time; `cursor` continues from the previous page. */
export async function listClaimable(cursor?: string): Promise<{ items: ClaimableNeed[]; nextCursor: string | null }> {
  const q = parseInput(ZListClaimableRequest, cursor ? { cursor } : {})
  const res = await request({ path: `/api/needs/claimable${q.cursor ? `?cursor=${enc(q.cursor)}` : ''}`, schema: ZListClaimableResponse })
  return { items: res.items, nextCursor: res.nextCursor }
}

export async function confirmService(id: string): Promise<ServiceProjectDetail> {
  const { id: pid } = parseInput(ZConfirmServiceRequest, { id })
  return request({ method: 'POST', path: `/api/services/${enc(pid)}/confirm`, data: {}, schema: ZServiceProjectDetail })
}

export async function progressService(input: ProgressInput): Promise<ServiceProjectDetail> {
  const { id, ...body } = parseInput(ZProgressServiceRequest, input)
  return request({ method: 'POST', path: `/api/services/${enc(id)}/progress`, data: body, schema: ZServiceProjectDetail })
}

export async function transitionService(input: TransitionInput): Promise<ServiceProjectDetail> {
  const { id, ...body } = parseInput(ZTransitionServiceRequest, input)
  return request({ method: 'POST', path: `/api/services/${enc(id)}/transition`, data: body, schema: ZServiceProjectDetail })
}

export async function evaluateService(input: EvaluateInput): Promise<ServiceProjectDetail> {
  const { id, ...body } = parseInput(ZEvaluateServiceRequest, input)
  return request({ method: 'POST', path: `/api/services/${enc(id)}/evaluate`, data: body, schema: ZServiceProjectDetail })
}
