// The operation registry: every domain's operations, declared next to their schemas in ./<domain>.ts.
// The API routes, the mini-program's client (miniapp/services/client.ts) and /api/openapi.json all read it.
import { authOps } from './auth'
import { needsOps } from './needs'
import { servicesOps } from './services'
import { volunteersOps } from './volunteers'
import { beansOps } from './beans'
import { deliberationOps } from './deliberation'
import { adminOps } from './admin'
import { editingOps } from './editing'
import { meOps } from './me'
import { inboxOps } from './inbox'
import { announcementOps } from './announcements'
import { exportOps } from './exports'
import { statsOps } from './stats'
import { departmentOps } from './departments'
import { subscriptionOps } from './subscriptions'
import { suspensionOps } from './suspension'

export type { HttpMethod, OpInput, Operation } from './operation'

/** The operations by domain: the mini-program's client is `api.<domain>.<id>` (miniapp/services/client.ts). */
export const contract = {
  auth: authOps,
  me: meOps,
  needs: needsOps,
  services: servicesOps,
  volunteers: volunteersOps,
  beans: beansOps,
  deliberation: deliberationOps,
  admin: adminOps,
  editing: editingOps,
  suspension: suspensionOps,
  departments: departmentOps,
  inbox: inboxOps,
  announcements: announcementOps,
  subscriptions: subscriptionOps,
  exports: exportOps,
  stats: statsOps,
} as const

/** Every operation by its id (the API routes and the OpenAPI generator read this). */
export const ops = {
  ...authOps,
  ...meOps,
  ...needsOps,
  ...servicesOps,
  ...volunteersOps,
  ...beansOps,
  ...deliberationOps,
  ...adminOps,
  ...editingOps,
  ...suspensionOps,
  ...departmentOps,
  ...inboxOps,
  ...announcementOps,
  ...subscriptionOps,
  ...exportOps,
  ...statsOps,
} as const

export type Ops = typeof ops
