/** Operations added by issue 13 (security and integrity): beans. Spread into `ops` in ./api.ts. */
export const securityBeansOps = {}
