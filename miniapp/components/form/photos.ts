import Taro from '@tarojs/taro'
import { currentPlatform, type Platform } from '../../utils/geo'

// Photos of a form (工作纪实, a notice, a 办理结果): chosen on the phone, shrunk when large (H5), read as base64 and
// uploaded one by one (the uploadPhoto operation). In the main package: a subpackage cannot import another's code.

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp'

export interface PickedPhoto {
  /** a local path or blob: URL to show before the upload finishes */
  preview: string
  contentType: PhotoType
  dataBase64: string
}

/** The server's limit is 2 MB of bytes; base64 is 4/3 of that. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024
export const PHOTO_TOO_LARGE = '照片太大了（超过 2 MB），请换一张或裁剪后再试'
/** H5 redraws a larger photo at most this wide (and high) as JPEG. */
export const SHRINK_TO_PX = 1600

/** What an upload in progress says: 正在上传第 2/3 张照片… */
export function uploadProgressText(n: number, m: number): string {
  return `正在上传第 ${n}/${m} 张照片…`
}

/** The type from the first bytes (the server checks the same way), not from a file name that may lie. */
export function sniffBase64(b64: string): PhotoType | null {
  if (b64.startsWith('/9j/')) return 'image/jpeg'
  if (b64.startsWith('iVBORw0KGgo')) return 'image/png'
  if (b64.startsWith('UklGR') && atobSafe(b64.slice(0, 16)).slice(8, 12) === 'WEBP') return 'image/webp'
  return null
}

function atobSafe(b64: string): string {
  try {
    return typeof atob === 'function' ? atob(b64) : ''
  } catch {
    return ''
  }
}

/** A photo that cannot be used; the message is for the person. */
export class PhotoError extends Error {}

function readWeappFile(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      encoding: 'base64',
      success: (res) => resolve(String(res.data)),
      fail: (err) => reject(err),
    })
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

/** H5: a phone photo is often 3-8 MB; draw it at most 1600 px wide as JPEG so it fits under the limit. */
export async function shrinkInBrowser(blob: Blob): Promise<Blob> {
  if (blob.size <= MAX_PHOTO_BYTES * 0.9 || typeof document === 'undefined' || typeof createImageBitmap !== 'function') return blob
  const bitmap = await createImageBitmap(blob)
  const scale = Math.min(1, SHRINK_TO_PX / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b ?? blob), 'image/jpeg', 0.8))
}

function isCancel(err: unknown): boolean {
  const msg = (err as { errMsg?: string } | null)?.errMsg ?? ''
  return /cancel/i.test(msg)
}

/**
 * Lets the person pick up to `max` photos (album or camera). Resolves [] when they cancel; throws a
 * PhotoError with a Chinese message for a photo that cannot be used.
 */
export async function choosePhotos(max: number, platform: Platform = currentPlatform()): Promise<PickedPhoto[]> {
  if (max <= 0) return []
  let res: Taro.chooseImage.SuccessCallbackResult
  try {
    res = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  } catch (err) {
    if (isCancel(err)) return []
    throw new PhotoError('没能打开相册，请稍后再试')
  }
  const out: PickedPhoto[] = []
  const files = (res.tempFiles ?? []).slice(0, max)
  for (const file of files) {
    let data: string
    try {
      const original = (file as { originalFileObj?: Blob }).originalFileObj
      if (platform === 'h5' || original) {
        const blob = original ?? (await (await fetch(file.path)).blob())
        data = await readBlob(await shrinkInBrowser(blob))
      } else {
        data = await readWeappFile(file.path)
      }
    } catch {
      throw new PhotoError('读取照片失败，请换一张再试')
    }
    const contentType = sniffBase64(data)
    if (!contentType) throw new PhotoError('只支持 JPG、PNG、WebP 格式的照片')
    if ((data.length * 3) / 4 > MAX_PHOTO_BYTES) throw new PhotoError(PHOTO_TOO_LARGE)
    out.push({ preview: file.path, contentType, dataBase64: data })
  }
  return out
}
