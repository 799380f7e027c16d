import { describe, expect, it } from 'vitest'
import { beijingDay, buildingName, formatDate, formatDateTime, formatDue, formatPhone, formatWindow, phoneForSpeech, placeLabel } from './format'

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

describe('placeLabel / buildingName', () => {
  it('says 楼栋, never 微网格', () => {
    expect(placeLabel('和平社区', '1号楼微网格')).toBe('和平社区 · 1号楼')
    expect(placeLabel('和平社区', '阳光小区（微网格）')).toBe('和平社区 · 阳光小区')
    expect(placeLabel('和平社区', '5号楼 微网格')).toBe('和平社区 · 5号楼')
    expect(placeLabel('和平社区', '3号楼')).toBe('和平社区 · 3号楼')
    expect(placeLabel('和平社区', '西区网格')).toBe('和平社区 · 西区')
  })

  it('leaves out what is missing', () => {
    expect(placeLabel('和平社区', null)).toBe('和平社区')
    expect(placeLabel('和平社区', '微网格')).toBe('和平社区')
    expect(placeLabel(null, '1号楼微网格')).toBe('1号楼')
    expect(placeLabel(undefined, undefined)).toBe('')
    expect(buildingName('  ')).toBeNull()
    expect(buildingName('2号楼微网格')).toBe('2号楼')
  })
})

describe('formatPhone / phoneForSpeech', () => {
  it('groups digits the way a notice prints them', () => {
    expect(formatPhone('13800138000')).toBe('138 0013 8000')
    expect(formatPhone('01065123456')).toBe('010-6512 3456')
    expect(formatPhone('057187654321')).toBe('0571-8765 4321')
    expect(formatPhone('010-65123456')).toBe('010-65123456')
    expect(formatPhone('12345')).toBe('12345')
  })

  it('spells the number digit by digit for a screen reader', () => {
    expect(phoneForSpeech('010-6512 3456')).toBe('0 1 0 6 5 1 2 3 4 5 6')
  })
})
