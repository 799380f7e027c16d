/** Operations added by issue 13 (security and integrity): deliberation. Spread into `ops` in ./api.ts. */
export const securityDeliberationOps = {}
