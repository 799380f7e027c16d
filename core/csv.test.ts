import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('toCsv', () => {
  it('writes a BOM, CRLF rows and quotes what needs quoting', () => {
    const s = toCsv(['单位', '姓名', '时长'], [['红星, 物业', '孙"先生"', 12.5], ['区卫健委', null, 0]])
    expect(s).toBe('\ufeff单位,姓名,时长\r\n"红星, 物业","孙""先生""",12.5\r\n区卫健委,,0\r\n')
  })
  it('defuses spreadsheet formulas', () => {
    expect(toCsv(['a'], [['=HYPERLINK("x")']])).toContain(`"'=HYPERLINK(""x"")"`)
  })
})
