import { describe, expect, it } from 'vitest'
import { EXPORT_KINDS, ZExportRequest, exportFileName, lastAllowedDay } from '../contracts/exports'
import { EXPORT_TABLES, exportCsv } from './table'

describe('export tables', () => {
  it('every kind has a Chinese header and rows as wide as it', () => {
    for (const kind of EXPORT_KINDS) {
      const t = EXPORT_TABLES[kind]
      expect(t.header.every((h) => /[\u4e00-\u9fff]/.test(h))).toBe(true)
      expect(t.row({}).length).toBe(t.header.length)
    }
  })
  it('writes labels, keeps numbers and defuses typed formulas', () => {
    const csv = exportCsv('bean_movements', [
      { community: '阳光社区', at: '2026-11-28 09:30', account: '社区金豆池', amount: -5, balanceAfter: null, kind: 'award_manual', reason: '=1+1' },
    ])
    expect(csv).toBe('\ufeff社区,时间,账户,变动,变动后余额,类型,事由\r\n阳光社区,2026-11-28 09:30,社区金豆池,-5,,社区奖励,\'=1+1\r\n')
    const needs = exportCsv('needs', [{ title: '路灯坏了', category: 'facility_repair', status: 'in_progress', overdue: true, rating: 4 }])
    expect(needs).toContain(',路灯坏了,设施维修,')
    expect(needs).toContain(',处理中,')
    expect(needs).toContain(',是,')
  })
})

describe('export request', () => {
  const base = { kind: 'needs', communityId: '20000000-0000-4000-8000-00000000000a', from: '2026-01-01', to: '2026-01-31' }
  const field = (input: Record<string, unknown>) => {
    const r = ZExportRequest.safeParse(input)
    return r.success ? null : r.error.issues[0].path.join('.')
  }
  it('names the field at fault', () => {
    expect(field(base)).toBeNull()
    expect(field({ ...base, from: '0000-01-01' })).toBe('from')
    expect(field({ ...base, from: 'x' })).toBe('from')
    expect(field({ ...base, to: '2026-02-29' })).toBe('to')
    expect(field({ ...base, to: '2025-12-31' })).toBe('to')
    expect(field({ ...base, communityId: undefined })).toBe('communityId')
    expect(field({ ...base, streetId: '10000000-0000-4000-8000-000000000001' })).toBe('communityId')
    expect(field({ ...base, format: 'xlsx' })).toBe('format')
  })
  it('allows three years less a day, as the SQL does', () => {
    expect(lastAllowedDay('2026-01-01')).toBe('2028-12-31')
    // 2024-02-29 + 3 years is 2027-02-28 in Postgres
    expect(lastAllowedDay('2024-02-29')).toBe('2027-02-27')
    expect(field({ ...base, to: '2028-12-31' })).toBeNull()
    expect(field({ ...base, to: '2029-01-01' })).toBe('to')
  })
  it('names the file by kind and period', () => {
    expect(exportFileName({ kind: 'volunteer_hours', from: '2026-11-01', to: '2026-11-30' })).toBe('志愿服务时长_volunteer_hours_2026-11-01_2026-11-30.csv')
  })
})
