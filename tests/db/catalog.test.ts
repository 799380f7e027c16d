import { describe, expect, it } from 'vitest'
import { useTestDb } from '../helpers/db'

/**
 * The read-authorization model, checked on the catalog of the migrated database (issue 13): RLS on every table, a
 * policy for every privilege an API role holds, no policy that lets any logged-in person read everything (except the
 * public directory), no privilege at all for `anon`, writes only through functions, and every `security definer`
 * function pinned to `search_path = ''` and never executable by `anon`.
 */

/** What every logged-in person may read in full: the directory a newcomer searches to join, and the status graph. */
const DIRECTORY = ['communities', 'grids', 'micro_grids', 'need_status_edges', 'streets']

describe('catalog: one read-authorization model', () => {
  const t = useTestDb('postgres', 'catalog')

  const tables = async () =>
    (await t.sql<{ name: string; rls: boolean; oid: number }>(
      `select c.relname as name, c.relrowsecurity as rls, c.oid::int as oid from pg_class c
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    ))

  it('every table in public has row level security on', async () => {
    const all = await tables()
    expect(all.length).toBeGreaterThan(50)
    expect(all.filter((x) => !x.rls).map((x) => x.name)).toEqual([])
  })

  it('anon holds no privilege on any table, column or sequence', async () => {
    const rows = await t.sql<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
         and (has_table_privilege('anon', c.oid, 'select, insert, update, delete, truncate, references, trigger')
              or has_any_column_privilege('anon', c.oid, 'select, insert, update, references'))`,
    )
    expect(rows.map((r) => r.name)).toEqual([])
  })

  it('authenticated can only read tables: every write goes through a function', async () => {
    const rows = await t.sql<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and (has_table_privilege('authenticated', c.oid, 'insert, update, delete, truncate, references, trigger')
              or has_any_column_privilege('authenticated', c.oid, 'insert, update, references'))`,
    )
    expect(rows.map((r) => r.name)).toEqual([])
  })

  it('every table authenticated can read has a select policy for authenticated; the others are closed', async () => {
    const rows = await t.sql<{ name: string; readable: boolean; policies: number }>(
      `select c.relname as name, has_any_column_privilege('authenticated', c.oid, 'select') as readable,
              (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
                 and p.cmd in ('SELECT', 'ALL') and (p.roles && array['authenticated', 'public']::name[])) as policies
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p')`,
    )
    expect(rows.filter((r) => r.readable && r.policies === 0).map((r) => r.name)).toEqual([])
    // a policy on a table nobody may read would be dead code pretending to protect it
    expect(rows.filter((r) => !r.readable && r.policies > 0).map((r) => r.name)).toEqual([])
  })

  it('no policy lets every logged-in person read a whole table, except the public directory', async () => {
    const rows = await t.sql<{ tablename: string; qual: string | null }>(
      `select tablename, qual from pg_policies where schemaname = 'public' and cmd in ('SELECT', 'ALL')`,
    )
    const open = rows.filter((r) => r.qual === null || r.qual.trim() === 'true').map((r) => r.tablename)
    expect([...new Set(open)].sort()).toEqual(DIRECTORY)
    // no write policies: writes never rely on RLS
    const writes = await t.sql(`select tablename, cmd from pg_policies where schemaname = 'public' and cmd not in ('SELECT')`)
    expect(writes).toEqual([])
  })

  it('policies read the caller once per statement: auth.uid() and the scope helpers are wrapped in a sub-select', async () => {
    const rows = await t.sql<{ policyname: string; qual: string }>(
      `select policyname, qual from pg_policies where schemaname = 'public' and qual is not null`,
    )
    const bare = rows.filter((r) => {
      const q = r.qual.replace(/\(\s*SELECT\s+auth\.uid\(\)\s+AS\s+uid\)/gi, '').replace(/\(\s*SELECT\s+app\.my_[a-z_]+\(\)\s+AS\s+my_[a-z_]+\)/gi, '')
      return /auth\.uid\(\)|app\.my_[a-z_]+\(\)/.test(q)
    })
    expect(bare.map((r) => r.policyname)).toEqual([])
  })

  it('every security definer function has search_path pinned to empty', async () => {
    const rows = await t.sql<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'app') and p.prosecdef
         and not coalesce(p.proconfig @> array['search_path=""'], false)`,
    )
    expect(rows.map((r) => r.fn)).toEqual([])
  })

  /** Meant for anon: PostgREST's db-pre-request hook runs for every request, with or without a token. */
  const ANON_ALLOWED = ['app.check_request()']

  it('no function of ours is executable by anon or by PUBLIC, but the pre-request check', async () => {
    const rows = await t.sql<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'app') and p.prokind = 'f'
         and (has_function_privilege('anon', p.oid, 'execute')
              or exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0))`,
    )
    expect(rows.map((r) => r.fn).filter((f) => !ANON_ALLOWED.includes(f))).toEqual([])
  })

  it('every API function carries an explicit grant', async () => {
    const rows = await t.sql<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
         and not has_function_privilege('authenticated', p.oid, 'execute')
         and not has_function_privilege('service_role', p.oid, 'execute')`,
    )
    expect(rows.map((r) => r.fn)).toEqual([])
  })

  it('read functions run as their caller; a definer read says why in its comment', async () => {
    const rows = await t.sql<{ fn: string; why: string | null }>(
      `select p.oid::regprocedure::text as fn, obj_description(p.oid, 'pg_proc') as why
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prosecdef and p.provolatile in ('s', 'i')`,
    )
    expect(rows.filter((r) => !/^security definer: .{20,}/.test(r.why ?? '')).map((r) => r.fn)).toEqual([])
    // and the invoker ones are most of them: the exceptions stay exceptions
    const [{ invoker }] = await t.sql<{ invoker: number }>(
      `select count(*)::int as invoker from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and not p.prosecdef and p.provolatile = 's' and p.prokind = 'f'`,
    )
    expect(invoker).toBeGreaterThan(rows.length)
  })
})
