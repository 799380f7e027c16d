import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ops } from '../core/contracts/api'
import { sqlArgs } from './_lib/http'

/**
 * `forward(ops.x, 'fn')` derives the SQL arguments from the contract's fields, so nothing but this check ties the two
 * together before a request fails: every field must name a parameter of the function, and every parameter without a
 * default must come from a field that is always there.
 */

const API = __dirname
const MIGRATIONS = path.resolve(__dirname, '../supabase/migrations')

interface Forward {
  file: string
  op: string
  fn: string
  rename: Record<string, string>
}

function handlerFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n)
    if (statSync(p).isDirectory()) return n === '_lib' ? [] : handlerFiles(p)
    return n.endsWith('.ts') && !n.endsWith('.test.ts') ? [p] : []
  })
}

export function forwardsIn(file: string, text: string): Forward[] {
  const re = /forward\(\s*ops\.(\w+),\s*'(\w+)'(?:,\s*\{([^}]*)\})?\s*\)/g
  return [...text.matchAll(re)].map((m) => ({
    file,
    op: m[1],
    fn: m[2],
    rename: Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+):\s*'(\w+)'/g)].map((r) => [r[1], r[2]])),
  }))
}

/** `public.fn(p_a type, p_b type default …)` of every migration, the last definition winning: parameter → has a default. */
export function sqlSignatures(sql: string): Map<string, Map<string, boolean>> {
  const out = new Map<string, Map<string, boolean>>()
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
  for (const m of text.matchAll(/\bcreate\s+(?:or\s+replace\s+)?function\s+(?:public\.)?([a-z_][a-z0-9_]*)\s*\(/gi)) {
    const params = new Map<string, boolean>()
    for (const p of splitTopLevel(text, m.index! + m[0].length)) {
      const d = /^\s*(?:(?:in|inout)\s+)?([a-z_][a-z0-9_]*)\s/i.exec(p)
      if (d && !/^\s*out\s/i.test(p)) params.set(d[1].toLowerCase(), /\bdefault\b|=/i.test(p))
    }
    out.set(m[1].toLowerCase(), params)
  }
  return out
}

/** The comma-separated parts of a parenthesised list starting at `from` (just after its `(`), quotes and nesting kept whole. */
function splitTopLevel(s: string, from: number): string[] {
  const parts: string[] = []
  let depth = 0
  let cur = ''
  for (let i = from; i < s.length; i++) {
    const c = s[i]
    if (c === "'") {
      const end = s.indexOf("'", i + 1)
      cur += s.slice(i, end + 1)
      i = end
      continue
    }
    if (c === '(') depth++
    if (c === ')' && depth-- === 0) break
    if (c === ',' && depth === 0) {
      parts.push(cur)
      cur = ''
    } else cur += c
  }
  if (cur.trim()) parts.push(cur)
  return parts
}

/** The fields of an operation's query, body and path, each with whether it is always present after validation. */
function fieldsOf(op: (typeof ops)[keyof typeof ops]): Map<string, boolean> {
  const out = new Map<string, boolean>()
  for (const part of [op.query, op.body, op.params] as z.ZodType[]) {
    for (const [k, f] of Object.entries(shapeOf(part))) {
      const absent = f.safeParse(undefined)
      out.set(k, !absent.success || absent.data !== undefined)
    }
  }
  return out
}

function shapeOf(s: z.ZodType): Record<string, z.ZodType> {
  let x = s as unknown as { shape?: Record<string, z.ZodType>; def?: { in?: unknown; innerType?: unknown } }
  for (let i = 0; i < 5 && x; i++) {
    if (x.shape) return x.shape
    x = (x.def?.in ?? x.def?.innerType) as typeof x
  }
  throw new Error('an operation part that is not an object')
}

const forwards = handlerFiles(API).flatMap((f) => forwardsIn(path.relative(API, f), readFileSync(f, 'utf8')))
const signatures = sqlSignatures(
  readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort().map((f) => readFileSync(path.join(MIGRATIONS, f), 'utf8')).join('\n'),
)

describe('forward(): contract fields and SQL parameters', () => {
  it('finds the forwarding handlers', () => {
    expect(forwards.length).toBeGreaterThan(80)
  })

  it('reads a signature: defaults, quoted commas and nested parentheses', () => {
    const s = sqlSignatures(`-- create function public.nope(p_x int)
      create or replace function public.f(p_a uuid, p_b text default 'a,b', p_c numeric(10, 2) default null, p_d jsonb = '[]')
      returns int language sql as $$ select 1 $$;`)
    expect([...s.keys()]).toEqual(['f'])
    expect(Object.fromEntries(s.get('f')!)).toEqual({ p_a: false, p_b: true, p_c: true, p_d: true })
  })

  it.each(forwards.map((f) => [`${f.file}: ${f.op} → ${f.fn}`, f] as const))('%s', (_, f) => {
    const op = ops[f.op as keyof typeof ops]
    expect(op, `ops.${f.op}`).toBeDefined()
    const params = signatures.get(f.fn)
    expect(params, `SQL function public.${f.fn}`).toBeDefined()
    const fields = fieldsOf(op)
    const args = sqlArgs(Object.fromEntries([...fields.keys()].map((k) => [k, k])), f.rename)
    // every field reaches a parameter of that name
    for (const [arg, field] of Object.entries(args)) expect(params!.has(arg), `${field} → ${arg}`).toBe(true)
    // every parameter without a default is given by a field that is always present
    const always = new Set(Object.keys(sqlArgs(Object.fromEntries([...fields].filter(([, a]) => a).map(([k]) => [k, k])), f.rename)))
    for (const [p, hasDefault] of params!) if (!hasDefault) expect(always.has(p), `${p} has no default`).toBe(true)
  })
})
