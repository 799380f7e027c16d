import { Image, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { errorMessage } from '../../services/errors'
import { a11y } from '../../utils/a11y'
import { choosePhotos, PhotoError, uploadProgressText, type PickedPhoto } from './photos'

/** uploading: on its way; uploaded: has its storage key; picked: kept on the phone until the form is sent. */
export type PhotoState = 'uploading' | 'uploaded' | 'picked'

export interface FormPhoto {
  /** local id for the list key */
  id: number
  preview: string
  key: string | null
  state: PhotoState
  /** the photo's data while it is not uploaded yet */
  picked?: PickedPhoto
}

export interface UsePhotosOptions {
  /** at most this many photos */
  max: number
  /**
   * Upload each photo as soon as it is picked, one at a time, saying which (正在上传第 n/m 张照片…); the photo's
   * `key` is then set. Without it the picked photos wait for the form (FormPhoto.picked).
   */
  upload?: (photo: PickedPhoto) => Promise<{ key: string; url?: string | null }>
  /** a message to show under the field, or undefined to clear it */
  onError: (message: string | undefined) => void
}

export interface PhotosState {
  photos: FormPhoto[]
  max: number
  /** photos still on their way up */
  uploading: number
  /** the photo being uploaded, 1-based, of how many picked this time */
  progress: { n: number; m: number } | null
  add: () => Promise<void>
  remove: (id: number) => void
  /** put back photos already uploaded (a draft) */
  restore: (list: ReadonlyArray<{ key: string; preview: string }>) => void
  clear: () => void
  /** the storage keys of the uploaded photos, in order */
  keys: () => string[]
}

/** The photos of one form field: pick (at most `max`), upload one at a time, remove. */
export function usePhotos({ max, upload, onError }: UsePhotosOptions): PhotosState {
  const [photos, setPhotos] = useState<FormPhoto[]>([])
  const [uploading, setUploading] = useState(0)
  const [progress, setProgress] = useState<{ n: number; m: number } | null>(null)
  const picking = useRef(false)
  const nextId = useRef(1)

  async function add() {
    if (picking.current) return
    const room = max - photos.length
    if (room <= 0) {
      onError(`最多上传 ${max} 张照片`)
      return
    }
    picking.current = true
    onError(undefined)
    try {
      const picked = (await choosePhotos(room)).slice(0, room)
      if (picked.length === 0) return
      const added: FormPhoto[] = picked.map((p) => ({
        id: nextId.current++,
        preview: p.preview,
        key: null,
        state: upload ? 'uploading' : 'picked',
        picked: p,
      }))
      setPhotos((prev) => [...prev, ...added].slice(0, max))
      if (!upload) return
      setUploading((n) => n + added.length)
      // one at a time, saying which: a slow network shows progress instead of a frozen form
      for (let i = 0; i < picked.length; i++) {
        const local = added[i].id
        setProgress({ n: i + 1, m: picked.length })
        try {
          const up = await upload(picked[i])
          setPhotos((prev) =>
            prev.map((x) => (x.id === local ? { id: x.id, key: up.key, preview: up.url || x.preview, state: 'uploaded' as const } : x)),
          )
        } catch (err) {
          setPhotos((prev) => prev.filter((x) => x.id !== local))
          onError(`照片上传失败：${errorMessage(err)}`)
        } finally {
          setUploading((n) => n - 1)
        }
      }
    } catch (err) {
      onError(err instanceof PhotoError ? err.message : '没能添加照片，请再试一次')
    } finally {
      picking.current = false
      setProgress(null)
    }
  }

  return {
    photos,
    max,
    uploading,
    progress,
    add,
    remove: (id) => {
      setPhotos((prev) => prev.filter((x) => x.id !== id))
      onError(undefined)
    },
    restore: (list) =>
      setPhotos(list.slice(0, max).map((p) => ({ id: nextId.current++, preview: p.preview, key: p.key, state: 'uploaded' as const }))),
    clear: () => setPhotos([]),
    keys: () => photos.map((p) => p.key).filter((k): k is string => !!k),
  }
}

export interface PhotoPickerProps {
  state: PhotosState
  /** classes: `<prefix>-photos` (grid), `<prefix>-photo` (cell), `<prefix>-photo-remove`, `<prefix>-photo-add`, `<prefix>-upload-progress` */
  prefix: string
  /** the add tile's words and what a screen reader says for it */
  addText?: string
  addLabel?: string
  /** what a screen reader says for a photo's remove button */
  removeLabel?: (index: number) => string
}

/** Thumbnails with a remove button, the add tile while there is room, and which photo is uploading. */
export function PhotoPicker({ state, prefix, addText = '添加照片', addLabel = '添加照片', removeLabel = () => '删除这张照片' }: PhotoPickerProps) {
  const { photos, max, progress } = state
  return (
    <>
      <View className={`photo-grid ${prefix}-photos`}>
        {photos.map((p, i) => (
          <View key={p.id} className={`photo-cell ${prefix}-photo is-${p.state}`}>
            <Image className='photo-img' src={p.preview} mode='aspectFill' />
            {p.state === 'uploading' && <Text className='photo-uploading'>上传中…</Text>}
            <View className={`photo-remove ${prefix}-photo-remove`} {...a11y('button', removeLabel(i))} onClick={() => state.remove(p.id)}>
              <Text>✕</Text>
            </View>
          </View>
        ))}
        {photos.length < max && (
          <View className={`photo-add ${prefix}-photo-add`} {...a11y('button', addLabel)} onClick={() => void state.add()}>
            <Text>＋</Text>
            <Text>{addText}</Text>
          </View>
        )}
      </View>
      {progress && (
        <Text className={`upload-progress ${prefix}-upload-progress`} {...a11y('alert')}>
          {uploadProgressText(progress.n, progress.m)}
        </Text>
      )}
    </>
  )
}
