import QRCode from 'qrcode'
import type { Context } from './context'

/**
 * The two codes a page of the mini-program can be opened with: a plain QR code of its link (SVG; the mini-program's
 * 扫一扫 and the H5 build read it) and, where WeChat is configured, a 小程序码 that WeChat's own scanner opens, with
 * `scene` handed to the page as `?scene=` (the page reads it with `sceneValue` in miniapp/services/joining.ts).
 */
export async function pageCodes(ctx: Pick<Context, 'wechat'>, page: string, query: Record<string, string>, scene: string) {
  const link = `/${page}?${new URLSearchParams(query).toString()}`
  const [qrSvg, png] = await Promise.all([
    QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
    ctx.wechat.miniProgramCode(page, scene),
  ])
  return { link, qrSvg, miniProgramCode: png ? `data:image/png;base64,${png.toString('base64')}` : null }
}
