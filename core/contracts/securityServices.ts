/** Operations added by issue 13 (security and integrity): services. Spread into `ops` in ./api.ts. */
export const securityServicesOps = {}
