import { describe, expect, it } from 'vitest'
import { addDays, statsInstants, statsLastAllowedDay, statsPeriod, statsToday } from '../contracts/stats'
import { countsOf } from './overview'

describe('stats period', () => {
  const now = new Date('2026-11-28T17:30:00Z') // 2026-11-29 01:30 in China

  it('days are China days; the default is the last 30 days, today included', () => {
    expect(statsToday(now)).toBe('2026-11-29')
    expect(statsPeriod({}, now)).toEqual({ from: '2026-10-31', to: '2026-11-29' })
    expect(statsPeriod({ to: '2026-03-01' }, now)).toEqual({ from: '2026-01-31', to: '2026-03-01' })
    expect(statsPeriod({ from: '2026-11-01' }, now)).toEqual({ from: '2026-11-01', to: '2026-11-29' })
  })

  it('instants are [from 00:00, the day after to 00:00) at UTC+8', () => {
    expect(statsInstants({ from: '2026-09-01', to: '2026-09-30' })).toEqual({ start: '2026-09-01T00:00:00+08:00', end: '2026-10-01T00:00:00+08:00' })
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
  })

  it('three years at most, clamping 29 February like Postgres', () => {
    expect(statsLastAllowedDay('2023-09-01')).toBe('2026-08-31')
    expect(statsLastAllowedDay('2024-02-29')).toBe('2027-02-27')
  })
})

describe('countsOf', () => {
  it('lists every key in order, zeros included, with its label', () => {
    expect(countsOf({ b: 2 }, ['a', 'b'], { a: '甲', b: '乙' })).toEqual([{ key: 'a', label: '甲', count: 0 }, { key: 'b', label: '乙', count: 2 }])
  })
})
