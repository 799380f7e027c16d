/**
 * Prints a normalized JSON picture of the database catalog that a folder of migrations produces, so two migration
 * trees can be proven to build the same schema (the squash of issue 16 was checked this way):
 *   npx tsx scripts/schema-snapshot.ts [migrationsDir] [--seed] > out.json
 *   diff <(jq -S . old.json) <(jq -S . new.json)
 * It migrates a fresh in-memory PGlite (the local auth bootstrap, then every migration of the folder; the seed too
 * with --seed) and reads every non-system schema: schemas, default privileges, extensions, types, tables with their
 * columns, constraints, indexes, RLS, policies, triggers, views, sequences, functions, grants, comments, and the rows
 * of every table the migrations leave non-empty (reference data). Everything is sorted, and nothing depends on oids
 * or creation order, except what is meaningful: column order and enum label order.
 */
import path from 'node:path'
import { migrate } from '../api/_lib/db/migrate'
import { openPglite } from '../api/_lib/db/pglite'

type Row = Record<string, unknown>

// The migration bookkeeping names files, which is what a squash changes: its structure is compared, not its rows.
const BOOKKEEPING = 'supabase_migrations'
const SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'`

/** An aclitem[] as sorted text, so the order of the grants that built it does not matter. */
const acl = (col: string) => `(select array_agg(a::text order by a::text) from unnest(${col}) a)`

const QUERIES: Record<string, string> = {
  schemas: `select n.nspname as name, pg_get_userbyid(n.nspowner) as owner, ${acl('n.nspacl')} as acl,
      obj_description(n.oid, 'pg_namespace') as comment
    from pg_namespace n where ${SCHEMAS}`,
  defaultPrivileges: `select pg_get_userbyid(d.defaclrole) as role, n.nspname as schema, d.defaclobjtype as kind,
      ${acl('d.defaclacl')} as acl
    from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`,
  extensions: `select e.extname as name, n.nspname as schema, e.extversion as version
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace`,
  types: `select n.nspname as schema, t.typname as name, t.typtype as kind,
      case when t.typtype = 'e' then (select array_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) end as labels,
      case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end as base,
      case when t.typtype = 'd' then t.typnotnull end as not_null,
      case when t.typtype = 'd' then t.typdefault end as "default",
      case when t.typtype = 'c' then (select array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) order by a.attnum)
        from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped) end as attributes,
      ${acl('t.typacl')} as acl, obj_description(t.oid, 'pg_type') as comment
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where ${SCHEMAS} and t.typtype in ('e', 'd', 'r', 'm', 'c')
      and (t.typtype <> 'c' or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')`,
  relations: `select n.nspname as schema, c.relname as name, c.relkind as kind, c.relpersistence as persistence,
      c.relrowsecurity as rls, c.relforcerowsecurity as force_rls, c.reloptions as options,
      ${acl('c.relacl')} as acl, obj_description(c.oid, 'pg_class') as comment,
      case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end as view_def,
      (select pg_get_userbyid(c.relowner)) as owner
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')`,
  columns: `select n.nspname as schema, c.relname as table,
      row_number() over (partition by c.oid order by a.attnum) as position,
      a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
      pg_get_expr(d.adbin, d.adrelid) as "default", a.attidentity as identity, a.attgenerated as generated,
      case when a.attcollation <> t.typcollation then (select collname from pg_collation where oid = a.attcollation) end as collation,
      ${acl('a.attacl')} as acl, col_description(c.oid, a.attnum) as comment
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_type t on t.oid = a.atttypid
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped`,
  constraints: `select n.nspname as schema, c.relname as table, k.conname as name, k.contype as type,
      pg_get_constraintdef(k.oid) as def, k.condeferrable as deferrable, k.condeferred as deferred,
      obj_description(k.oid, 'pg_constraint') as comment
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where ${SCHEMAS}`,
  domainConstraints: `select n.nspname as schema, t.typname as type, k.conname as name, pg_get_constraintdef(k.oid) as def
    from pg_constraint k join pg_type t on t.oid = k.contypid join pg_namespace n on n.oid = t.typnamespace
    where ${SCHEMAS}`,
  indexes: `select n.nspname as schema, c.relname as name, pg_get_indexdef(c.oid) as def,
      obj_description(c.oid, 'pg_class') as comment
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
    where ${SCHEMAS}`,
  policies: `select schemaname as schema, tablename as table, policyname as name, permissive, roles::text[] as roles,
      cmd, qual, with_check from pg_policies where schemaname <> all (array['pg_catalog', 'information_schema'])`,
  triggers: `select n.nspname as schema, c.relname as table, t.tgname as name, pg_get_triggerdef(t.oid) as def,
      t.tgenabled as enabled, obj_description(t.oid, 'pg_trigger') as comment
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where ${SCHEMAS} and not t.tgisinternal`,
  sequences: `select n.nspname as schema, c.relname as name, format_type(s.seqtypid, null) as type, s.seqstart as start,
      s.seqincrement as increment, s.seqmax as max, s.seqmin as min, s.seqcache as cache, s.seqcycle as cycle,
      (select dn.nspname || '.' || dc.relname || '.' || a.attname from pg_depend d
         join pg_class dc on dc.oid = d.refobjid join pg_namespace dn on dn.oid = dc.relnamespace
         join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
       where d.objid = c.oid and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i')) as owned_by
    from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
    where ${SCHEMAS}`,
  functions: `select n.nspname as schema, p.proname as name, p.oid::regprocedure::text as signature,
      pg_get_function_identity_arguments(p.oid) as identity_args,
      pg_get_function_arguments(p.oid) as args, pg_get_function_result(p.oid) as result, p.prokind as kind,
      l.lanname as language, p.provolatile as volatility, p.prosecdef as security_definer, p.proleakproof as leakproof,
      p.proisstrict as strict, p.proparallel as parallel, p.procost as cost, p.prorows as rows, p.proconfig as config,
      ${acl('p.proacl')} as acl, pg_get_userbyid(p.proowner) as owner, obj_description(p.oid, 'pg_proc') as comment,
      p.prosrc as src
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
    where ${SCHEMAS}`,
}

/** The comparable state of the database `exec`/`query` reach, as one JSON-able object. */
async function snapshot(query: <T>(sql: string) => Promise<T[]>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const [key, sql] of Object.entries(QUERIES)) out[key] = sortRows(await query<Row>(sql))
  const tables = await query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where ${SCHEMAS} and c.relkind in ('r', 'p') and n.nspname <> '${BOOKKEEPING}' order by 1, 2`,
  )
  const data: Record<string, unknown[]> = {}
  for (const t of tables) {
    const rows = await query<{ row: unknown }>(`select to_jsonb(x) as row from "${t.schema}"."${t.name}" x`)
    if (rows.length) data[`${t.schema}.${t.name}`] = sortRows(rows.map((r) => r.row as Row))
  }
  out.data = data
  return out
}

// bigint columns (sequence bounds) print as text
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))

function sortRows(rows: Row[]): Row[] {
  return rows.map((r) => JSON.parse(json(r)) as Row).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)))
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

async function main() {
  const args = process.argv.slice(2)
  const seed = args.includes('--seed')
  const dirArg = args.find((a) => !a.startsWith('--'))
  const dir = dirArg ? path.resolve(dirArg) : undefined
  const pg = await openPglite(undefined)
  try {
    const query = async <T>(s: string) => (await pg.query(s)).rows as T[]
    await migrate({ exec: async (s) => void (await pg.exec(s)), query: async (s, p) => (await pg.query(s, p)).rows as never[] }, { dir, seed })
    // names print fully qualified, whatever the session's search path
    await pg.exec(`set search_path = ''`)
    process.stdout.write(JSON.stringify(await snapshot(query), null, 1) + '\n')
  } finally {
    await pg.close()
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
