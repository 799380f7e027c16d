import { z } from 'zod'
import { ZProfile } from './auth'
import { ZAppRole, ZCursorParam, ZTimestamp, ZUuid, zText, ZCommunityIdParams, ZIdParams, type AppRole } from './common'
import { op } from './operation'
import { ZPartnerType } from './services'

// ---------------------------------------------------------------------------------------------
// Joining a community (居民入驻), street and community administration (街道/社区管理), invitations,
// members and roles, the audit log, and the person picker — issue 11
// ---------------------------------------------------------------------------------------------

// 一社区一编码: the classification a community's code is derived from
export const COMMUNITY_SCALES = ['general', 'large', 'extra_large'] as const
export const ZCommunityScale = z.enum(COMMUNITY_SCALES, { error: '请选择社区规模' })
export type CommunityScale = z.infer<typeof ZCommunityScale>
export const COMMUNITY_SCALE_LABELS: Record<CommunityScale, string> = { general: '一般社区', large: '较大社区', extra_large: '特大社区' }

export const COMMUNITY_FUNCTIONS = ['urban', 'rural', 'industrial'] as const
export const ZCommunityFunction = z.enum(COMMUNITY_FUNCTIONS, { error: '请选择社区功能类型' })
export type CommunityFunction = z.infer<typeof ZCommunityFunction>
export const COMMUNITY_FUNCTION_LABELS: Record<CommunityFunction, string> = { urban: '城市社区', rural: '农村社区', industrial: '产业型社区' }

export const COMMUNITY_SUBTYPES = ['relocation', 'village_to_residential', 'commercial_housing', 'mixed', 'urbanizing_village', 'other_rural'] as const
export const ZCommunitySubtype = z.enum(COMMUNITY_SUBTYPES, { error: '请选择社区细分类型' })
export type CommunitySubtype = z.infer<typeof ZCommunitySubtype>
export const COMMUNITY_SUBTYPE_LABELS: Record<CommunitySubtype, string> = {
  relocation: '拆迁安置型',
  village_to_residential: '村改居型',
  commercial_housing: '商品房型',
  mixed: '混合型',
  urbanizing_village: '城镇化村',
  other_rural: '其他乡村',
}

export const GRID_KINDS = ['comprehensive', 'dedicated'] as const
export const ZGridKind = z.enum(GRID_KINDS, { error: '请选择网格类型' })
export type GridKind = z.infer<typeof ZGridKind>
export const GRID_KIND_LABELS: Record<GridKind, string> = { comprehensive: '综合网格', dedicated: '专属网格' }

const ZBool = (name: string) =>
  z.enum(['true', 'false'], { error: `${name} 只能是 true 或 false` }).transform((v) => v === 'true')

const ZHouseholds = z
  .number({ error: '户数必须是数字' })
  .int({ error: '户数必须是整数' })
  .min(0, { error: '户数不能小于 0' })
  .max(100_000, { error: '户数不能超过 100000' })

// ---------------------------------------------------------------------------------------------
// Joining
// ---------------------------------------------------------------------------------------------

export const ZStreet = z.object({ id: ZUuid, name: z.string(), code: z.string() })
export type Street = z.infer<typeof ZStreet>
export const ZListStreetsResponse = z.object({ items: z.array(ZStreet) })

/** What anyone logged in may see of a community: enough to find and join it. */
export const ZCommunityPublic = z.object({ id: ZUuid, name: z.string(), code: z.string(), streetId: ZUuid, streetName: z.string() })
export type CommunityPublic = z.infer<typeof ZCommunityPublic>

export const ZListCommunitiesRequest = z.object({
  /** a fragment of the name, or the 一社区一编码 code (exact or a prefix) */
  q: zText('社区名称或编码', 1, 40).optional(),
  streetId: ZUuid.optional(),
  cursor: ZCursorParam.optional(),
})
export const ZListCommunitiesResponse = z.object({ items: z.array(ZCommunityPublic), nextCursor: z.string().nullable() })

export const ZMicroGridOption = z.object({ id: ZUuid, name: z.string(), gridId: ZUuid, gridName: z.string() })
export type MicroGridOption = z.infer<typeof ZMicroGridOption>
export const ZListMicroGridsResponse = z.object({ items: z.array(ZMicroGridOption) })

export const ZJoinCommunityRequest = z.object({
  communityId: ZUuid,
  microGridId: ZUuid.optional(),
})

/** `code` from `<button open-type="getPhoneNumber">`, exchanged on the server (phonenumber.getPhoneNumber). */
export const ZBindPhoneRequest = z.object({
  code: z
    .string({ error: '缺少手机号授权凭证' })
    .trim()
    .min(1, { error: '缺少手机号授权凭证' })
    .max(128, { error: '手机号授权凭证格式不正确' })
    .regex(/^[\x21-\x7e]+$/, { error: '手机号授权凭证格式不正确' }),
})

// ---------------------------------------------------------------------------------------------
// Communities, grids, micro-grids
// ---------------------------------------------------------------------------------------------

/** A household count outside the source practice's guideline (grid 300-500, micro-grid 50-80): allowed, flagged. */
export const ZHouseholdWarning = z.object({ code: z.string(), message: z.string() })
export type HouseholdWarning = z.infer<typeof ZHouseholdWarning>

export const ZCommunity = z.object({
  id: ZUuid,
  streetId: ZUuid,
  streetName: z.string(),
  name: z.string(),
  code: z.string(),
  seq: z.number().int(),
  scale: ZCommunityScale,
  function: ZCommunityFunction,
  subtype: ZCommunitySubtype,
  /** 网格党支部书记兼任网格长: the grid's leader is the secretary of its grid party branch */
  branchSecretaryLeadsGrid: z.boolean(),
  /** 社区服务电话: public, residents call it from 首页 (issue 15) */
  servicePhone: z.string().nullable(),
  /** 受理编号前缀 (HP in HP-20261128-0042) */
  refPrefix: z.string(),
  archived: z.boolean(),
  archivedAt: ZTimestamp.nullable(),
  gridCount: z.number().int(),
  microGridCount: z.number().int(),
  memberCount: z.number().int(),
  createdAt: ZTimestamp,
})
export type Community = z.infer<typeof ZCommunity>

/** A landline or mobile as dialled: digits with optional '-' (025-84561234, 13800000000), 6-20 characters. */
export const SERVICE_PHONE_PATTERN = /^[0-9][0-9-]{4,18}[0-9]$/
export const SERVICE_PHONE_HINT = '如 025-84561234 或手机号'
/** 2-8 capitals or digits, beginning with a letter (HP, GM2). */
export const REF_PREFIX_PATTERN = /^[A-Z][A-Z0-9]{1,7}$/
export const REF_PREFIX_HINT = '2–8 位大写字母或数字，如 HP'

/** '' (or null on an update) clears the phone. */
export const ZServicePhone = z
  .string({ error: '社区服务电话格式不正确' })
  .trim()
  .max(20, { error: '社区服务电话最多 20 位' })
  .refine((v) => v === '' || SERVICE_PHONE_PATTERN.test(v), { error: '社区服务电话只能是数字和“-”，如 025-84561234' })

export const ZRefPrefix = z
  .string({ error: '请填写受理编号前缀' })
  .trim()
  .toUpperCase()
  .min(1, { error: '请填写受理编号前缀' })
  .refine((v) => REF_PREFIX_PATTERN.test(v), { error: '受理编号前缀需 2–8 位大写字母或数字，以字母开头，如 HP' })

export const ZCreateCommunityRequest = z.object({
  streetId: ZUuid,
  name: zText('社区名称', 2, 60),
  scale: ZCommunityScale,
  function: ZCommunityFunction,
  subtype: ZCommunitySubtype,
  branchSecretaryLeadsGrid: z.boolean({ error: '请选择是否由支部书记兼任网格长' }).default(true),
  servicePhone: ZServicePhone.optional(),
  /** without one the community starts as SQ<n>; staff may set it later */
  refPrefix: ZRefPrefix.optional(),
})

export const ZUpdateCommunityRequest = z.object({
  name: zText('社区名称', 2, 60).optional(),
  scale: ZCommunityScale.optional(),
  function: ZCommunityFunction.optional(),
  subtype: ZCommunitySubtype.optional(),
  branchSecretaryLeadsGrid: z.boolean({ error: '请选择是否由支部书记兼任网格长' }).optional(),
  /** null or '' clears it; staff of the community may change it (and refPrefix), the rest is the street admin's */
  servicePhone: ZServicePhone.nullable().optional(),
  refPrefix: ZRefPrefix.optional(),
})

export const ZArchiveCommunityRequest = z.object({ reason: zText('归档原因', 2, 200) })

export const ZListAdminCommunitiesRequest = z.object({
  streetId: ZUuid.optional(),
  includeArchived: ZBool('includeArchived').optional(),
})
export const ZListAdminCommunitiesResponse = z.object({ items: z.array(ZCommunity) })

export const ZMicroGrid = z.object({
  id: ZUuid,
  gridId: ZUuid,
  name: z.string(),
  households: z.number().int().nullable(),
  warnings: z.array(ZHouseholdWarning),
})
export type MicroGrid = z.infer<typeof ZMicroGrid>

export const ZGrid = z.object({
  id: ZUuid,
  communityId: ZUuid,
  name: z.string(),
  kind: ZGridKind,
  households: z.number().int().nullable(),
  warnings: z.array(ZHouseholdWarning),
  /** the grid leader (网格长): the grid party branch's secretary where the community says so */
  leaderName: z.string().nullable(),
  workerNames: z.array(z.string()),
})
export type Grid = z.infer<typeof ZGrid>

export const ZCommunityStructure = z.object({
  community: ZCommunity,
  grids: z.array(ZGrid.extend({ microGrids: z.array(ZMicroGrid) })),
})
export type CommunityStructure = z.infer<typeof ZCommunityStructure>

/** A community's join QR code, to print or show: it opens the join page with the community chosen. */
export const ZCommunityQr = z.object({
  communityId: ZUuid,
  name: z.string(),
  code: z.string(),
  /** the mini-program page it opens */
  link: z.string(),
  /** a plain QR code of the link: the mini-program's 扫一扫 reads it */
  qrSvg: z.string(),
  /** 小程序码 (data:image URL) that WeChat's own scanner opens; null where WeChat is not configured */
  miniProgramCode: z.string().nullable(),
})
export type CommunityQr = z.infer<typeof ZCommunityQr>

export const ZCreateGridRequest = z.object({
  communityId: ZUuid,
  name: zText('网格名称', 1, 60),
  kind: ZGridKind.default('comprehensive'),
  households: ZHouseholds,
})
export const ZUpdateGridRequest = z.object({
  name: zText('网格名称', 1, 60).optional(),
  kind: ZGridKind.optional(),
  households: ZHouseholds.optional(),
})
export const ZCreateMicroGridRequest = z.object({ gridId: ZUuid, name: zText('微网格名称', 1, 60), households: ZHouseholds })
export const ZUpdateMicroGridRequest = z.object({ name: zText('微网格名称', 1, 60).optional(), households: ZHouseholds.optional() })

// ---------------------------------------------------------------------------------------------
// The party organisation beside the grids: 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组
// ---------------------------------------------------------------------------------------------

export const PARTY_ORG_LEVELS = ['street_committee', 'community_committee', 'grid_branch', 'building_group'] as const
export const ZPartyOrgLevel = z.enum(PARTY_ORG_LEVELS, { error: '请选择组织层级' })
export type PartyOrgLevel = z.infer<typeof ZPartyOrgLevel>
export const PARTY_ORG_LEVEL_LABELS: Record<PartyOrgLevel, string> = {
  street_committee: '街道党工委',
  community_committee: '社区党委',
  grid_branch: '网格党支部',
  building_group: '楼栋党小组',
}

export const ZPartyOrg = z.object({
  id: ZUuid,
  parentId: ZUuid.nullable(),
  level: ZPartyOrgLevel,
  name: z.string(),
  streetId: ZUuid,
  communityId: ZUuid.nullable(),
  gridId: ZUuid.nullable(),
  gridName: z.string().nullable(),
  microGridId: ZUuid.nullable(),
  microGridName: z.string().nullable(),
  secretaryId: ZUuid.nullable(),
  secretaryName: z.string().nullable(),
})
export type PartyOrg = z.infer<typeof ZPartyOrg>

export const ZListPartyOrgsRequest = z.object({ streetId: ZUuid.optional(), communityId: ZUuid.optional() })
/** Flat, parents before children (ordered by level, then name); the client builds the tree from parentId. */
export const ZListPartyOrgsResponse = z.object({ items: z.array(ZPartyOrg) })

export const ZCreatePartyOrgRequest = z.object({
  level: ZPartyOrgLevel,
  name: zText('组织名称', 2, 60),
  /** required below the street committee: the organisation it belongs to */
  parentId: ZUuid.optional(),
  /** street_committee only */
  streetId: ZUuid.optional(),
  /** community_committee: the community it leads */
  communityId: ZUuid.optional(),
  /** grid_branch: the grid it is built on */
  gridId: ZUuid.optional(),
  /** building_group: the micro-grid (楼栋) it is built on */
  microGridId: ZUuid.optional(),
  secretaryId: ZUuid.optional(),
})
export const ZUpdatePartyOrgRequest = z.object({
  name: zText('组织名称', 2, 60).optional(),
  /** null clears the secretary */
  secretaryId: ZUuid.nullable().optional(),
})

// ---------------------------------------------------------------------------------------------
// Invitations: every role but resident comes by a single-use code
// ---------------------------------------------------------------------------------------------

export const INVITE_ROLES = ['staff', 'grid_worker', 'unit', 'admin'] as const
export const ZInviteRole = z.enum(INVITE_ROLES, { error: '请选择邀请的身份' })
export type InviteRole = z.infer<typeof ZInviteRole>

/** 8 characters without look-alikes (no 0/O, 1/I/L), typed in capitals or not */
export const INVITATION_CODE = /^[A-HJKMNP-Z2-9]{8}$/
export const ZInvitationCode = z
  .string({ error: '请填写邀请码' })
  .trim()
  .toUpperCase()
  .regex(INVITATION_CODE, { error: '邀请码是 8 位字母和数字' })

export const ZCreateInvitationRequest = z
  .object({
    communityId: ZUuid,
    role: ZInviteRole,
    /** grid_worker: the grid they will patrol */
    gridId: ZUuid.optional(),
    /** unit: the member unit to create on acceptance */
    unitName: zText('单位名称', 2, 60).optional(),
    partnerType: ZPartnerType.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'grid_worker' && !v.gridId) ctx.addIssue({ code: 'custom', path: ['gridId'], message: '邀请网格员请选择网格' })
    if (v.role === 'unit' && !v.unitName) ctx.addIssue({ code: 'custom', path: ['unitName'], message: '邀请驻区单位请填写单位名称' })
    if (v.role !== 'unit' && v.partnerType) ctx.addIssue({ code: 'custom', path: ['partnerType'], message: '只有驻区单位可以选择合伙人类型' })
  })

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const
export const ZInvitationStatus = z.enum(INVITATION_STATUSES)
export const INVITATION_STATUS_LABELS: Record<z.infer<typeof ZInvitationStatus>, string> = {
  pending: '待使用',
  accepted: '已使用',
  expired: '已过期',
  revoked: '已作废',
}

export const ZInvitation = z.object({
  id: ZUuid,
  code: z.string(),
  role: ZInviteRole,
  communityId: ZUuid,
  communityName: z.string(),
  gridId: ZUuid.nullable(),
  gridName: z.string().nullable(),
  unitName: z.string().nullable(),
  partnerType: ZPartnerType.nullable(),
  status: ZInvitationStatus,
  expiresAt: ZTimestamp,
  createdAt: ZTimestamp,
  createdByName: z.string().nullable(),
  acceptedByName: z.string().nullable(),
  acceptedAt: ZTimestamp.nullable(),
})
export type Invitation = z.infer<typeof ZInvitation>

/** The created invitation with a QR code to show on screen (SVG text) and the link it encodes. */
export const ZCreateInvitationResponse = ZInvitation.extend({
  qrSvg: z.string(),
  link: z.string(),
  /** 小程序码 (data:image URL) that WeChat's own scanner opens; null where WeChat is not configured */
  miniProgramCode: z.string().nullable(),
})
export type CreateInvitationResponse = z.infer<typeof ZCreateInvitationResponse>

export const ZListInvitationsRequest = z.object({ communityId: ZUuid, cursor: ZCursorParam.optional() })
export const ZListInvitationsResponse = z.object({ items: z.array(ZInvitation), nextCursor: z.string().nullable() })

/** What the invited person sees before accepting. */
export const ZInvitationPreview = z.object({
  code: z.string(),
  role: ZInviteRole,
  communityName: z.string(),
  streetName: z.string(),
  gridName: z.string().nullable(),
  unitName: z.string().nullable(),
  invitedByName: z.string().nullable(),
  expiresAt: ZTimestamp,
  status: ZInvitationStatus,
})
export type InvitationPreview = z.infer<typeof ZInvitationPreview>

export const ZAcceptInvitationResponse = z.object({
  role: ZInviteRole,
  communityId: ZUuid,
  communityName: z.string(),
  unitId: ZUuid.nullable(),
  profile: ZProfile,
})
export type AcceptInvitationResponse = z.infer<typeof ZAcceptInvitationResponse>

// ---------------------------------------------------------------------------------------------
// Members and roles, the audit log
// ---------------------------------------------------------------------------------------------

export const ZMember = z.object({
  profileId: ZUuid,
  displayName: z.string(),
  /** 138****0001: staff of the person's community see this much, never the whole number in lists */
  phoneMasked: z.string().nullable(),
  communityId: ZUuid.nullable(),
  communityName: z.string().nullable(),
  microGridId: ZUuid.nullable(),
  microGridName: z.string().nullable(),
  /** the roles held in the listed community */
  roles: z.array(ZAppRole),
  gridNames: z.array(z.string()),
  unitName: z.string().nullable(),
  joinedAt: ZTimestamp,
  /** 已停用: every request under the person's tokens is refused until an administrator reinstates them */
  suspended: z.boolean(),
  /** why, for those who manage the person's community; null otherwise or when not suspended */
  suspendedReason: z.string().nullable().optional(),
  /** whether the caller may suspend or reinstate this person (street admin, or admin of their community; never oneself or a street admin) */
  canSuspend: z.boolean(),
})
export type Member = z.infer<typeof ZMember>

export const ZListMembersRequest = z.object({
  /** staff: required (their community); the street admin may leave it out for the whole street */
  communityId: ZUuid.optional(),
  q: zText('姓名或手机号', 1, 40).optional(),
  role: ZAppRole.optional(),
  cursor: ZCursorParam.optional(),
})
export const ZListMembersResponse = z.object({ items: z.array(ZMember), nextCursor: z.string().nullable() })

export const ZChangeRolesRequest = z
  .object({
    communityId: ZUuid,
    add: z.array(ZAppRole, { error: '请选择要授予的身份' }).max(7).default([]),
    remove: z.array(ZAppRole, { error: '请选择要撤销的身份' }).max(7).default([]),
    /** grid_worker: the grid to assign */
    gridId: ZUuid.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.add.length === 0 && v.remove.length === 0) ctx.addIssue({ code: 'custom', path: ['add'], message: '请选择要授予或撤销的身份' })
    const both = v.add.filter((r: AppRole) => v.remove.includes(r))
    if (both.length > 0) ctx.addIssue({ code: 'custom', path: ['remove'], message: '同一身份不能同时授予和撤销' })
    if (v.add.includes('grid_worker') && !v.gridId) ctx.addIssue({ code: 'custom', path: ['gridId'], message: '授予网格员请选择网格' })
    // 职能部门 is a membership of a department of the street (管理 → 部门), not a role granted in a community
    if (v.add.includes('department')) ctx.addIssue({ code: 'custom', path: ['add'], message: '部门身份请在街道的部门管理里设置' })
    if (v.remove.includes('department')) ctx.addIssue({ code: 'custom', path: ['remove'], message: '部门身份请在街道的部门管理里设置' })
  })

export const AUDIT_ACTIONS = [
  'community.created', 'community.updated', 'community.archived',
  'grid.created', 'grid.updated', 'micro_grid.created', 'micro_grid.updated',
  'party_org.created', 'party_org.updated',
  'invitation.created', 'invitation.accepted', 'invitation.revoked',
  'role.granted', 'role.revoked', 'member.joined', 'member.moved', 'phone.bound',
  'settings.updated',
  'announcement.published', 'announcement.withdrawn', 'announcement.pinned', 'announcement.unpinned',
] as const
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'community.created': '新建社区',
  'community.updated': '修改社区',
  'community.archived': '归档社区',
  'grid.created': '新建网格',
  'grid.updated': '修改网格',
  'micro_grid.created': '新建微网格',
  'micro_grid.updated': '修改微网格',
  'party_org.created': '新建党组织',
  'party_org.updated': '修改党组织',
  'invitation.created': '发出邀请',
  'invitation.accepted': '接受邀请',
  'invitation.revoked': '作废邀请',
  'role.granted': '授予身份',
  'role.revoked': '撤销身份',
  'member.joined': '加入社区',
  'member.moved': '迁入社区',
  'phone.bound': '绑定手机号',
  'settings.updated': '修改社区设置',
  'announcement.published': '发布通知',
  'announcement.withdrawn': '撤回通知',
  'announcement.pinned': '置顶通知',
  'announcement.unpinned': '取消置顶',
}

export const ZAuditEntry = z.object({
  id: z.string(),
  at: ZTimestamp,
  action: z.string(),
  actorName: z.string().nullable(),
  communityId: ZUuid.nullable(),
  communityName: z.string().nullable(),
  targetName: z.string().nullable(),
  /** what changed, e.g. { role: 'staff' } or { from: '和平社区', to: '光明社区' } */
  detail: z.record(z.string(), z.unknown()),
})
export type AuditEntry = z.infer<typeof ZAuditEntry>

export const ZListAuditRequest = z.object({
  communityId: ZUuid.optional(),
  streetId: ZUuid.optional(),
  cursor: ZCursorParam.optional(),
})
export const ZListAuditResponse = z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() })

// ---------------------------------------------------------------------------------------------
// The person picker: nobody types or sees a raw id
// ---------------------------------------------------------------------------------------------

export const ZPeopleRequest = z.object({
  communityId: ZUuid,
  /** a fragment of the name, or (staff and grid workers) of the phone number */
  q: zText('姓名或手机号', 1, 20).optional(),
  role: ZAppRole.optional(),
})
export const ZPerson = z.object({
  id: ZUuid,
  displayName: z.string(),
  /** staff and grid workers of the community only; null for residents picking a neighbour */
  phoneMasked: z.string().nullable(),
  microGridName: z.string().nullable(),
  roles: z.array(ZAppRole),
})
export type Person = z.infer<typeof ZPerson>
export const ZPeopleResponse = z.object({ items: z.array(ZPerson).max(20) })

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export const adminOps = {
  listStreets: op({
    id: 'listStreets', method: 'GET', path: '/api/streets', auth: 'required', tags: ['joining'],
    summary: '街道列表（加入社区时先选街道）',
    responses: { 200: ZListStreetsResponse },
  }),
  listCommunities: op({
    id: 'listCommunities', method: 'GET', path: '/api/communities', auth: 'required', tags: ['joining'],
    summary: '查找社区：按名称或一社区一编码搜索，可限定街道（未归档的社区）',
    query: ZListCommunitiesRequest, responses: { 200: ZListCommunitiesResponse },
  }),
  listMicroGrids: op({
    id: 'listMicroGrids', method: 'GET', path: '/api/communities/{communityId}/micro-grids', auth: 'required', tags: ['joining'],
    summary: '社区的微网格（楼栋/小区）',
    params: ZCommunityIdParams, responses: { 200: ZListMicroGridsResponse },
  }),
  joinCommunity: op({
    id: 'joinCommunity', method: 'POST', path: '/api/me/community', auth: 'required', tags: ['joining'],
    summary: '加入或迁入社区（迁出后原社区的身份随之结束）',
    body: ZJoinCommunityRequest, responses: { 200: ZProfile },
  }),
  bindPhone: op({
    id: 'bindPhone', method: 'POST', path: '/api/me/phone', auth: 'required', tags: ['joining'],
    summary: '绑定手机号（微信手机号快速验证）',
    body: ZBindPhoneRequest, responses: { 200: ZProfile },
  }),
  listAdminCommunities: op({
    id: 'listAdminCommunities', method: 'GET', path: '/api/admin/communities', auth: 'required', tags: ['admin'],
    summary: '管理的社区（街道管理员看全街道，社区工作者看本社区）',
    query: ZListAdminCommunitiesRequest, responses: { 200: ZListAdminCommunitiesResponse },
  }),
  createCommunity: op({
    id: 'createCommunity', method: 'POST', path: '/api/admin/communities', auth: 'required', tags: ['admin'],
    summary: '新建社区（街道管理员；按分类自动生成一社区一编码）',
    body: ZCreateCommunityRequest, responses: { 201: ZCommunity },
  }),
  updateCommunity: op({
    id: 'updateCommunity', method: 'PATCH', path: '/api/admin/communities/{id}', auth: 'required', tags: ['admin'],
    summary: '修改社区名称或分类（街道管理员）；社区服务电话和受理编号前缀（本社区工作者也可以）',
    params: ZIdParams, body: ZUpdateCommunityRequest, responses: { 200: ZCommunity },
  }),
  archiveCommunity: op({
    id: 'archiveCommunity', method: 'POST', path: '/api/admin/communities/{id}/archive', auth: 'required', tags: ['admin'],
    summary: '归档社区（街道管理员；社区从不删除）',
    params: ZIdParams, body: ZArchiveCommunityRequest, responses: { 200: ZCommunity },
  }),
  communityStructure: op({
    id: 'communityStructure', method: 'GET', path: '/api/admin/communities/{id}/structure', auth: 'required', tags: ['admin'],
    summary: '社区的网格与微网格（含户数提示、网格长）',
    params: ZIdParams, responses: { 200: ZCommunityStructure },
  }),
  communityQr: op({
    id: 'communityQr', method: 'GET', path: '/api/admin/communities/{id}/qr', auth: 'required', tags: ['admin'],
    summary: '社区二维码（居民扫码直接进入加入社区页，选好本社区）',
    params: ZIdParams, responses: { 200: ZCommunityQr },
  }),
  createGrid: op({
    id: 'createGrid', method: 'POST', path: '/api/admin/grids', auth: 'required', tags: ['admin'],
    summary: '新建网格（户数不在 300-500 之间时给出提示）',
    body: ZCreateGridRequest, responses: { 201: ZGrid },
  }),
  updateGrid: op({
    id: 'updateGrid', method: 'PATCH', path: '/api/admin/grids/{id}', auth: 'required', tags: ['admin'],
    summary: '修改网格',
    params: ZIdParams, body: ZUpdateGridRequest, responses: { 200: ZGrid },
  }),
  createMicroGrid: op({
    id: 'createMicroGrid', method: 'POST', path: '/api/admin/micro-grids', auth: 'required', tags: ['admin'],
    summary: '新建微网格（户数不在 50-80 之间时给出提示）',
    body: ZCreateMicroGridRequest, responses: { 201: ZMicroGrid },
  }),
  updateMicroGrid: op({
    id: 'updateMicroGrid', method: 'PATCH', path: '/api/admin/micro-grids/{id}', auth: 'required', tags: ['admin'],
    summary: '修改微网格',
    params: ZIdParams, body: ZUpdateMicroGridRequest, responses: { 200: ZMicroGrid },
  }),
  listPartyOrgs: op({
    id: 'listPartyOrgs', method: 'GET', path: '/api/admin/party-orgs', auth: 'required', tags: ['admin'],
    summary: '党组织体系：街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组',
    query: ZListPartyOrgsRequest, responses: { 200: ZListPartyOrgsResponse },
  }),
  createPartyOrg: op({
    id: 'createPartyOrg', method: 'POST', path: '/api/admin/party-orgs', auth: 'required', tags: ['admin'],
    summary: '新建党组织',
    body: ZCreatePartyOrgRequest, responses: { 201: ZPartyOrg },
  }),
  updatePartyOrg: op({
    id: 'updatePartyOrg', method: 'PATCH', path: '/api/admin/party-orgs/{id}', auth: 'required', tags: ['admin'],
    summary: '修改党组织名称或书记',
    params: ZIdParams, body: ZUpdatePartyOrgRequest, responses: { 200: ZPartyOrg },
  }),
  listInvitations: op({
    id: 'listInvitations', method: 'GET', path: '/api/admin/invitations', auth: 'required', tags: ['admin'],
    summary: '社区发出的邀请',
    query: ZListInvitationsRequest, responses: { 200: ZListInvitationsResponse },
  }),
  createInvitation: op({
    id: 'createInvitation', method: 'POST', path: '/api/admin/invitations', auth: 'required', tags: ['admin'],
    summary: '邀请社区工作者、网格员、驻区单位或管理员（一次性邀请码，7 天有效，附二维码）',
    body: ZCreateInvitationRequest, responses: { 201: ZCreateInvitationResponse },
  }),
  revokeInvitation: op({
    id: 'revokeInvitation', method: 'POST', path: '/api/admin/invitations/{id}/revoke', auth: 'required', tags: ['admin'],
    summary: '作废未使用的邀请',
    params: ZIdParams, responses: { 200: ZInvitation },
  }),
  getInvitation: op({
    id: 'getInvitation', method: 'GET', path: '/api/invitations/{code}', auth: 'required', tags: ['joining'],
    summary: '查看邀请（接受前确认身份和社区）',
    params: z.object({ code: ZInvitationCode }), responses: { 200: ZInvitationPreview },
  }),
  acceptInvitation: op({
    id: 'acceptInvitation', method: 'POST', path: '/api/invitations/{code}/accept', auth: 'required', tags: ['joining'],
    summary: '接受邀请，获得相应身份（驻区单位同时建档）',
    params: z.object({ code: ZInvitationCode }), responses: { 200: ZAcceptInvitationResponse },
  }),
  listMembers: op({
    id: 'listMembers', method: 'GET', path: '/api/admin/members', auth: 'required', tags: ['admin'],
    summary: '社区成员与身份（社区工作者看本社区，街道管理员看全街道）',
    query: ZListMembersRequest, responses: { 200: ZListMembersResponse },
  }),
  changeRoles: op({
    id: 'changeRoles', method: 'POST', path: '/api/admin/members/{profileId}/roles', auth: 'required', tags: ['admin'],
    summary: '授予或撤销身份（记入操作日志；不能撤销自己的管理员身份）',
    params: z.object({ profileId: ZUuid }), body: ZChangeRolesRequest, responses: { 200: ZMember },
  }),
  listAudit: op({
    id: 'listAudit', method: 'GET', path: '/api/admin/audit', auth: 'required', tags: ['admin'],
    summary: '操作日志',
    query: ZListAuditRequest, responses: { 200: ZListAuditResponse },
  }),
  listPeople: op({
    id: 'listPeople', method: 'GET', path: '/api/people', auth: 'required', tags: ['admin'],
    summary: '选人：按姓名或手机号查找本社区的人（最多 20 位）',
    query: ZPeopleRequest, responses: { 200: ZPeopleResponse },
  }),
} as const

