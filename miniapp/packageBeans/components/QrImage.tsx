import { Image } from '@tarojs/components'
import { svgDataUrl } from '../utils/qr'

/**
 * The server's pickup QR (an SVG string) as an image; the same data URL works on weapp and H5.
 * scaleToFill on a square box: H5's aspectFit positions the image absolutely and pushes it off centre.
 */
export function QrImage({ svg, className }: { svg: string; className: string }) {
  return <Image className={`qr-image ${className}`} src={svgDataUrl(svg)} mode='scaleToFill' />
}
