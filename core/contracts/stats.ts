// Issue 12 (stats): operations registered in ./api.ts through `statsOps`.
export const statsOps = {} as const
