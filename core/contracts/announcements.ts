// Issue 12 (announcements): operations registered in ./api.ts through `announcementOps`.
export const announcementOps = {} as const
