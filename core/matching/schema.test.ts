import { describe, expect, it } from 'vitest'
import { parseMatchingInput } from './schema'

const good = {
  needs: [{ id: 'n1', demand: 2 }],
  resources: [{ id: 'r1', capacity: 3 }],
  candidates: [{ need: 'n1', resource: 'r1', score: 87 }],
}

describe('parseMatchingInput', () => {
  it('accepts the documented shape', () => {
    expect(parseMatchingInput(good)).toEqual(good)
  })

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 42, /\(root\)/],
    ['a missing array', { needs: [], resources: [] }, /"candidates" must be an array/],
    ['a string demand', { ...good, needs: [{ id: 'n1', demand: '2' }] }, /needs\[0\]\.demand: demand must be a number/],
    ['a fractional demand', { ...good, needs: [{ id: 'n1', demand: 1.5 }] }, /needs\[0\]\.demand: demand must be an integer/],
    ['negative capacity', { ...good, resources: [{ id: 'r1', capacity: -1 }] }, /resources\[0\]\.capacity: capacity must be ≥ 0/],
    ['an empty id', { ...good, resources: [{ id: '', capacity: 1 }] }, /resources\[0\]\.id: resource id must not be empty/],
    ['a numeric id', { ...good, needs: [{ id: 1, demand: 1 }] }, /needs\[0\]\.id: need id must be a string/],
    ['a fractional score', { ...good, candidates: [{ need: 'n1', resource: 'r1', score: 2.5 }] }, /candidates\[0\]\.score: score must be an integer/],
    ['a negative score', { ...good, candidates: [{ need: 'n1', resource: 'r1', score: -3 }] }, /candidates\[0\]\.score: score must be in 0\.\.10000/],
    ['an unknown resource', { ...good, candidates: [{ need: 'n1', resource: 'r9', score: 1 }] }, /candidates\[0\]\.resource: unknown resource "r9"/],
    ['a duplicate resource id', { ...good, resources: [good.resources[0], good.resources[0]] }, /resources\[1\]\.id: duplicate resource id "r1"/],
  ]
  it.each(bad)('rejects %s, naming the field', (_name, input, message) => {
    expect(() => parseMatchingInput(input)).toThrow(message)
  })

  it('lists at most five problems', () => {
    const input = { ...good, candidates: Array.from({ length: 8 }, () => ({ need: 'n1', resource: 'r1', score: -1 })) }
    expect(() => parseMatchingInput(input)).toThrow(/… and 3 more$/)
  })
})
