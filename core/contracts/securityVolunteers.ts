/** Operations added by issue 13 (security and integrity): volunteers. Spread into `ops` in ./api.ts. */
export const securityVolunteersOps = {}
