import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { Shift } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { checkOut, uploadPhoto } from '../../services/volunteers'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { getCurrentLocation, isLocationError, openLocationSettings } from '../../utils/geo'
import { DraftNote } from '../../components/DraftNote'
import { Field, PhotoPicker, usePhotos, useSubmit } from '../../components/form'

export const MAX_PHOTOS = 3
const NOTES_MAX = 1000

export interface CheckOutFormProps {
  shift: Shift
  onDone: (shift: Shift) => void
  onCancel: () => void
}

/** 签退 with the 工作纪实: what was done (notes) and up to 3 photos, sent with the position at check-out. */
export function CheckOutForm({ shift, onDone, onCancel }: CheckOutFormProps) {
  const [notes, setNotes] = useState('')
  const f = useSubmit(['notes', 'photos', 'site'] as const, 'shift-form-error')
  const errors = f.errors
  // with a site error: location was refused, so the way to the settings is shown
  const [denied, setDenied] = useState(false)
  const photos = usePhotos({
    max: MAX_PHOTOS,
    upload: (p) => uploadPhoto({ contentType: p.contentType, dataBase64: p.dataBase64 }),
    onError: (message) => f.setErrorsQuietly((e) => ({ ...e, photos: message })),
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
    if (f.pending()) return
    if (notes.trim().length > NOTES_MAX) {
      f.setErrors({ notes: `工作纪实最多 ${NOTES_MAX} 个字` })
      return
    }
    if (photos.uploading > 0) {
      f.setErrors({ photos: '照片还在上传，请稍等一下再签退' })
      return
    }
    const done = await f.run(
      async () => {
        const at = await getCurrentLocation({ purpose: 'check_in' })
        const keys = photos.keys()
        const trimmed = notes.trim()
        return checkOut({ id: shift.id, lat: at.lat, lng: at.lng, notes: trimmed === '' ? undefined : trimmed, photos: keys })
      },
      // The input stays: the person fixes the cause (walks back to the post, allows location) and taps again.
      { errorsFor: siteErrors },
    )
    if (done) {
      draft.clear()
      onDone(done)
    }
  }

  function siteErrors(err: unknown) {
    setDenied(isLocationError(err) && err.reason === 'denied')
    if (isLocationError(err)) return { site: err.message }
    if (isApiError(err) && (err.field === 'notes' || err.field === 'photos')) return { [err.field]: err.message }
    if (isApiError(err) && (err.code === 'shift.out_of_range' || err.code === 'shift.outside_window')) return { site: err.message }
    return { form: errorMessage(err) }
  }

  return (
    <View className='check-out-form'>
      {draft.restored && (
        <DraftNote
          onDiscard={() => {
            draft.discard()
            setNotes('')
            photos.clear()
            f.setErrorsQuietly({})
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
              f.setErrorsQuietly((x) => (x.notes ? { ...x, notes: undefined } : x))
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
          {denied && (
            <Text className='link-text shift-open-settings' {...a11y('link')} onClick={() => void openLocationSettings()}>
              打开设置，允许获取位置 ›
            </Text>
          )}
        </View>
      )}
      {f.formError()}

      <BusyButton className='shift-check-out-submit btn-gap' busy={f.busy} busyText='正在定位并签退…' onClick={() => void submit()}>
        确认签退
      </BusyButton>
      <Button className='btn btn-outline btn-gap shift-check-out-back' onClick={onCancel}>
        先不签退
      </Button>
    </View>
  )
}
