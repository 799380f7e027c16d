import type { z } from 'zod'
import {
  ops,
  type AppRole,
  type Community,
  type CommunityQr,
  type CommunityStructure,
  type CreateInvitationResponse,
  type Grid,
  type Invitation,
  type MicroGrid,
  type PartyOrg,
} from '../../core/contracts'
import { api, flat, type FlatInput } from './client'

// Street and community administration (管理): communities (一社区一编码), grids and micro-grids, the party
// organisation tree, invitations, members and roles, the audit log — issue 11.
// Each call is its operation in core/contracts (api.admin.*): the input is checked with the operation's schemas first,
// so a bad form never costs a round trip and fails exactly like the server's 400 (ApiError with the field).
// An edit form's input carries the id of what it edits; the service puts it in the path and sends the rest.

export type CreateCommunityInput = z.input<typeof ops.createCommunity.body>
export type UpdateCommunityInput = FlatInput<typeof ops.updateCommunity>
export type CreateGridInput = z.input<typeof ops.createGrid.body>
export type UpdateGridInput = FlatInput<typeof ops.updateGrid>
export type CreateMicroGridInput = z.input<typeof ops.createMicroGrid.body>
export type UpdateMicroGridInput = FlatInput<typeof ops.updateMicroGrid>
export type CreatePartyOrgInput = z.input<typeof ops.createPartyOrg.body>
export type UpdatePartyOrgInput = FlatInput<typeof ops.updatePartyOrg>
export type CreateInvitationInput = z.input<typeof ops.createInvitation.body>
export type ChangeRolesInput = FlatInput<typeof ops.changeRoles>
export type SuspendMemberInput = FlatInput<typeof ops.suspendMember>

const a = api.admin

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v)

// ---------------------------------------------------------------------------------------------
// Communities
// ---------------------------------------------------------------------------------------------

/** The street administrator's communities (a street, or all of theirs); staff get their own community. */
export async function listAdminCommunities(params: { streetId?: string; includeArchived?: boolean } = {}): Promise<Community[]> {
  const res = await a.listAdminCommunities({ query: { streetId: blank(params.streetId), includeArchived: params.includeArchived ? 'true' : undefined } })
  return res.items
}

/** The code (一社区一编码) is derived on the server from the classification; it comes back in the answer. */
export function createCommunity(input: CreateCommunityInput): Promise<Community> {
  return a.createCommunity({ body: input })
}

export const updateCommunity = flat(ops.updateCommunity)

/** Communities are never deleted: archiving stops new residents joining and keeps every record. */
export function archiveCommunity(id: string, reason: string): Promise<Community> {
  return a.archiveCommunity({ params: { id }, body: { reason } })
}

// ---------------------------------------------------------------------------------------------
// Grids and micro-grids: answers carry `warnings` when households fall outside the guideline
// ---------------------------------------------------------------------------------------------

export function getCommunityStructure(communityId: string): Promise<CommunityStructure> {
  return a.communityStructure({ params: { id: communityId } })
}

/** The community's join QR code (居民扫码入驻). */
export function getCommunityQr(communityId: string): Promise<CommunityQr> {
  return a.communityQr({ params: { id: communityId } })
}

export function createGrid(input: CreateGridInput): Promise<Grid> {
  return a.createGrid({ body: input })
}

export const updateGrid = flat(ops.updateGrid)

export function createMicroGrid(input: CreateMicroGridInput): Promise<MicroGrid> {
  return a.createMicroGrid({ body: input })
}

export const updateMicroGrid = flat(ops.updateMicroGrid)

// ---------------------------------------------------------------------------------------------
// The party organisation tree
// ---------------------------------------------------------------------------------------------

/** Flat, parents before children; the page builds the tree from parentId. */
export async function listPartyOrgs(params: { streetId?: string; communityId?: string }): Promise<PartyOrg[]> {
  return (await a.listPartyOrgs({ query: { streetId: blank(params.streetId), communityId: blank(params.communityId) } })).items
}

export function createPartyOrg(input: CreatePartyOrgInput): Promise<PartyOrg> {
  return a.createPartyOrg({ body: input })
}

/** `secretaryId: null` clears the secretary; leaving it out keeps the current one. */
export const updatePartyOrg = flat(ops.updatePartyOrg)

// ---------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------

export function listInvitations(params: { communityId: string; cursor?: string }) {
  return a.listInvitations({ query: { communityId: params.communityId, cursor: blank(params.cursor) } })
}

/** A single-use code valid for 7 days, with the QR (SVG text) and the link it encodes. */
export function createInvitation(input: CreateInvitationInput): Promise<CreateInvitationResponse> {
  return a.createInvitation({ body: input })
}

export function revokeInvitation(id: string): Promise<Invitation> {
  return a.revokeInvitation({ params: { id } })
}

// ---------------------------------------------------------------------------------------------
// Members, roles and the audit log
// ---------------------------------------------------------------------------------------------

export interface MemberFilter {
  /** left out by a street administrator: the whole street */
  communityId?: string
  /** a fragment of the name or phone number */
  q?: string
  role?: AppRole
  cursor?: string
}

export function listMembers(filter: MemberFilter = {}) {
  return a.listMembers({
    query: { communityId: blank(filter.communityId), q: blank(filter.q)?.trim(), role: filter.role, cursor: blank(filter.cursor) },
  })
}

/** Grants and revokes in one audited step; the server refuses removing one's own admin role. */
export const changeRoles = flat(ops.changeRoles)

/**
 * 停用账号 (suspend: true, with a reason) or 恢复账号 (suspend: false). The person's every request is refused from
 * their next one on, whatever token they hold; the change is logged.
 */
export const suspendMember = flat(ops.suspendMember)

export function listAudit(params: { communityId?: string; streetId?: string; cursor?: string } = {}) {
  return a.listAudit({ query: { communityId: blank(params.communityId), streetId: blank(params.streetId), cursor: blank(params.cursor) } })
}
