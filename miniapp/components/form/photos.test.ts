import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Taro, resetTaroMock } from '../../testing/taroMock'
import { MAX_PHOTO_BYTES, PHOTO_TOO_LARGE, SHRINK_TO_PX, choosePhotos, shrinkInBrowser, sniffBase64 } from './photos'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex').toString('base64')
const WEBP = Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1').toString('base64')
const GIF = Buffer.from('GIF89a', 'latin1').toString('base64')

function weappFiles(contents: Record<string, string>) {
  Taro.getFileSystemManager.mockReturnValue({
    readFile: ({ filePath, success, fail }: { filePath: string; success: (r: { data: string }) => void; fail: (e: unknown) => void }) =>
      filePath in contents ? success({ data: contents[filePath] }) : fail({ errMsg: 'readFile:fail no such file' }),
  })
}

beforeEach(() => resetTaroMock())

describe('工作纪实 photos', () => {
  it('recognises the type from the bytes, not the file name', () => {
    expect(sniffBase64(JPEG)).toBe('image/jpeg')
    expect(sniffBase64(PNG)).toBe('image/png')
    expect(sniffBase64(WEBP)).toBe('image/webp')
    expect(sniffBase64(GIF)).toBeNull()
  })

  it('weapp: reads each chosen file as base64 and asks for compressed photos, at most the room left', async () => {
    Taro.chooseImage.mockResolvedValue({ tempFilePaths: ['wxfile://a.png', 'wxfile://b.jpg'], tempFiles: [{ path: 'wxfile://a.png', size: 10 }, { path: 'wxfile://b.jpg', size: 10 }] })
    weappFiles({ 'wxfile://a.png': PNG, 'wxfile://b.jpg': JPEG })
    const got = await choosePhotos(2, 'weapp')
    expect(Taro.chooseImage).toHaveBeenCalledWith(expect.objectContaining({ count: 2, sizeType: ['compressed'] }))
    expect(got).toEqual([
      { preview: 'wxfile://a.png', contentType: 'image/png', dataBase64: PNG },
      { preview: 'wxfile://b.jpg', contentType: 'image/jpeg', dataBase64: JPEG },
    ])
  })

  it('a cancelled picker is no photos, not an error', async () => {
    Taro.chooseImage.mockRejectedValue({ errMsg: 'chooseImage:fail cancel' })
    await expect(choosePhotos(3, 'weapp')).resolves.toEqual([])
  })

  it('refuses a type the server does not take and a photo over 2 MB', async () => {
    Taro.chooseImage.mockResolvedValue({ tempFilePaths: ['x'], tempFiles: [{ path: 'x', size: 10 }] })
    weappFiles({ x: GIF })
    await expect(choosePhotos(1, 'weapp')).rejects.toThrow('只支持 JPG、PNG、WebP 格式的照片')
    weappFiles({ x: JPEG + 'A'.repeat(2_900_000) })
    await expect(choosePhotos(1, 'weapp')).rejects.toThrow(PHOTO_TOO_LARGE)
  })

  it('H5: reads the browser File', async () => {
    const file = new Blob([Buffer.from(JPEG, 'base64')], { type: 'image/jpeg' })
    Taro.chooseImage.mockResolvedValue({ tempFilePaths: ['blob:x'], tempFiles: [{ path: 'blob:x', size: file.size, originalFileObj: file }] })
    const got = await choosePhotos(1, 'h5')
    expect(got).toEqual([{ preview: 'blob:x', contentType: 'image/jpeg', dataBase64: JPEG }])
  })
})

describe('shrinking a large photo (H5)', () => {
  it('redraws a photo over the limit at most 1600 px as JPEG before reading it', async () => {
    const big = new Blob([new Uint8Array(MAX_PHOTO_BYTES)], { type: 'image/jpeg' })
    const small = new Blob([Buffer.from(JPEG, 'base64')], { type: 'image/jpeg' })
    const drawImage = vi.fn()
    const toBlob = vi.fn((cb: (b: Blob | null) => void, type: string, quality: number) => {
      expect([type, quality]).toEqual(['image/jpeg', 0.8])
      cb(small)
    })
    const canvas = { width: 0, height: 0, getContext: () => ({ drawImage }), toBlob }
    const create = document.createElement.bind(document)
    const spy = vi.spyOn(document, 'createElement').mockImplementation(((tag: string) => (tag === 'canvas' ? canvas : create(tag))) as typeof document.createElement)
    vi.stubGlobal('createImageBitmap', vi.fn().mockResolvedValue({ width: 4000, height: 3000 }))
    try {
      Taro.chooseImage.mockResolvedValue({ tempFilePaths: ['blob:big'], tempFiles: [{ path: 'blob:big', size: big.size, originalFileObj: big }] })
      const got = await choosePhotos(1, 'h5')
      expect(got).toEqual([{ preview: 'blob:big', contentType: 'image/jpeg', dataBase64: JPEG }])
      expect([canvas.width, canvas.height]).toEqual([SHRINK_TO_PX, 1200])
      expect(drawImage).toHaveBeenCalledTimes(1)
    } finally {
      spy.mockRestore()
      vi.unstubAllGlobals()
    }
  })

  it('leaves a small photo as it is', async () => {
    const small = new Blob([Buffer.from(PNG, 'base64')], { type: 'image/png' })
    await expect(shrinkInBrowser(small)).resolves.toBe(small)
  })
})
