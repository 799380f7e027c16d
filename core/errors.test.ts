import { describe, expect, it } from 'vitest'
import { DomainError, ERROR_TABLE } from './errors'

describe('DomainError', () => {
  it('takes status and Chinese message from the table', () => {
    const e = new DomainError('need.not_found')
    expect(e.status).toBe(404)
    expect(e.userMessage).toBe('没有找到这条需求')
  })
  it('falls back to 400 and a generic Chinese message for unknown codes', () => {
    const e = new DomainError('something.new')
    expect(e.status).toBe(400)
    expect(e.userMessage).toMatch(/[\u4e00-\u9fa5]/)
  })
  it('every message in the table is Chinese', () => {
    for (const [code, spec] of Object.entries(ERROR_TABLE)) {
      expect(spec.message, code).toMatch(/[\u4e00-\u9fa5]/)
      expect(spec.status, code).toBeGreaterThanOrEqual(400)
    }
  })
})
