import type { z } from 'zod'
import {
  ops,
  type AppRole,
  type AuditEntry,
  type Community,
  type CommunityQr,
  type CommunityStructure,
  type CreateCommunityRequest,
  type CreateInvitationRequest,
  type CreateInvitationResponse,
  type Grid,
  type Invitation,
  type Member,
  type MicroGrid,
  type PartyOrg,
  type UpdateCommunityRequest,
  type ZChangeRolesRequest,
  type ZCreateGridRequest,
  type ZCreateMicroGridRequest,
  type ZCreatePartyOrgRequest,
  type ZUpdateGridRequest,
  type ZUpdateMicroGridRequest,
  type ZUpdatePartyOrgRequest,
} from '../../core/contracts'
import type { SuspendMemberRequest } from '../../core/contracts/suspension'
import { callOp } from './joining'

// Street and community administration (管理): communities (一社区一编码), grids and micro-grids, the party
// organisation tree, invitations, members and roles, the audit log — issue 11.
// Every call goes through its operation in core/contracts (callOp): the input is checked with op.request first, so a
// bad form never costs a round trip and fails exactly like the server's 400 (ApiError with the field).

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export type CreateGridInput = z.input<typeof ZCreateGridRequest>
export type UpdateGridInput = z.input<typeof ZUpdateGridRequest>
export type CreateMicroGridInput = z.input<typeof ZCreateMicroGridRequest>
export type UpdateMicroGridInput = z.input<typeof ZUpdateMicroGridRequest>
export type CreatePartyOrgInput = z.input<typeof ZCreatePartyOrgRequest>
export type UpdatePartyOrgInput = z.input<typeof ZUpdatePartyOrgRequest>
export type ChangeRolesInput = z.input<typeof ZChangeRolesRequest>

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v)

// ---------------------------------------------------------------------------------------------
// Communities
// ---------------------------------------------------------------------------------------------

/** The street administrator's communities (a street, or all of theirs); staff get their own community. */
export async function listAdminCommunities(params: { streetId?: string; includeArchived?: boolean } = {}): Promise<Community[]> {
  const res = await callOp(ops.listAdminCommunities, {
    streetId: blank(params.streetId),
    includeArchived: params.includeArchived ? 'true' : undefined,
  })
  return res.items
}

/** The code (一社区一编码) is derived on the server from the classification; it comes back in the answer. */
export async function createCommunity(input: CreateCommunityRequest): Promise<Community> {
  return callOp(ops.createCommunity, input)
}

export async function updateCommunity(input: UpdateCommunityRequest): Promise<Community> {
  return callOp(ops.updateCommunity, input)
}

/** Communities are never deleted: archiving stops new residents joining and keeps every record. */
export async function archiveCommunity(id: string, reason: string): Promise<Community> {
  return callOp(ops.archiveCommunity, { id, reason })
}

// ---------------------------------------------------------------------------------------------
// Grids and micro-grids: answers carry `warnings` when households fall outside the guideline
// ---------------------------------------------------------------------------------------------

export async function getCommunityStructure(communityId: string): Promise<CommunityStructure> {
  return callOp(ops.communityStructure, { id: communityId })
}

/** The community's join QR code (居民扫码入驻). */
export async function getCommunityQr(communityId: string): Promise<CommunityQr> {
  return callOp(ops.communityQr, { id: communityId })
}

export async function createGrid(input: CreateGridInput): Promise<Grid> {
  return callOp(ops.createGrid, input)
}

export async function updateGrid(input: UpdateGridInput): Promise<Grid> {
  return callOp(ops.updateGrid, input)
}

export async function createMicroGrid(input: CreateMicroGridInput): Promise<MicroGrid> {
  return callOp(ops.createMicroGrid, input)
}

export async function updateMicroGrid(input: UpdateMicroGridInput): Promise<MicroGrid> {
  return callOp(ops.updateMicroGrid, input)
}

// ---------------------------------------------------------------------------------------------
// The party organisation tree
// ---------------------------------------------------------------------------------------------

/** Flat, parents before children; the page builds the tree from parentId. */
export async function listPartyOrgs(params: { streetId?: string; communityId?: string }): Promise<PartyOrg[]> {
  const res = await callOp(ops.listPartyOrgs, { streetId: blank(params.streetId), communityId: blank(params.communityId) })
  return res.items
}

export async function createPartyOrg(input: CreatePartyOrgInput): Promise<PartyOrg> {
  return callOp(ops.createPartyOrg, input)
}

/** `secretaryId: null` clears the secretary; leaving it out keeps the current one. */
export async function updatePartyOrg(input: UpdatePartyOrgInput): Promise<PartyOrg> {
  return callOp(ops.updatePartyOrg, input)
}

// ---------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------

export async function listInvitations(params: { communityId: string; cursor?: string }): Promise<Page<Invitation>> {
  return callOp(ops.listInvitations, { communityId: params.communityId, cursor: blank(params.cursor) })
}

/** A single-use code valid for 7 days, with the QR (SVG text) and the link it encodes. */
export async function createInvitation(input: CreateInvitationRequest): Promise<CreateInvitationResponse> {
  return callOp(ops.createInvitation, input)
}

export async function revokeInvitation(id: string): Promise<Invitation> {
  return callOp(ops.revokeInvitation, { id })
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

export async function listMembers(filter: MemberFilter = {}): Promise<Page<Member>> {
  return callOp(ops.listMembers, {
    communityId: blank(filter.communityId),
    q: blank(filter.q)?.trim(),
    role: filter.role,
    cursor: blank(filter.cursor),
  })
}

/** Grants and revokes in one audited step; the server refuses removing one's own admin role. */
export async function changeRoles(input: ChangeRolesInput): Promise<Member> {
  return callOp(ops.changeRoles, input)
}

/**
 * 停用账号 (suspend: true, with a reason) or 恢复账号 (suspend: false). The person's every request is refused from
 * their next one on, whatever token they hold; the change is logged.
 */
export async function suspendMember(input: SuspendMemberRequest): Promise<Member> {
  return callOp(ops.suspendMember, input)
}

export async function listAudit(params: { communityId?: string; streetId?: string; cursor?: string } = {}): Promise<Page<AuditEntry>> {
  return callOp(ops.listAudit, { communityId: blank(params.communityId), streetId: blank(params.streetId), cursor: blank(params.cursor) })
}
