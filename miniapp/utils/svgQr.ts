const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

// The server's QR codes (pickup codes, invitations) as images, for every package: kept in the main package
// because weapp subpackages cannot import one another.

/** UTF-8 then base64, by hand: the weapp runtime has no btoa. */
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

/** qrcode's SVG has only a viewBox; an image needs an intrinsic size or it falls back to a small default. */
export function withSize(svg: string, px = 300): string {
  return /^<svg\b[^>]*\swidth=/.test(svg) ? svg : svg.replace(/^<svg\b/, `<svg width="${px}" height="${px}"`)
}

/** The server's QR SVG as an <image> source: WeChat's image renders SVG data URLs, and so does H5. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${base64Utf8(withSize(svg))}`
}
