// Issue 12 (inbox): operations registered in ./api.ts through `inboxOps`.
export const inboxOps = {} as const
