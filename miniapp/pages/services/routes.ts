/** Page URLs of the service flows (issue 4), kept apart from utils/routes.ts so the two features never collide. */
export const SERVICE_ROUTES = {
  services: '/pages/services/index',
  createResource: '/packageServices/pages/resource-create/index',
  claim: '/packageServices/pages/claim/index',
  matching: '/packageServices/pages/matching/index',
  serviceDetail: (id: string) => `/packageServices/pages/detail/index?id=${encodeURIComponent(id)}`,
} as const
