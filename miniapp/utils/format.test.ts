import { describe, expect, it } from 'vitest'
import { beijingDay, formatDate, formatDateTime, formatDue, formatWindow } from './format'

const now = new Date('2024-11-22T12:00:00+08:00')

describe('formatDateTime', () => {
  it('shows month, day and 24-hour time in Beijing time', () => {
    expect(formatDateTime('2024-11-22T06:30:00Z', now)).toBe('11月22日 14:30')
    expect(formatDateTime('2024-11-22T14:30:00+08:00', now)).toBe('11月22日 14:30')
  })

  it('pads minutes and hours but not month and day', () => {
    expect(formatDateTime('2024-03-05T01:07:00+08:00', now)).toBe('3月5日 01:07')
  })

  it('crosses the date line into the next day in Beijing time', () => {
    // 17:10 UTC on 31 Dec is 01:10 on 1 Jan in Beijing.
    expect(formatDateTime('2024-12-31T17:10:00Z', new Date('2025-02-01T00:00:00+08:00'))).toBe('1月1日 01:10')
  })

  it('adds the year for another year', () => {
    expect(formatDateTime('2023-11-22T14:30:00+08:00', now)).toBe('2023年11月22日 14:30')
  })

  it('returns unparseable input unchanged rather than "NaN月"', () => {
    expect(formatDateTime('not a date', now)).toBe('not a date')
  })
})

describe('formatDue / formatWindow / beijingDay', () => {
  it('says when and what is owed', () => {
    expect(formatDue('2024-11-22T07:30:00Z', 'resolve', now)).toBe('应于 11月22日 15:30 前办结')
    expect(formatDue('2024-11-29T07:30:00Z', 'plan', now)).toBe('应于 11月29日 15:30 前拿出方案')
    expect(formatDue('2024-11-29T07:30:00Z', 'report', now)).toBe('应于 11月29日 15:30 前上报')
  })

  it('writes a one-day window once and a longer one in full', () => {
    expect(formatWindow('2024-11-23T08:00:00+08:00', '2024-11-23T12:00:00+08:00', now)).toBe('11月23日 08:00–12:00')
    expect(formatWindow('2024-11-23T08:00:00+08:00', '2024-11-24T12:00:00+08:00', now)).toBe('11月23日 08:00 至 11月24日 12:00')
    expect(formatWindow(null, null, now)).toBe('')
  })

  it('counts days on the Beijing calendar', () => {
    // 20:00 UTC on 22 Nov is already 23 Nov in Beijing.
    expect(beijingDay(0, new Date('2024-11-22T20:00:00Z'))).toBe('2024-11-23')
    expect(beijingDay(1, new Date('2024-12-31T10:00:00+08:00'))).toBe('2025-01-01')
    expect(formatDate('2024-11-23T08:00:00+08:00', now)).toBe('11月23日')
  })
})
