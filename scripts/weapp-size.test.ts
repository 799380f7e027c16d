import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { measure } from './weapp-size'

describe('weapp main-package measure', () => {
  it('counts files outside subpackage roots as the main package and skips source maps', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'weapp-'))
    writeFileSync(path.join(d, 'app.json'), JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'packageNeeds', pages: ['pages/create/index'] }] }))
    mkdirSync(path.join(d, 'pages/index'), { recursive: true })
    mkdirSync(path.join(d, 'packageNeeds/pages/create'), { recursive: true })
    writeFileSync(path.join(d, 'pages/index/index.js'), 'x'.repeat(1000))
    writeFileSync(path.join(d, 'pages/index/index.js.map'), 'x'.repeat(5000))
    writeFileSync(path.join(d, 'packageNeeds/pages/create/index.js'), 'y'.repeat(300))
    const r = measure(d)
    const appJsonSize = Buffer.byteLength(JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'packageNeeds', pages: ['pages/create/index'] }] }))
    expect(r.main).toBe(1000 + appJsonSize)
    expect(r.subpackages).toEqual({ packageNeeds: 300 })
    expect(r.pages).toEqual(['pages/index/index', 'packageNeeds/pages/create/index'])
  })
})
