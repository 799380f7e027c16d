/**
 * Development aid: applies every migration and the seed to an in-memory PGlite, then the SQL file given, in one
 * transaction, and reports the first error with its line. Lets a migration be drafted outside
 * supabase/migrations (where a broken file would stop every test run) until it loads.
 *   npx tsx scripts/try-sql.ts /tmp/draft.sql
 */
import { readFileSync } from 'node:fs'
import { MigrationError, migrate } from '../api/_lib/db/migrate'
import { openPglite } from '../api/_lib/db/pglite'

async function main() {
  const file = process.argv[2]
  if (!file) throw new Error('usage: tsx scripts/try-sql.ts FILE.sql')
  const pg = await openPglite(undefined)
  try {
    await migrate({ exec: async (s) => void (await pg.exec(s)), query: async (s, p) => (await pg.query(s, p)).rows as never[] }, { seed: true })
    const sql = readFileSync(file, 'utf8')
    try {
      await pg.exec(`begin;\n${sql}\n;commit;`)
    } catch (e) {
      await pg.exec('rollback').catch(() => {})
      throw new MigrationError(file, sql, e)
    }
    console.log(`ok: ${file} applies after every migration and the seed`)
  } finally {
    await pg.close()
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
