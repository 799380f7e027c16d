import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { BusyButton } from '../../components/BusyButton'
import type { MeetingDetail } from '../../services/deliberation'
import { useSubmit } from './useSubmit'
import './delib.scss'

/** 会议纪要 (staff): starts from what was saved, so a correction is an edit. */
export function MinutesForm({ initial, submit, onSuccess }: { initial: string; submit: (minutes: string) => Promise<MeetingDetail>; onSuccess: (m: MeetingDetail) => void }) {
  const [minutes, setMinutes] = useState(initial)
  const f = useSubmit(['minutes'] as const, 'minutes-error')
  async function handleSubmit() {
    const m = await f.run(() => submit(minutes))
    if (m) onSuccess(m)
  }
  return (
    <View className='card minutes-form'>
      <Text className='section-title'>会议纪要</Text>
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
      {f.formError()}
      <View className='delib-gap' />
      <BusyButton className='minutes-submit' busy={f.busy} busyText='正在保存…' onClick={() => void handleSubmit()}>
        保存纪要
      </BusyButton>
    </View>
  )
}
