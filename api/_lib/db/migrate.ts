import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

/**
 * Applies, outside Supabase: the local auth bootstrap, then each migration not yet applied (tracked in
 * supabase_migrations.schema_migrations, the table the Supabase CLI uses), then optionally seed.sql.
 */
export interface SqlExec {
  exec(sql: string): Promise<void>
  query<T>(sql: string, params?: unknown[]): Promise<T[]>
}

export const SUPABASE_DIR = path.resolve(__dirname, '../../../supabase')

export function migrationFiles(dir = path.join(SUPABASE_DIR, 'migrations')): { version: string; file: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 14), file: path.join(dir, f) }))
}

export async function migrate(
  db: SqlExec,
  opts: { seed?: boolean; /** another migrations folder, e.g. an old copy for scripts/schema-snapshot.ts */ dir?: string } = {},
): Promise<{ applied: string[]; seeded: boolean }> {
  await db.exec(readFileSync(path.join(SUPABASE_DIR, 'bootstrap/local_auth.sql'), 'utf8'))
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key, name text, statements text[]);
    create table if not exists supabase_migrations.local_seed (id int primary key default 1 check (id = 1), applied_at timestamptz not null default now());
  `)
  const done = new Set(
    (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map((r) => r.version),
  )
  const applied: string[] = []
  for (const m of migrationFiles(opts.dir)) {
    if (done.has(m.version)) continue
    const sql = readFileSync(m.file, 'utf8')
    try {
      await db.exec(`begin;\n${sql}\n;insert into supabase_migrations.schema_migrations (version, name) values ('${m.version}', '${path.basename(m.file, '.sql').slice(15)}');\ncommit;`)
    } catch (e) {
      await db.exec('rollback').catch(() => {})
      throw new MigrationError(m.file, sql, e)
    }
    applied.push(m.version)
  }
  let seeded = false
  if (opts.seed) {
    const already = await db.query('select 1 from supabase_migrations.local_seed')
    if (already.length === 0) {
      await db.exec(`begin;\n${readFileSync(path.join(SUPABASE_DIR, 'seed.sql'), 'utf8')}\n;insert into supabase_migrations.local_seed default values;\ncommit;`)
      seeded = true
    }
  }
  return { applied, seeded }
}

/** A failed migration named by file and line, without echoing the whole script. */
export class MigrationError extends Error {
  constructor(file: string, sql: string, cause: unknown) {
    const err = cause as { message?: string; position?: string | number }
    // positions count from the start of the wrapped script: 'begin;\n' is 7 characters
    const pos = Number(err.position ?? 0) - 7
    const line = pos > 0 ? sql.slice(0, pos).split('\n').length : 0
    super(`${path.basename(file)}${line ? `:${line}` : ''}: ${err.message ?? String(cause)}`)
    this.name = 'MigrationError'
  }
}
