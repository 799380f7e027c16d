import { describe, expect, it } from 'vitest'
import { literal } from './postgres'

// Parameters travel inside one simple-protocol message (see postgres.ts): the quoting must be exact.
describe('postgres gateway literals', () => {
  it('quotes strings as E-literals, doubling quotes and backslashes', () => {
    expect(literal("O'Brien")).toBe("E'O''Brien'")
    expect(literal('a\\b')).toBe("E'a\\\\b'")
    expect(literal("\\'; drop table x; --")).toBe("E'\\\\''; drop table x; --'")
    expect(literal('议题')).toBe("E'议题'")
  })
  it('keeps booleans and null typed, sends numbers as untyped text and objects as jsonb', () => {
    expect(literal(true)).toBe('true')
    expect(literal(false)).toBe('false')
    expect(literal(null)).toBe('null')
    expect(literal(42)).toBe("E'42'")
    expect(literal({ json: '{"a":"it\'s"}' })).toBe(`E'{"a":"it''s"}'::jsonb`)
  })
  it('refuses NUL, which no Postgres text can hold', () => {
    expect(() => literal('a\u0000b')).toThrow()
  })
})
