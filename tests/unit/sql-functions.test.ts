import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Each SQL function is defined in one place, so its live definition is found by reading one file.
 *
 * The rule: a function is created in exactly one migration, once. While a change is not deployed, edit the function
 * where it is defined. Once its migration is deployed, that file can no longer change: a later migration that
 * changes the function carries the whole new definition (`create or replace`), and the function is listed in
 * REDEFINED below with the reason, so a reader knows to look at the later file.
 */
const REDEFINED: Record<string, { file: string; reason: string }> = {}

const MIGRATIONS = path.resolve(__dirname, '../../supabase/migrations')

export interface SqlFile {
  name: string
  sql: string
}

/** `create [or replace] function [schema.]name`, names unquoted and lower-cased; comments and string bodies skipped. */
export function functionNames(sql: string): string[] {
  const names: string[] = []
  const re = /\bcreate\s+(?:or\s+replace\s+)?function\s+((?:"[^"]+"|[a-z_][a-z0-9_$]*)(?:\s*\.\s*(?:"[^"]+"|[a-z_][a-z0-9_$]*))?)/gi
  for (const m of stripCommentsAndBodies(sql).matchAll(re)) {
    const parts = m[1].split('.').map((p) => p.trim().replace(/^"|"$/g, ''))
    const full = parts.length === 1 ? `public.${parts[0]}` : parts.join('.')
    names.push(full.toLowerCase())
  }
  return names
}

/** Blanks out comments, string literals and dollar-quoted bodies (a function may build SQL text naming another). */
function stripCommentsAndBodies(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|\$([a-z_]*)\$[\s\S]*?\$\1\$/gi, ' ')
}

/** Every way the rule is broken: a name defined twice in one file, or in two files without a REDEFINED entry. */
export function duplicateDefinitions(files: SqlFile[], redefined: Record<string, { file: string }> = REDEFINED): string[] {
  const seen = new Map<string, string>()
  const problems: string[] = []
  for (const f of files) {
    for (const name of functionNames(f.sql)) {
      const first = seen.get(name)
      if (first === undefined) seen.set(name, f.name)
      else if (first === f.name) problems.push(`${name} is defined twice in ${f.name}`)
      else if (redefined[name]?.file !== f.name) problems.push(`${name} is defined in ${first} and again in ${f.name}`)
    }
  }
  return problems
}

function migrationFiles(): SqlFile[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(MIGRATIONS, name), 'utf8') }))
}

describe('SQL functions', () => {
  it('each is defined once, in one migration', () => {
    const files = migrationFiles()
    expect(files.length).toBeGreaterThan(0)
    expect(files.flatMap((f) => functionNames(f.sql)).length).toBeGreaterThan(100)
    expect(duplicateDefinitions(files)).toEqual([])
  })

  it('every REDEFINED entry names a later migration that defines the function', () => {
    const files = migrationFiles()
    for (const [name, { file }] of Object.entries(REDEFINED)) {
      expect(files.find((f) => f.name === file)?.sql ?? '', `${name}: ${file}`).toSatisfy((sql: string) => functionNames(sql).includes(name))
    }
  })

  it('catches a function defined in two files, or twice in one (so the check above cannot pass vacuously)', () => {
    const a = { name: '20990101000100_a.sql', sql: `create or replace function app.f(p int) returns int language sql as $$ select p $$;` }
    const b = { name: '20990101000200_b.sql', sql: `-- create function app.g() in a comment is not a definition\nCREATE FUNCTION "app"."F"(p int) returns int\nlanguage sql as $$ select p $$;` }
    expect(duplicateDefinitions([a, b], {})).toEqual(['app.f is defined in 20990101000100_a.sql and again in 20990101000200_b.sql'])
    expect(duplicateDefinitions([a, b], { 'app.f': { file: b.name } })).toEqual([])
    expect(duplicateDefinitions([{ name: a.name, sql: a.sql + '\n' + a.sql }], {})).toEqual(['app.f is defined twice in 20990101000100_a.sql'])
    // unqualified names are public ones; a body naming another function's definition is text, not a definition
    const c = { name: '20990101000300_c.sql', sql: `create function h() returns void language plpgsql as $$ begin execute 'create function app.f() ...'; end $$;` }
    expect(functionNames(c.sql)).toEqual(['public.h'])
  })
})
