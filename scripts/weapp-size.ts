/**
 * Measures the WeChat main package (everything in dist/weapp outside the subpackage roots) and fails
 * above the budget of DESIGN.md §5 (1.5 MB; WeChat's own limit is 2 MB). Also checks app.json.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export const MAIN_PACKAGE_BUDGET = 1.5 * 1024 * 1024

export function measure(dir: string): { main: number; subpackages: Record<string, number>; pages: string[] } {
  const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
    pages: string[]
    subPackages?: { root: string; pages: string[] }[]
    subpackages?: { root: string; pages: string[] }[]
  }
  const subs = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''))
  const sizes: Record<string, number> = Object.fromEntries(subs.map((s) => [s, 0]))
  let main = 0
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name)
      if (statSync(full).isDirectory()) walk(full)
      else {
        const rel = path.relative(dir, full).split(path.sep).join('/')
        if (rel.endsWith('.map')) continue
        const sub = subs.find((s) => rel === s || rel.startsWith(s + '/'))
        const size = statSync(full).size
        if (sub) sizes[sub] += size
        else main += size
      }
    }
  }
  walk(dir)
  const pages = [...app.pages, ...(app.subPackages ?? app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
  return { main, subpackages: sizes, pages }
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? 'dist/weapp')
  if (!existsSync(path.join(dir, 'app.json'))) {
    console.error(`weapp-size: ${dir}/app.json not found; run npm run build:weapp first`)
    process.exit(1)
  }
  const r = measure(dir)
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  console.log(`weapp pages: ${r.pages.join(', ')}`)
  console.log(`weapp main package: ${kb(r.main)} (budget ${kb(MAIN_PACKAGE_BUDGET)})`)
  for (const [s, n] of Object.entries(r.subpackages)) console.log(`weapp subpackage ${s}: ${kb(n)}`)
  console.log(JSON.stringify({ weappMainBytes: r.main, budgetBytes: MAIN_PACKAGE_BUDGET, subpackages: r.subpackages }))
  if (r.main > MAIN_PACKAGE_BUDGET) {
    console.error(`weapp main package ${kb(r.main)} exceeds the budget ${kb(MAIN_PACKAGE_BUDGET)}`)
    process.exit(1)
  }
}
