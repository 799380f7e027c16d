export { svgDataUrl } from '../../utils/svgQr'
