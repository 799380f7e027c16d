/**
 * WeChat 读屏 plumbing (config/taro-plugin-aria.js + miniapp/app.ts): the weapp template writes
 * aria-role / aria-label / … on view, text, image and button, and the runtime sends those props under
 * the same short names (`ariaRole` → `p5`) the template reads. A mismatch would not fail any build: the
 * labels would silently land on the wrong attribute (or on hover-class), so this compares the two.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { getComponentsAlias, internalComponents, mergeInternalComponents, toCamelCase } from '@tarojs/shared'
// @ts-expect-error: the package keeps this file's types in dist/types/, which its exports do not point at
import { components as weappRuntimeComponents } from '@tarojs/plugin-platform-weapp/dist/runtime-utils'
import { ARIA_ATTRIBUTES, ARIA_TARGETS, ariaComponents } from '../../miniapp/utils/ariaComponents'

const require = createRequire(import.meta.url)
const root = path.resolve(__dirname, '../..')
const plugin = require(path.join(root, 'config/taro-plugin-aria.js')) as {
  ARIA_ATTRIBUTES: string[]
  ARIA_TARGETS: string[]
  ariaPatch(): Record<string, Record<string, string>>
  addAria(template: { internalComponents: Record<string, Record<string, string>> }): boolean
}

// What the weapp runtime does at start (plugin-platform-weapp/dist/runtime.js), then what app.ts adds.
mergeInternalComponents(weappRuntimeComponents as Record<string, Record<string, string>>)
mergeInternalComponents(ariaComponents())
const alias = getComponentsAlias(internalComponents) as Record<string, Record<string, string>>

/** The weapp build to compare with: WEAPP_DIR, else dist/weapp-main, else dist/weapp. */
function builtBase(): string | null {
  const dirs = [process.env.WEAPP_DIR, 'dist/weapp-main', 'dist/weapp'].filter((d): d is string => !!d)
  for (const d of dirs) {
    const file = path.resolve(root, d, 'base.wxml')
    if (existsSync(file)) return readFileSync(file, 'utf8')
  }
  return null
}

describe('weapp aria attributes', () => {
  it('the plugin and the runtime list the same attributes for the same components', () => {
    expect(plugin.ARIA_ATTRIBUTES).toEqual([...ARIA_ATTRIBUTES])
    expect(plugin.ARIA_TARGETS).toEqual([...ARIA_TARGETS])
    expect(plugin.ariaPatch()).toEqual(ariaComponents())
    expect(ARIA_ATTRIBUTES).toEqual(expect.arrayContaining(['aria-role', 'aria-label', 'aria-checked', 'aria-selected', 'aria-disabled']))
  })

  it('the runtime has a short name for every aria prop of view, text, image and button', () => {
    for (const name of ['view', 'static-view', 'text', 'static-text', 'image', 'static-image', 'button']) {
      for (const attr of ARIA_ATTRIBUTES) expect(alias[name]?.[toCamelCase(attr)], `${name} ${attr}`).toMatch(/^p\d+$/)
    }
    // names within one component are distinct (two props on one pN would overwrite each other)
    const names = ARIA_ATTRIBUTES.map((a) => alias.view[toCamelCase(a)])
    expect(new Set(names).size).toBe(names.length)
  })

  it('the plugin adds the attributes to a template and makes it build its components again', () => {
    const template = { internalComponents: { View: { 'hover-class': "'none'" } } as Record<string, Record<string, string>>, miniComponents: {}, componentsAlias: {} }
    expect(plugin.addAria(template)).toBe(true)
    expect(Object.keys(template.internalComponents.View)).toEqual(['hover-class', ...ARIA_ATTRIBUTES])
    expect(template.internalComponents.Button['aria-label']).toBe('')
    expect(template.miniComponents).toBeUndefined()
    expect(template.componentsAlias).toBeUndefined()
  })

  it('app.ts merges the list on weapp and config/index.ts registers the plugin', () => {
    const app = readFileSync(path.join(root, 'miniapp/app.ts'), 'utf8')
    expect(app).toMatch(/TARO_ENV === 'weapp'\)\s*\{[^}]*mergeInternalComponents\(ariaComponents\(\)\)/)
    expect(readFileSync(path.join(root, 'config/index.ts'), 'utf8')).toMatch(/plugins:\s*\[[^\]]*taro-plugin-aria\.js/)
  })

  const base = builtBase()
  it.skipIf(!base)('a built base.wxml reads every aria prop under the runtime\'s name', () => {
    const tags: Record<string, string> = { view: 'view', text: 'text', image: 'image', button: 'button' }
    let checked = 0
    for (const [tag, comp] of Object.entries(tags)) {
      const openings = base!.match(new RegExp(`<${tag}\\b[^>]*>`, 'g')) ?? []
      const withAria = openings.filter((o) => o.includes('aria-role='))
      expect(withAria.length, `<${tag}> with aria-role`).toBeGreaterThan(0)
      for (const o of withAria) {
        for (const attr of ARIA_ATTRIBUTES) {
          const m = new RegExp(`\\s${attr}="\\{\\{i\\.(p\\d+)\\}\\}"`).exec(o)
          expect(m?.[1], `${tag} ${attr}`).toBe(alias[comp][toCamelCase(attr)])
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(20)
    // the literal the brief asks for
    expect(base).toContain(`aria-role="{{i.${alias.view.ariaRole}}}"`)
  })
})
