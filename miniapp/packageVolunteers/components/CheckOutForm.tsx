import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import type { Shift } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { checkOut, uploadPhoto } from '../../services/volunteers'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { getCurrentLocation, isLocationError, openLocationSettings } from '../../utils/geo'
import { choosePhotos, PhotoError } from '../utils/photos'
import { DraftNote } from '../../components/DraftNote'

export const MAX_PHOTOS = 3
const NOTES_MAX = 1000

interface Photo {
  /** local id for the list key */
  id: number
  preview: string
  key: string | null
}

/** What an upload in progress says: 正在上传第 2/3 张照片… */
export function uploadProgressText(n: number, m: number): string {
  return `正在上传第 ${n}/${m} 张照片…`
}

type Errors = { notes?: string; photos?: string; site?: string; denied?: boolean; form?: string }

export interface CheckOutFormProps {
  shift: Shift
  onDone: (shift: Shift) => void
  onCancel: () => void
}

/** 签退 with the 工作纪实: what was done (notes) and up to 3 photos, sent with the position at check-out. */
export function CheckOutForm({ shift, onDone, onCancel }: CheckOutFormProps) {
  const [notes, setNotes] = useState('')
  const [photos, setPhotos] = useState<Photo[]>([])
  const [uploading, setUploading] = useState(0)
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)
  const inFlight = useRef(false)
  const picking = useRef(false)
  const nextId = useRef(1)
  /** the photo being uploaded, 1-based, of how many picked this time */
  const [progress, setProgress] = useState<{ n: number; m: number } | null>(null)
  // the notes and the photos already uploaded survive leaving the page (per shift), until the check-out goes through
  const draft = useDraft(
    `shift-check-out:${shift.id}`,
    { notes, photos: photos.filter((p) => p.key).map((p) => ({ key: p.key as string, preview: p.preview })) },
    (d) => {
      setNotes(d.notes ?? '')
      setPhotos((d.photos ?? []).slice(0, MAX_PHOTOS).map((p) => ({ id: nextId.current++, preview: p.preview, key: p.key })))
    },
    { isEmpty: (d) => !d.notes.trim() && d.photos.length === 0 },
  )

  async function addPhotos() {
    if (picking.current) return
    const room = MAX_PHOTOS - photos.length
    if (room <= 0) {
      setErrors((e) => ({ ...e, photos: `最多上传 ${MAX_PHOTOS} 张照片` }))
      return
    }
    picking.current = true
    setErrors((e) => ({ ...e, photos: undefined }))
    try {
      const picked = (await choosePhotos(room)).slice(0, room)
      if (picked.length === 0) return
      const added = picked.map((p) => ({ id: nextId.current++, preview: p.preview, key: null as string | null }))
      setPhotos((prev) => [...prev, ...added].slice(0, MAX_PHOTOS))
      setUploading((n) => n + added.length)
      // one at a time, saying which: a slow network shows progress instead of a frozen form
      for (let i = 0; i < picked.length; i++) {
        const p = picked[i]
        const local = added[i].id
        setProgress({ n: i + 1, m: picked.length })
        try {
          const up = await uploadPhoto({ contentType: p.contentType, dataBase64: p.dataBase64 })
          setPhotos((prev) => prev.map((x) => (x.id === local ? { ...x, key: up.key, preview: up.url || x.preview } : x)))
        } catch (err) {
          setPhotos((prev) => prev.filter((x) => x.id !== local))
          setErrors((e) => ({ ...e, photos: `照片上传失败：${errorMessage(err)}` }))
        } finally {
          setUploading((n) => n - 1)
        }
      }
    } catch (err) {
      setErrors((e) => ({ ...e, photos: err instanceof PhotoError ? err.message : '没能添加照片，请再试一次' }))
    } finally {
      picking.current = false
      setProgress(null)
    }
  }

  function removePhoto(id: number) {
    setPhotos((prev) => prev.filter((x) => x.id !== id))
    setErrors((e) => ({ ...e, photos: undefined }))
  }

  async function submit() {
    if (inFlight.current) return
    if (notes.trim().length > NOTES_MAX) {
      setErrors({ notes: `工作纪实最多 ${NOTES_MAX} 个字` })
      void revealFirstError()
      return
    }
    if (uploading > 0) {
      setErrors({ photos: '照片还在上传，请稍等一下再签退' })
      void revealFirstError()
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      const at = await getCurrentLocation({ purpose: 'check_in' })
      const keys = photos.map((p) => p.key).filter((k): k is string => !!k)
      const trimmed = notes.trim()
      const done = await checkOut({ id: shift.id, lat: at.lat, lng: at.lng, notes: trimmed === '' ? undefined : trimmed, photos: keys })
      draft.clear()
      onDone(done)
    } catch (err) {
      // The input stays: the person fixes the cause (walks back to the post, allows location) and taps again.
      if (isLocationError(err)) setErrors({ site: err.message, denied: err.reason === 'denied' })
      else if (isApiError(err) && (err.field === 'notes' || err.field === 'photos')) {
        setErrors({ [err.field]: err.message })
        void revealFirstError()
      }
      else if (isApiError(err) && (err.code === 'shift.out_of_range' || err.code === 'shift.outside_window')) setErrors({ site: err.message })
      else setErrors({ form: errorMessage(err) })
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  return (
    <View className='check-out-form'>
      {draft.restored && (
        <DraftNote
          onDiscard={() => {
            draft.discard()
            setNotes('')
            setPhotos([])
            setErrors({})
          }}
        />
      )}
      <View className='form-field'>
      <Text className='form-label'>工作纪实</Text>
      <Text className='form-hint'>写一写今天做了什么，例如：为 30 位老人测量了血压</Text>
      <View className={`form-textarea shift-notes${errors.notes ? ' has-error' : ''}`}>
        <Textarea
          className='shift-notes-input'
          value={notes}
          maxlength={NOTES_MAX}
          placeholder='服务内容（选填）'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setNotes(e.detail.value)
            setErrors((x) => (x.notes ? { ...x, notes: undefined } : x))
          }}
        />
      </View>
      {errors.notes && <Text className='field-error field-error-notes'>{errors.notes}</Text>}
      </View>

      <View className='form-field'>
      <Text className='form-label shift-photos-label'>现场照片（最多 {MAX_PHOTOS} 张）</Text>
      <View className='photo-grid shift-photos'>
        {photos.map((p) => (
          <View key={p.id} className={`photo-cell shift-photo${p.key ? ' is-uploaded' : ' is-uploading'}`}>
            <Image className='photo-img' src={p.preview} mode='aspectFill' />
            {!p.key && <Text className='photo-uploading'>上传中…</Text>}
            <View className='photo-remove shift-photo-remove' {...a11y('button', '删除这张照片')} onClick={() => removePhoto(p.id)}>
              <Text>✕</Text>
            </View>
          </View>
        ))}
        {photos.length < MAX_PHOTOS && (
          <View className='photo-add shift-photo-add' {...a11y('button', '添加现场照片')} onClick={() => void addPhotos()}>
            <Text>＋</Text>
            <Text>添加照片</Text>
          </View>
        )}
      </View>
      {progress && (
        <Text className='upload-progress shift-upload-progress' {...a11y('alert')}>
          {uploadProgressText(progress.n, progress.m)}
        </Text>
      )}
      {errors.photos && <Text className='field-error field-error-photos'>{errors.photos}</Text>}
      </View>

      {errors.site && (
        <View>
          <Text className='alert shift-error'>{errors.site}</Text>
          {errors.denied && (
            <Text className='link-text shift-open-settings' {...a11y('link')} onClick={() => void openLocationSettings()}>
              打开设置，允许获取位置 ›
            </Text>
          )}
        </View>
      )}
      {errors.form && <Text className='form-error shift-form-error'>{errors.form}</Text>}

      <BusyButton className='shift-check-out-submit btn-gap' busy={submitting} busyText='正在定位并签退…' onClick={() => void submit()}>
        确认签退
      </BusyButton>
      <Button className='btn btn-outline btn-gap shift-check-out-back' onClick={onCancel}>
        先不签退
      </Button>
    </View>
  )
}
