// Issue 12 (exports): operations registered in ./api.ts through `exportOps`.
export const exportOps = {} as const
