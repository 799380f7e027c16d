import Taro from '@tarojs/taro'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** UTF-8 then base64, by hand: the weapp runtime has no btoa, and the QR SVG must work on both platforms. */
export function base64Utf8(text: string): string {
  const bytes: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) bytes.push(c)
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]]
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (b === undefined ? '=' : B64[(n >> 6) & 63]) + (c === undefined ? '=' : B64[n & 63])
  }
  return out
}

/**
 * The server's QR SVG as an image source. WeChat's <image> renders SVG (not in cover-image), including
 * base64 data URLs; the SVG has only a viewBox, no percentage sizes, which weapp SVG does not support.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${base64Utf8(withSize(svg))}`
}

/** qrcode's SVG has only a viewBox; an image needs an intrinsic size or it falls back to a small default. */
export function withSize(svg: string, px = 300): string {
  return /^<svg\b[^>]*\swidth=/.test(svg) ? svg : svg.replace(/^<svg\b/, `<svg width="${px}" height="${px}"`)
}

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
