import { Image } from '@tarojs/components'
import { svgDataUrl } from '../utils/qr'

/**
 * A code to scan: the 小程序码 (an image WeChat's own scanner opens) when the server could make one, else the plain
 * QR code (SVG text) that the mini-program's 扫一扫 reads. scaleToFill on a square box keeps it centred on H5.
 */
export function AdminQr({ svg, miniProgramCode, className }: { svg: string; miniProgramCode?: string | null; className: string }) {
  return <Image className={`qr-image ${className}`} src={miniProgramCode || svgDataUrl(svg)} mode='scaleToFill' />
}
