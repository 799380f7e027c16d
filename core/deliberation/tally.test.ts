import { describe, expect, it } from 'vitest'
import { decide, tally } from './tally'

describe('motion rules', () => {
  it('below quorum is no quorum, whatever the votes', () => {
    expect(decide(10, 'majority', 9, 9, 9)).toBe('no_quorum')
    expect(decide(10, 'majority', 10, 10, 6)).toBe('passed')
  })
  it('simple majority needs more than half of the counted votes', () => {
    expect(decide(1, 'majority', 10, 10, 5)).toBe('failed')
    expect(decide(1, 'majority', 10, 10, 6)).toBe('passed')
  })
  it('two thirds needs at least two thirds', () => {
    expect(decide(1, 'two_thirds', 9, 9, 6)).toBe('passed')
    expect(decide(1, 'two_thirds', 9, 9, 5)).toBe('failed')
    expect(decide(1, 'two_thirds', 3, 0, 0)).toBe('failed')
  })
  it('abstentions count toward the quorum, not the threshold', () => {
    const t = tally([{ label: '同意', abstain: false, votes: 4 }, { label: '反对', abstain: false, votes: 3 }, { label: '弃权', abstain: true, votes: 5 }])
    expect(t).toEqual({ cast: 12, counted: 7, yes: 4 })
    expect(decide(12, 'majority', t.cast, t.counted, t.yes)).toBe('passed')
    expect(decide(13, 'majority', t.cast, t.counted, t.yes)).toBe('no_quorum')
    expect(decide(12, 'two_thirds', t.cast, t.counted, t.yes)).toBe('failed')
  })
  it('an abstention is the flagged option, whatever its label (issue 13)', () => {
    expect(tally([{ label: '同意', abstain: false, votes: 2 }, { label: '不表态', abstain: true, votes: 3 }, { label: '弃权', abstain: false, votes: 1 }]))
      .toEqual({ cast: 6, counted: 3, yes: 2 })
  })
})
