/** Page URLs of joining a community and accepting an invitation (issue 11). */
export const JOIN_ROUTES = {
  /** 加入社区: street → community (search, code or QR) → micro-grid; ?community=<code> preselects from a QR code */
  join: (communityCode?: string) =>
    `/packageJoin/pages/join/index${communityCode ? `?community=${encodeURIComponent(communityCode)}` : ''}`,
  /** 接受邀请: ?code=<8-character invitation code> (the invitation QR code opens this) */
  accept: (code?: string) => `/packageJoin/pages/accept/index${code ? `?code=${encodeURIComponent(code)}` : ''}`,
} as const
