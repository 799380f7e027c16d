import Taro from '@tarojs/taro'

// Photos of a notice or of a 办理结果: chosen on the phone, read as base64 and uploaded one by one through the same
// endpoint as the volunteers' photos (POST /api/uploads/photo, services/volunteers uploadPhoto). In the main package,
// because a subpackage cannot import another subpackage's code at run time.

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'
export interface PickedImage {
  preview: string
  contentType: ImageType
  dataBase64: string
}

const MAX_BYTES = 2 * 1024 * 1024

export class ImageError extends Error {}

function sniff(b64: string): ImageType | null {
  if (b64.startsWith('/9j/')) return 'image/jpeg'
  if (b64.startsWith('iVBORw0KGgo')) return 'image/png'
  if (b64.startsWith('UklGR')) return 'image/webp'
  return null
}

function readWeapp(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({ filePath, encoding: 'base64', success: (r) => resolve(String(r.data)), fail: reject })
  })
}

function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(blob)
  })
}

/** Up to `max` photos; [] when the person cancels; an ImageError with a Chinese message for one that cannot be used. */
export async function pickImages(max: number): Promise<PickedImage[]> {
  if (max <= 0) return []
  let res: Taro.chooseImage.SuccessCallbackResult
  try {
    res = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  } catch (err) {
    if (/cancel/i.test((err as { errMsg?: string } | null)?.errMsg ?? '')) return []
    throw new ImageError('没能打开相册，请稍后再试')
  }
  const out: PickedImage[] = []
  for (const file of (res.tempFiles ?? []).slice(0, max)) {
    let data: string
    try {
      const original = (file as { originalFileObj?: Blob }).originalFileObj
      data = process.env.TARO_ENV === 'h5' || original ? await readBlob(original ?? (await (await fetch(file.path)).blob())) : await readWeapp(file.path)
    } catch {
      throw new ImageError('读取照片失败，请换一张再试')
    }
    const contentType = sniff(data)
    if (!contentType) throw new ImageError('只支持 JPG、PNG、WebP 格式的照片')
    if ((data.length * 3) / 4 > MAX_BYTES) throw new ImageError('照片太大了（超过 2 MB），请换一张再试')
    out.push({ preview: file.path, contentType, dataBase64: data })
  }
  return out
}
