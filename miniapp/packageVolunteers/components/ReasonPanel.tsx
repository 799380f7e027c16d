import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { BusyButton } from '../../components/BusyButton'

export interface ReasonPanelProps {
  /** class prefix: `<prefix>-reason`, `<prefix>-reject-submit`, `<prefix>-reject-back` */
  prefix: string
  label: string
  placeholder: string
  submitText: string
  busy: boolean
  /** the server's message for the reason field, shown under the box */
  serverError?: string
  onSubmit: (reason: string) => void
  onCancel: () => void
}

export const REASON_REQUIRED = '请填写原因，对方会看到'
const REASON_MAX = 300

/** A reason box for 不通过 / 退回: required (the server refuses an empty one too), the text kept on failure. */
export function ReasonPanel({ prefix, label, placeholder, submitText, busy, serverError, onSubmit, onCancel }: ReasonPanelProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')

  function submit() {
    if (busy) return
    const text = reason.trim()
    if (text === '') {
      setError(REASON_REQUIRED)
      return
    }
    setError('')
    onSubmit(text)
  }

  const shown = error || serverError
  return (
    <View className={`reason-panel ${prefix}-reason-panel`}>
      <Text className='form-label'>{label}</Text>
      <Textarea
        className={`form-textarea ${prefix}-reason${shown ? ' has-error' : ''}`}
        value={reason}
        maxlength={REASON_MAX}
        placeholder={placeholder}
        placeholderClass='form-placeholder'
        onInput={(e) => {
          setReason(e.detail.value)
          if (error) setError('')
        }}
      />
      {shown && <Text className='field-error field-error-reason'>{shown}</Text>}
      <BusyButton className={`${prefix}-reject-submit btn-gap`} busy={busy} busyText='正在提交…' onClick={submit}>
        {submitText}
      </BusyButton>
      <Button className={`btn btn-outline btn-gap ${prefix}-reject-back`} onClick={onCancel}>
        返回
      </Button>
    </View>
  )
}
