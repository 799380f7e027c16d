import { z } from 'zod'
import { ZCursorParam, ZTimestamp, ZUuid, zIsoDateTime, zPhotoKey, zText, ZIdParams } from './common'
import { op } from './operation'

// ---------------------------------------------------------------------------------------------
// 信息发布 (announcements), issue 12: staff publish notices to their community or one of its grids, the street admin
// to the whole street; residents see what is addressed to them on 首页 and in a list.
// ---------------------------------------------------------------------------------------------

export const ANNOUNCEMENT_SCOPES = ['street', 'community', 'grid'] as const
export const ZAnnouncementScope = z.enum(ANNOUNCEMENT_SCOPES, { error: '请选择通知发给谁' })
export type AnnouncementScope = z.infer<typeof ZAnnouncementScope>
export const ANNOUNCEMENT_SCOPE_LABELS: Record<AnnouncementScope, string> = { street: '全街道', community: '本社区', grid: '网格' }

export const ANNOUNCEMENT_STATUSES = ['active', 'expired', 'withdrawn'] as const
export const ZAnnouncementStatus = z.enum(ANNOUNCEMENT_STATUSES)
export type AnnouncementStatus = z.infer<typeof ZAnnouncementStatus>
export const ANNOUNCEMENT_STATUS_LABELS: Record<AnnouncementStatus, string> = { active: '展示中', expired: '已过期', withdrawn: '已撤回' }

export const ANNOUNCEMENT_MAX_IMAGES = 3
/** At most this far ahead (the server checks the same). */
export const ANNOUNCEMENT_MAX_DAYS = 366

const ZBool = (name: string) =>
  z.enum(['true', 'false'], { error: `${name} 只能是 true 或 false` }).transform((v) => v === 'true')

/** A photo's storage key as POST /api/uploads/photo hands it out; the server also checks it is the author's own. */
const ZImageKey = zPhotoKey('图片编号不正确，请重新上传')
  .regex(/^shifts\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.(jpg|png|webp)$/, { error: '图片编号不正确，请重新上传' })

const ZExpiresAt = zIsoDateTime('有效期格式不正确')
  .refine((v) => {
    const ms = Date.parse(v)
    return Number.isFinite(ms) && ms > Date.now() && ms <= Date.now() + ANNOUNCEMENT_MAX_DAYS * 86_400_000
  }, { error: '有效期要在现在之后，且不超过一年' })

export const ZAnnouncement = z.object({
  id: ZUuid,
  scope: ZAnnouncementScope,
  streetId: ZUuid,
  communityId: ZUuid.nullable(),
  communityName: z.string().nullable(),
  gridId: ZUuid.nullable(),
  gridName: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  /** storage keys of the photos (shown through the same file service as other uploads) */
  images: z.array(z.string()).max(ANNOUNCEMENT_MAX_IMAGES),
  pinned: z.boolean(),
  expiresAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
  withdrawnAt: ZTimestamp.nullable(),
  authorName: z.string().nullable(),
  status: ZAnnouncementStatus,
  /** the caller may withdraw and pin it (its author, staff of its community, an admin of its street) */
  canManage: z.boolean(),
})
export type Announcement = z.infer<typeof ZAnnouncement>

/** 全街道 / 本社区 / the grid's name */
export function announcementScopeLabel(a: Pick<Announcement, 'scope' | 'gridName'>): string {
  return a.scope === 'grid' ? (a.gridName ?? ANNOUNCEMENT_SCOPE_LABELS.grid) : ANNOUNCEMENT_SCOPE_LABELS[a.scope]
}

export const ZListAnnouncementsRequest = z.object({
  /** the community whose notices to show (with its street's and the caller's grids') */
  communityId: ZUuid,
  cursor: ZCursorParam.optional(),
  /** rows a page: 1 to 50, 20 when left out */
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' })
    .min(1, { error: '每页至少 1 条' }).max(50, { error: '每页最多 50 条' }).optional(),
  /** staff and street admins: also the expired and withdrawn ones, for housekeeping */
  manage: ZBool('manage').optional(),
})
export const ZListAnnouncementsResponse = z.object({ items: z.array(ZAnnouncement), nextCursor: z.string().nullable() })
export type AnnouncementPage = z.infer<typeof ZListAnnouncementsResponse>

export const ZCreateAnnouncementRequest = z
  .object({
    scope: ZAnnouncementScope,
    /** community and grid scope: the community; street scope: any community of the street (or streetId) */
    communityId: ZUuid.optional(),
    /** grid scope: a grid of the community */
    gridId: ZUuid.optional(),
    /** street scope, when no community is given */
    streetId: ZUuid.optional(),
    title: zText('标题', 2, 60),
    body: zText('正文', 1, 5000),
    images: z.array(ZImageKey, { error: '图片编号不正确' }).max(ANNOUNCEMENT_MAX_IMAGES, { error: '最多 3 张图片' }).optional(),
    pinned: z.boolean({ error: '请选择是否置顶' }).default(false),
    expiresAt: ZExpiresAt.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.scope !== 'street' && !v.communityId) ctx.addIssue({ code: 'custom', path: ['communityId'], message: '请选择发布通知的社区' })
    if (v.scope === 'grid' && !v.gridId) ctx.addIssue({ code: 'custom', path: ['gridId'], message: '请选择网格' })
    if (v.scope !== 'grid' && v.gridId) ctx.addIssue({ code: 'custom', path: ['gridId'], message: '只有发给网格的通知可以选择网格' })
    if (v.scope === 'street' && !v.communityId && !v.streetId) ctx.addIssue({ code: 'custom', path: ['streetId'], message: '请选择街道' })
  })

export const ZPinAnnouncementRequest = z.object({ pinned: z.boolean({ error: '请选择是否置顶' }) })

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export const announcementOps = {
  listAnnouncements: op({
    id: 'listAnnouncements', method: 'GET', path: '/api/announcements', auth: 'required', tags: ['announcements'],
    summary: '社区通知：本街道、本社区和我所在网格的通知，置顶在前、新的在前（manage=true：含已过期和已撤回，供管理）',
    query: ZListAnnouncementsRequest, responses: { 200: ZListAnnouncementsResponse },
  }),
  createAnnouncement: op({
    id: 'createAnnouncement', method: 'POST', path: '/api/announcements', auth: 'required', tags: ['announcements'],
    summary: '发布通知（社区工作者发本社区或本社区网格；街道管理员还可发全街道）',
    body: ZCreateAnnouncementRequest, responses: { 201: ZAnnouncement },
  }),
  getAnnouncement: op({
    id: 'getAnnouncement', method: 'GET', path: '/api/announcements/{id}', auth: 'required', tags: ['announcements'],
    summary: '通知详情',
    params: ZIdParams, responses: { 200: ZAnnouncement },
  }),
  withdrawAnnouncement: op({
    id: 'withdrawAnnouncement', method: 'POST', path: '/api/announcements/{id}/withdraw', auth: 'required', tags: ['announcements'],
    summary: '撤回通知（发布人、本社区工作者或街道管理员；记入操作日志）',
    params: ZIdParams, responses: { 200: ZAnnouncement },
  }),
  pinAnnouncement: op({
    id: 'pinAnnouncement', method: 'POST', path: '/api/announcements/{id}/pin', auth: 'required', tags: ['announcements'],
    summary: '置顶或取消置顶',
    params: ZIdParams, body: ZPinAnnouncementRequest, responses: { 200: ZAnnouncement },
  }),
} as const
