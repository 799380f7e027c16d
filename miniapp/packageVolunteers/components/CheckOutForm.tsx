import { Button, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import type { Shift } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { checkOut, uploadPhoto } from '../../services/volunteers'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { getCurrentLocation, isLocationError, openLocationSettings } from '../../utils/geo'
import { DraftNote } from '../../components/DraftNote'
import { Field, PhotoPicker, usePhotos } from '../../components/form'

export const MAX_PHOTOS = 3
const NOTES_MAX = 1000

type Errors = { notes?: string; photos?: string; site?: string; denied?: boolean; form?: string }

export interface CheckOutFormProps {
  shift: Shift
  onDone: (shift: Shift) => void
  onCancel: () => void
}

/** 签退 with the 工作纪实: what was done (notes) and up to 3 photos, sent with the position at check-out. */
export function CheckOutForm({ shift, onDone, onCancel }: CheckOutFormProps) {
  const [notes, setNotes] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)
  const inFlight = useRef(false)
  const photos = usePhotos({
    max: MAX_PHOTOS,
    upload: (p) => uploadPhoto({ contentType: p.contentType, dataBase64: p.dataBase64 }),
    onError: (message) => setErrors((e) => ({ ...e, photos: message })),
  })
  // the notes and the photos already uploaded survive leaving the page (per shift), until the check-out goes through
  const draft = useDraft(
    `shift-check-out:${shift.id}`,
    { notes, photos: photos.photos.filter((p) => p.key).map((p) => ({ key: p.key as string, preview: p.preview })) },
    (d) => {
      setNotes(d.notes ?? '')
      photos.restore(d.photos ?? [])
    },
    { isEmpty: (d) => !d.notes.trim() && d.photos.length === 0 },
  )

  async function submit() {
    if (inFlight.current) return
    if (notes.trim().length > NOTES_MAX) {
      setErrors({ notes: `工作纪实最多 ${NOTES_MAX} 个字` })
      void revealFirstError()
      return
    }
    if (photos.uploading > 0) {
      setErrors({ photos: '照片还在上传，请稍等一下再签退' })
      void revealFirstError()
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      const at = await getCurrentLocation({ purpose: 'check_in' })
      const keys = photos.keys()
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
            photos.clear()
            setErrors({})
          }}
        />
      )}
      <Field name='notes' label='工作纪实' hint='写一写今天做了什么，例如：为 30 位老人测量了血压' error={errors.notes}>
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
      </Field>

      <Field name='photos' label={`现场照片（最多 ${MAX_PHOTOS} 张）`} labelClassName='shift-photos-label' error={errors.photos}>
        <PhotoPicker state={photos} prefix='shift' addLabel='添加现场照片' />
      </Field>

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
