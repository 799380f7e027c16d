/** Page URLs of 管理 (street administrator and community staff, issue 11). */
const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export const ADMIN_ROUTES = {
  /** 管理 home: the street's communities (admin) or the staff member's own, and the sections below */
  home: '/packageAdmin/pages/index/index',
  /** new community (?streetId=) or edit (?id=) */
  communityForm: (p: { id?: string; streetId?: string } = {}) => `/packageAdmin/pages/community-form/index${q(p)}`,
  /** grids and micro-grids of a community, with household warnings */
  structure: (communityId: string) => `/packageAdmin/pages/structure/index${q({ communityId })}`,
  /** the party organisation tree */
  party: (p: { communityId?: string; streetId?: string }) => `/packageAdmin/pages/party/index${q(p)}`,
  invitations: (communityId: string) => `/packageAdmin/pages/invitations/index${q({ communityId })}`,
  members: (communityId?: string) => `/packageAdmin/pages/members/index${q({ communityId })}`,
  audit: (communityId?: string) => `/packageAdmin/pages/audit/index${q({ communityId })}`,
  /** the community's join QR code, large, to show or print */
  qr: (communityId: string) => `/packageAdmin/pages/qr/index${q({ communityId })}`,
  /** CSV exports of a community or the street (issue 12) */
  exports: (p: { communityId?: string; streetId?: string }) => `/packageAdmin/pages/exports/index${q(p)}`,
  /** co-sign threshold, yearly hours target, bean rules, SLA rules */
  settings: (communityId: string) => `/packageAdmin/pages/settings/index${q({ communityId })}`,
} as const
