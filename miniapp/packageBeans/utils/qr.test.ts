import { beforeEach, describe, expect, it, vi } from 'vitest'
import { resetTaroMock, storage } from '../../testing/taroMock'
import { QR_SVG } from '../testing/fixtures'
import { base64Utf8, codeFromScan, recallQr, rememberQr, svgDataUrl, withSize } from './qr'
import { formatAmount, formatLimit } from './labels'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

beforeEach(() => resetTaroMock())

describe('QR helpers', () => {
  it('base64Utf8 matches Node for ASCII, CJK and astral text, with padding', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'abcd', QR_SVG, '兑换码 123456', '金豆🎉']) {
      expect(base64Utf8(s)).toBe(Buffer.from(s, 'utf8').toString('base64'))
    }
  })

  it('svgDataUrl is a base64 SVG data URL of the SVG, given an intrinsic size when it has none', () => {
    const url = svgDataUrl(QR_SVG)
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true)
    const svg = Buffer.from(url.split(',')[1], 'base64').toString('utf8')
    expect(svg).toBe(QR_SVG.replace('<svg ', '<svg width="300" height="300" '))
    const sized = '<svg width="50" height="50" viewBox="0 0 1 1"></svg>'
    expect(withSize(sized)).toBe(sized)
  })

  it('remembers the QR of a redemption on this device, newest first, at most 20', () => {
    expect(recallQr('a')).toBeNull()
    rememberQr('a', '<svg>a</svg>')
    rememberQr('b', null)
    expect(recallQr('a')).toBe('<svg>a</svg>')
    expect(recallQr('b')).toBeNull()
    for (let i = 0; i < 25; i++) rememberQr(`r${i}`, `<svg>${i}</svg>`)
    expect(recallQr('r24')).toBe('<svg>24</svg>')
    expect(recallQr('r5')).toBe('<svg>5</svg>')
    expect(recallQr('r4')).toBeNull()
    expect(recallQr('a')).toBeNull()
  })

  it('ignores a damaged store', () => {
    storage.set('beans.redemptionQr', '{not json')
    expect(recallQr('a')).toBeNull()
    rememberQr('a', '<svg/>')
    expect(recallQr('a')).toBe('<svg/>')
  })

  it('codeFromScan reads the server\'s QR payload or a bare code', () => {
    expect(codeFromScan('GZ-REDEEM:012345')).toBe('012345')
    expect(codeFromScan(' 654321 ')).toBe('654321')
    expect(codeFromScan('GZ-REDEEM:12345')).toBeNull()
    expect(codeFromScan('https://example.com')).toBeNull()
  })
})

describe('labels', () => {
  it('formatLimit and formatAmount', () => {
    expect(formatLimit({ perPersonLimit: 1, limitPeriod: 'once' })).toBe('每人限 1 次')
    expect(formatLimit({ perPersonLimit: 2, limitPeriod: 'week' })).toBe('每周每人限 2 次')
    expect(formatLimit({ perPersonLimit: null, limitPeriod: null })).toBeNull()
    expect(formatAmount(100)).toBe('+100')
    expect(formatAmount(-30)).toBe('−30')
    expect(formatAmount(0)).toBe('0')
  })
})
