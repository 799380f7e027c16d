import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

/**
 * How big the interface is drawn: 长辈版 (elder mode, a switch in 我的, remembered on the device) and the
 * person's WeChat font setting (设置 → 字体大小). Both become one factor, the CSS variable --gz-s on every
 * page's root (components/Screen.tsx), by which config/postcss-scale.js multiplies every length.
 *
 * Standard mode: the smallest text is 30 design px = 15 CSS px, tap targets at least 88 = 44 px.
 * 长辈版 multiplies by ELDER_SCALE, so the smallest text becomes 20 px and tap targets 59 px
 * (小程序适老化设计指南: body ≥ 20 px, secondary ≥ 17 px, buttons ≥ 56 px). A WeChat font setting larger
 * than that wins, up to MAX_SCALE, beyond which a 375 px wide screen no longer fits a line of text.
 */
export const ELDER_KEY = 'display:elder'
export const ELDER_SCALE = 1.34
export const MAX_SCALE = 1.6

export interface Display {
  elder: boolean
  /** The WeChat font setting as a factor (1 = standard). */
  systemScale: number
  /** What --gz-s is set to. */
  scale: number
}

function readElder(): boolean {
  try {
    return Taro.getStorageSync(ELDER_KEY) === '1'
  } catch {
    return false
  }
}

function readSystemScale(): number {
  try {
    const info = (Taro.getAppBaseInfo?.() ?? {}) as { fontSizeScaleFactor?: number; fontSizeSetting?: number }
    if (typeof info.fontSizeScaleFactor === 'number' && info.fontSizeScaleFactor > 0) return info.fontSizeScaleFactor
    // Older base libraries report only the font size in px, 17 being the standard setting.
    if (typeof info.fontSizeSetting === 'number' && info.fontSizeSetting > 0) return info.fontSizeSetting / 17
  } catch {
    // not a WeChat host (H5, tests): the standard size
  }
  return 1
}

export function scaleFor(elder: boolean, systemScale: number): number {
  const system = Math.min(Math.max(systemScale, 1), MAX_SCALE)
  return Math.round(Math.max(elder ? ELDER_SCALE : 1, system) * 100) / 100
}

function compute(): Display {
  const elder = readElder()
  const systemScale = readSystemScale()
  return { elder, systemScale, scale: scaleFor(elder, systemScale) }
}

let current: Display | null = null
const listeners = new Set<() => void>()

export function getDisplay(): Display {
  if (!current) {
    current = compute()
    applyToDocument(current)
  }
  return current
}

/** H5: the tab bar and title bar live outside the pages, so the document root carries the mode too. */
function applyToDocument(d: Display): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  const root = document.documentElement
  root.classList.toggle('gz-elder', d.elder)
  root.style.setProperty('--gz-s', String(d.scale))
}

export function setElder(elder: boolean): void {
  try {
    if (elder) Taro.setStorageSync(ELDER_KEY, '1')
    else Taro.removeStorageSync(ELDER_KEY)
  } catch {
    // storage unavailable: the switch still applies until the app is closed
  }
  const systemScale = getDisplay().systemScale
  current = { elder, systemScale, scale: scaleFor(elder, systemScale) }
  applyToDocument(current)
  listeners.forEach((l) => l())
}

/** Tests: forget the cached reading (storage or the WeChat setting changed underneath). */
export function resetDisplay(): void {
  current = null
  listeners.forEach((l) => l())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useDisplay(): Display {
  return useSyncExternalStore(subscribe, getDisplay, getDisplay)
}
