import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { BusyButton } from '../../components/BusyButton'
import type { MeetingDetail } from '../../services/deliberation'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { useSubmit } from '../../components/form'
import './delib.scss'

/** 会议纪要 (staff): starts from what was saved, so a correction is an edit. */
export function MinutesForm({ initial, submit, onSuccess, meetingId = '' }: {
  initial: string
  submit: (minutes: string) => Promise<MeetingDetail>
  onSuccess: (m: MeetingDetail) => void
  /** the meeting's id: unsaved minutes are kept per meeting */
  meetingId?: string
}) {
  const [minutes, setMinutes] = useState(initial)
  const f = useSubmit(['minutes'] as const, 'minutes-error')
  // only what differs from the saved minutes is a draft
  const draft = useDraft<string>(`minutes:${meetingId}`, minutes, (d) => setMinutes(typeof d === 'string' ? d : initial), {
    isEmpty: (d) => !d.trim() || d === initial,
  })
  async function handleSubmit() {
    if (minutes.trim().length < 2) {
      f.setErrors({ minutes: '请填写会议纪要（至少 2 个字）' })
      return
    }
    const m = await f.run(() => submit(minutes))
    if (m) {
      draft.clear()
      onSuccess(m)
    }
  }
  return (
    <View className='card minutes-form'>
      <Text className='section-title'>会议纪要</Text>
      {draft.restored && (
        <DraftNote className='minutes-draft-note' onDiscard={() => {
          draft.discard()
          setMinutes(initial)
        }} />
      )}
      <View className='form-field'>
      <Text className='form-label'>纪要内容</Text>
      <Textarea
        className={`form-textarea minutes-body${f.errors.minutes ? ' has-error' : ''}`}
        value={minutes}
        maxlength={10000}
        placeholder='记录到会情况、讨论要点和表决结果'
        placeholderClass='form-placeholder'
        onInput={(e) => {
          setMinutes(e.detail.value)
          f.clear('minutes')
        }}
      />
      {f.fieldError('minutes')}
      </View>
      {f.formError()}
      <View className='delib-gap' />
      <BusyButton className='minutes-submit btn-quiet' busy={f.busy} busyText='正在保存…' onClick={() => void handleSubmit()}>
        保存纪要
      </BusyButton>
    </View>
  )
}
