import { cleanup, render } from '@testing-library/react'
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Screen } from '../components/Screen'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import { ELDER_KEY, ELDER_SCALE, MAX_SCALE, getDisplay, resetDisplay, scaleFor, setElder } from './display'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(() => {
  resetTaroMock()
  Taro.getAppBaseInfo.mockImplementation(() => ({ fontSizeScaleFactor: 1 }))
  resetDisplay()
})
afterEach(cleanup)

describe('scaleFor', () => {
  it.each([
    // [elder, WeChat factor, scale]
    [false, 1, 1],
    [true, 1, 1.34],
    [false, 1.25, 1.25],
    [true, 1.25, 1.34],
    [false, 1.5, 1.5],
    [true, 1.5, 1.5],
    [false, 2, 1.6],
    [true, 2, 1.6],
    [false, 0.8, 1],
    [true, 0.8, 1.34],
  ])('elder %s, WeChat %s → %s', (elder, system, scale) => {
    expect(scaleFor(elder, system)).toBe(scale)
  })

  it('the constants are the ones the size rules were worked out for', () => {
    expect(ELDER_SCALE).toBe(1.34)
    expect(MAX_SCALE).toBe(1.6)
    // the smallest text (15 px) and tap target (44 px) in 长辈版
    expect(15 * ELDER_SCALE).toBeGreaterThanOrEqual(20)
    expect(44 * ELDER_SCALE).toBeGreaterThanOrEqual(58.9)
  })
})

describe('display', () => {
  it('reads 长辈版 from storage and the WeChat font setting (or the older px setting)', () => {
    storage.set(ELDER_KEY, '1')
    Taro.getAppBaseInfo.mockImplementation(() => ({ fontSizeScaleFactor: 1.25 }))
    resetDisplay()
    expect(getDisplay()).toEqual({ elder: true, systemScale: 1.25, scale: 1.34 })

    storage.delete(ELDER_KEY)
    Taro.getAppBaseInfo.mockImplementation(() => ({ fontSizeSetting: 25.5 }))
    resetDisplay()
    expect(getDisplay()).toEqual({ elder: false, systemScale: 1.5, scale: 1.5 })
  })

  it('a host without the API (H5) is standard size', () => {
    Taro.getAppBaseInfo.mockImplementation(() => {
      throw new Error('not supported')
    })
    resetDisplay()
    expect(getDisplay()).toEqual({ elder: false, systemScale: 1, scale: 1 })
  })

  it('setElder writes storage, and every mounted Screen re-renders with is-elder and --gz-s', () => {
    const a = render(<Screen className='page one'>一</Screen>)
    const b = render(<Screen className='page two'>二</Screen>)
    const one = () => a.container.querySelector('.one') as HTMLElement
    const two = () => b.container.querySelector('.two') as HTMLElement
    expect(one().className).toBe('page one')
    expect(one().getAttribute('style')).toMatch(/--gz-s:\s*1\b/)

    act(() => setElder(true))
    expect(storage.get(ELDER_KEY)).toBe('1')
    for (const el of [one(), two()]) {
      expect(el.classList.contains('is-elder')).toBe(true)
      expect(el.getAttribute('style')).toMatch(/--gz-s:\s*1\.34/)
    }

    act(() => setElder(false))
    expect(storage.has(ELDER_KEY)).toBe(false)
    expect(one().classList.contains('is-elder')).toBe(false)
    expect(one().getAttribute('style')).toMatch(/--gz-s:\s*1\b/)
  })

  it('storage that refuses to write still switches for this session', () => {
    Taro.setStorageSync.mockImplementationOnce(() => {
      throw new Error('quota')
    })
    act(() => setElder(true))
    expect(getDisplay().elder).toBe(true)
    expect(getDisplay().scale).toBe(1.34)
  })
})
