import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'smol-toml'
import { migrationFiles } from '../api/_lib/db/migrate'

const ROOT = path.resolve(__dirname, '..')

describe('deployment files', () => {
  it('supabase/config.toml parses and pins Postgres 15 with the seed', () => {
    const c = parse(readFileSync(path.join(ROOT, 'supabase/config.toml'), 'utf8')) as any
    expect(c.project_id).toBe('gongzhi')
    expect(c.db.major_version).toBe(15)
    expect(c.db.seed.sql_paths).toEqual(['./seed.sql'])
    expect(c.api.schemas).toEqual(['public'])
  })

  it('vercel.json serves the H5 build and routes everything but /api to index.html', () => {
    const v = JSON.parse(readFileSync(path.join(ROOT, 'vercel.json'), 'utf8'))
    expect(v.outputDirectory).toBe('dist/h5')
    expect(v.functions['api/**/*.ts']).toBeDefined()
    const rx = new RegExp(`^${v.rewrites[0].source.replace('/((?!api/).*)', '/((?!api/).*)')}$`)
    expect(rx.test('/pages/index/index')).toBe(true)
    expect(rx.test('/api/needs')).toBe(false)
  })

  it('migrations are named <14-digit timestamp>_<topic>.sql and the bootstrap is not among them', () => {
    const files = migrationFiles()
    expect(files.length).toBeGreaterThan(0)
    expect(files.every((f) => !f.file.includes('bootstrap'))).toBe(true)
    const sql = files.map((f) => readFileSync(f.file, 'utf8')).join('\n')
    // every table gets a comment and RLS
    const tables = [...sql.matchAll(/create table public\.(\w+)/g)].map((m) => m[1])
    for (const t of tables) {
      expect(sql, t).toContain(`comment on table public.${t} is`)
      expect(sql, t).toContain(`alter table public.${t} enable row level security`)
    }
    // the migrations never create Supabase's own roles or auth schema
    expect(sql).not.toMatch(/create role|create schema if not exists auth|create or replace function auth\./i)
  })
})
