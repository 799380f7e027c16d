import Taro from '@tarojs/taro'

export { base64Utf8, svgDataUrl, withSize } from '../../utils/svgQr'

// The list of my redemptions carries the code but not the QR (the server draws it only when redeeming),
// so the SVG from that response is kept on the device, by redemption id, for the 我的兑换 page.
const QR_KEY = 'beans.redemptionQr'
const QR_KEEP = 20

function readQrs(): Array<[string, string]> {
  try {
    const raw: unknown = Taro.getStorageSync(QR_KEY)
    const parsed: unknown = typeof raw === 'string' && raw ? JSON.parse(raw) : []
    return Array.isArray(parsed) ? parsed.filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string') : []
  } catch {
    return []
  }
}

export function rememberQr(redemptionId: string, svg: string | null): void {
  if (!svg) return
  const kept = readQrs().filter(([id]) => id !== redemptionId)
  kept.unshift([redemptionId, svg])
  try {
    Taro.setStorageSync(QR_KEY, JSON.stringify(kept.slice(0, QR_KEEP)))
  } catch {
    // storage full or unavailable: the 6-digit code still works
  }
}

export function recallQr(redemptionId: string): string | null {
  return readQrs().find(([id]) => id === redemptionId)?.[1] ?? null
}

/** A scanned pickup QR carries "GZ-REDEEM:<code>"; a typed or scanned bare code is accepted too. */
export function codeFromScan(text: string): string | null {
  const m = /^(?:GZ-REDEEM:)?\s*(\d{6})\s*$/.exec(text.trim())
  return m ? m[1] : null
}
