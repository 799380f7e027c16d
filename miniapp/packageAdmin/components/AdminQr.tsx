import { Image } from '@tarojs/components'
import { svgDataUrl } from '../utils/qr'

/** The server's QR (SVG text) as an image; scaleToFill on a square box keeps it centred on H5. */
export function AdminQr({ svg, className }: { svg: string; className: string }) {
  return <Image className={`qr-image ${className}`} src={svgDataUrl(svg)} mode='scaleToFill' />
}
