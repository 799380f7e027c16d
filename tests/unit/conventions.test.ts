/**
 * Conventions every page and stylesheet of the mini-program keeps (issue 15, 长辈版 and 适老化), checked on the
 * source so a new page cannot forget them:
 *  - every page renders components/Screen as its root (the display scale --gz-s and `is-elder` live there);
 *  - a page that handles pull-down (useLoader's `pullDown`, usePullDown, in the page or a component it uses) turns it on in
 *    its index.config.ts, else WeChat never fires it;
 *  - no text smaller than 30 design px (15 CSS px): `font-size` in lower-case px (scaled by pxtransform) at
 *    least 30, in upper-case PX (left alone: desk layouts, H5 chrome) at least 15.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../..')
const miniapp = path.join(root, 'miniapp')
const rel = (f: string) => path.relative(root, f).split(path.sep).join('/')

function walk(dir: string, test: (f: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) walk(full, test, out)
    else if (test(full)) out.push(full)
  }
  return out
}

/** Every page: the main package's and each subpackage's, as app.config.ts lists them. */
function pages(): string[] {
  const config = readFileSync(path.join(miniapp, 'app.config.ts'), 'utf8')
  const found: string[] = []
  const main = /pages:\s*\[([^\]]*)\]/.exec(config)
  for (const m of main![1].matchAll(/'([^']+)'/g)) found.push(m[1])
  for (const sub of config.matchAll(/root:\s*'([^']+)'[\s\S]*?pages:\s*\[([^\]]*)\]/g)) {
    for (const m of sub[2].matchAll(/'([^']+)'/g)) found.push(`${sub[1]}/${m[1]}`)
  }
  return found.map((p) => path.join(miniapp, `${p}.tsx`))
}

function resolveImport(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec)
  for (const c of [base, `${base}.tsx`, `${base}.ts`, path.join(base, 'index.tsx'), path.join(base, 'index.ts')]) {
    if (existsSync(c) && statSync(c).isFile()) return c
  }
  return null
}

/** The page and every module of miniapp/ it imports, transitively (core/ and packages are not ours to scan). */
function reachable(entry: string): string[] {
  const seen = new Set<string>()
  const stack = [entry]
  while (stack.length) {
    const file = stack.pop()!
    if (seen.has(file) || !file.startsWith(miniapp) || !/\.tsx?$/.test(file)) continue
    seen.add(file)
    const src = readFileSync(file, 'utf8')
    for (const m of src.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = resolveImport(file, m[1])
      if (target) stack.push(target)
    }
  }
  return [...seen]
}

describe('pages', () => {
  const list = pages()

  it('app.config.ts lists pages that exist', () => {
    expect(list.length).toBeGreaterThan(40)
    expect(list.filter((f) => !existsSync(f)).map(rel)).toEqual([])
  })

  it('every page renders Screen as its root', () => {
    const offenders: string[] = []
    for (const file of list.filter((f) => existsSync(f))) {
      const src = readFileSync(file, 'utf8')
      const imports = /import\s*\{[^}]*\bScreen\b[^}]*\}\s*from\s*'[./]*\/?(?:\.\.\/)*components\/Screen'/.test(src)
      const renders = /<Screen\b/.test(src)
      // the page background and padding belong to the Screen: a plain View with class `page` is a root that escaped
      const plainRoot = /<View\s+className=\{?[`'"]page[\s'"`]/.test(src)
      if (!imports || !renders || plainRoot) {
        offenders.push(`${rel(file)}: ${!imports ? 'does not import Screen' : !renders ? 'never renders <Screen>' : "a <View className='page …'> root instead of <Screen>"}`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('a page that handles pull-down enables it in its index.config.ts', () => {
    const offenders: string[] = []
    for (const file of list.filter((f) => existsSync(f))) {
      // the hook itself registers pull-down only for a screen that asks (`pullDown: true` or usePullDown)
      const users = reachable(file)
        .filter((f) => !f.endsWith(path.join('utils', 'useLoader.ts')))
        .filter((f) => /\busePullDown(?:Refresh)?\s*\(|\bpullDown:\s*(?!false)/.test(readFileSync(f, 'utf8')))
      if (users.length === 0) continue
      const configFile = file.replace(/index\.tsx$/, 'index.config.ts')
      const config = existsSync(configFile) ? readFileSync(configFile, 'utf8') : ''
      if (!/enablePullDownRefresh:\s*true/.test(config)) offenders.push(`${rel(configFile)}: usePullDownRefresh in ${users.map(rel).join(', ')}`)
    }
    expect(offenders).toEqual([])
  })
})

describe('stylesheets', () => {
  /** $name → value from theme.scss, then the file's own variables. */
  function variables(src: string, inherited: Record<string, string> = {}): Record<string, string> {
    const vars = { ...inherited }
    for (const m of src.matchAll(/^\s*\$([\w-]+)\s*:\s*([^;]+);/gm)) vars[m[1]] = m[2].replace(/\s*!default\s*$/, '').trim()
    return vars
  }
  const theme = variables(readFileSync(path.join(miniapp, 'styles/theme.scss'), 'utf8'))

  /** A font-size value that is too small, or null. Values we cannot read (inherit, %, calc of vars) pass. */
  function tooSmall(value: string, vars: Record<string, string>): string | null {
    let v = value.replace(/!important/, '').trim()
    for (let i = 0; i < 5 && /^\$[\w-]+$/.test(v); i++) v = vars[v.slice(1)] ?? v
    const m = /^(\d*\.?\d+)(px|PX)$/.exec(v)
    if (!m) return null
    const n = Number(m[1])
    if (m[2] === 'px' && n < 30) return `${value} (= ${n}px, below 30px)`
    if (m[2] === 'PX' && n < 15) return `${value} (= ${n}PX, below 15PX)`
    return null
  }

  it('the theme\'s font sizes are at least 30 design px', () => {
    const small = Object.entries(theme)
      .filter(([k]) => k.startsWith('font-'))
      .map(([k, v]) => [k, tooSmall(v, theme)])
      .filter(([, bad]) => bad)
    expect(small).toEqual([])
  })

  it('no font-size below 30px (design) or 15PX (CSS) anywhere in miniapp/', () => {
    const offenders: string[] = []
    for (const file of walk(miniapp, (f) => /\.(scss|css)$/.test(f))) {
      const src = readFileSync(file, 'utf8')
      const vars = variables(src, theme)
      src.split('\n').forEach((line, i) => {
        const m = /(?:^|[\s;{])font-size\s*:\s*([^;}]+)/.exec(line.replace(/\/\/.*$/, ''))
        if (!m) return
        const bad = tooSmall(m[1], vars)
        if (bad) offenders.push(`${rel(file)}:${i + 1}: font-size ${bad}`)
      })
    }
    expect(offenders).toEqual([])
  })
})

describe('the API is reached through the contracts', () => {
  /** A path literal in mini-program code: `'/api/…'`, `` `/api/…` `` or `"/api/…"` (tests may assert the wire URL). */
  const apiPath = /['"`]\/api\//

  it('no source file under miniapp/ spells an /api/ path', () => {
    const offenders = walk(miniapp, (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .filter((f) => apiPath.test(readFileSync(f, 'utf8')))
      .map(rel)
    expect(offenders).toEqual([])
  })

  it('the check sees a path literal', () => {
    expect(apiPath.test("request({ path: '/api/needs' })")).toBe(true)
    expect(apiPath.test('api.needs.listNeeds({ query })')).toBe(false)
  })
})
