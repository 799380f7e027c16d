/** Page URLs of 消息 (inbox) and 信息发布 (announcements), issue 12. */
export const INFO_ROUTES = {
  inbox: '/packageInfo/pages/inbox/index',
  announcements: (communityId?: string) => `/packageInfo/pages/announcements/index${communityId ? `?communityId=${encodeURIComponent(communityId)}` : ''}`,
  announcement: (id: string) => `/packageInfo/pages/announcement-detail/index?id=${encodeURIComponent(id)}`,
  createAnnouncement: '/packageInfo/pages/announcement-create/index',
} as const
