import { readFileSync, readdirSync, existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * 下拉刷新 only runs when the page's config enables it: a page that calls usePullDownRefresh without
 * `enablePullDownRefresh: true` looks refreshable and never is. Checked for every page of 议事 and 金豆.
 */
const MINIAPP = path.resolve(__dirname, '../..')
const PAGE_DIRS = [
  'pages/deliberation',
  ...readdirSync(path.join(MINIAPP, 'packageDeliberation/pages')).map((d) => `packageDeliberation/pages/${d}`),
  ...readdirSync(path.join(MINIAPP, 'packageBeans/pages')).map((d) => `packageBeans/pages/${d}`),
]

describe('pull-down refresh is enabled wherever a page listens for it', () => {
  const pages = PAGE_DIRS.filter((d) => existsSync(path.join(MINIAPP, d, 'index.tsx')))

  it('finds the pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(13)
  })

  it.each(pages)('%s', (dir) => {
    const source = readFileSync(path.join(MINIAPP, dir, 'index.tsx'), 'utf8')
    const config = readFileSync(path.join(MINIAPP, dir, 'index.config.ts'), 'utf8')
    const listens = /usePullDownRefresh\(/.test(source)
    const enabled = /enablePullDownRefresh:\s*true/.test(config)
    expect({ dir, listens, enabled: listens ? enabled : 'n/a' }).toEqual({ dir, listens, enabled: listens ? true : 'n/a' })
  })

  it('the 议事 tab is one of them', () => {
    expect(readFileSync(path.join(MINIAPP, 'pages/deliberation/index.config.ts'), 'utf8')).toMatch(/enablePullDownRefresh:\s*true/)
  })
})
