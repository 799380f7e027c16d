import type { z } from 'zod'
import {
  ops,
  type NeedCategory,
  type ProjectStatus,
  type Proposal,
  type Resource,
  type ServiceProject,
  type ServiceProjectDetail,
  type ZClaimableNeed,
} from '../../core/contracts'
import { api, flat, type FlatInput } from './client'

// Resources (资源清单), matching (智能匹配) and service projects (服务清单, 双向认领): issue 4.
// Every call goes through the client derived from the contract (client.ts), which checks each part with the server's
// own schemas first, so a bad form never costs a round trip and a local failure looks exactly like the server's 400.

export type ClaimableNeed = z.infer<typeof ZClaimableNeed>
export type RunMatchingResult = z.infer<typeof ops.runMatching.response>
export type CreateResourceInput = z.input<typeof ops.createResource.body>
/** A project action: the project's id and the action's body. */
export type ProgressInput = FlatInput<typeof ops.progressService>
export type TransitionInput = FlatInput<typeof ops.transitionService>
export type EvaluateInput = FlatInput<typeof ops.evaluateService>

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
  return api.services.listResources({
    query: { category: filter.category, communityId: filter.communityId, mine, cursor: filter.cursor, limit: filter.limit },
  })
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

export const createResource = (input: CreateResourceInput): Promise<Resource> => api.services.createResource({ body: input })

export const runMatching = (communityId: string): Promise<RunMatchingResult> => api.services.runMatching({ body: { communityId } })

/** One page of the community's open proposals, highest score first. */
export const listProposals = (communityId: string, page: PageQuery = {}): Promise<Page<Proposal>> =>
  api.services.listProposals({ query: { communityId, cursor: page.cursor, limit: page.limit } })

export const acceptProposal = (id: string): Promise<ServiceProjectDetail> => api.services.acceptProposal({ params: { id } })

export interface ServiceFilter {
  communityId?: string
  status?: ProjectStatus
}

export const listServices = (filter: ServiceFilter & PageQuery = {}): Promise<Page<ServiceProject>> =>
  api.services.listServices({ query: { communityId: filter.communityId, status: filter.status, cursor: filter.cursor, limit: filter.limit } })

/** A project id from a page URL is checked like any path parameter: a broken link gets a Chinese message, not a 400. */
export const getService = (id: string): Promise<ServiceProjectDetail> => api.services.getService({ params: { id } })

/** 双向认领: a unit claims a need for one of its resources, or staff claim a resource for a need. */
export const claimService = (input: { needId: string; resourceId: string }): Promise<ServiceProjectDetail> =>
  api.services.claimService({ body: input })

/** A page of the needs my resources can serve (认领需求), 20 at a time; `cursor` continues from the previous page. */
export async function listClaimable(cursor?: string): Promise<{ items: ClaimableNeed[]; nextCursor: string | null }> {
  const res = await api.services.listClaimable({ query: { cursor: cursor || undefined } })
  return { items: res.items, nextCursor: res.nextCursor }
}

export const confirmService = (id: string): Promise<ServiceProjectDetail> => api.services.confirmService({ params: { id } })

export const progressService = flat(ops.progressService)

export const transitionService = flat(ops.transitionService)

export const evaluateService = flat(ops.evaluateService)
