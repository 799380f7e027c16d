import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('toCsv', () => {
  it('writes a BOM, CRLF rows and quotes what needs quoting', () => {
    const s = toCsv(['单位', '姓名', '时长'], [['红星, 物业', '孙"先生"', 12.5], ['区卫健委', null, 0]])
    expect(s).toBe('\ufeff单位,姓名,时长\r\n"红星, 物业","孙""先生""",12.5\r\n区卫健委,,0\r\n')
  })
  it('defuses spreadsheet formulas', () => {
    expect(toCsv(['a'], [['=HYPERLINK("x")']])).toContain(`"'=HYPERLINK(""x"")"`)
    expect(toCsv(['a'], [['-2+3'], ['@SUM(A1)'], ['\t=1']])).toBe("\ufeffa\r\n'-2+3\r\n'@SUM(A1)\r\n'\t=1\r\n")
  })
  it('keeps numbers as numbers, negative ones included', () => {
    expect(toCsv(['变动'], [[-5], [12.5]])).toBe('\ufeff变动\r\n-5\r\n12.5\r\n')
  })
})
