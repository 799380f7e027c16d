import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { BusyButton } from '../../components/BusyButton'
import { DraftNote } from '../../components/DraftNote'
import { clearDraft, useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'

export interface ReasonPanelProps {
  /** class prefix: `<prefix>-reason`, `<prefix>-reject-submit`, `<prefix>-reject-back` */
  prefix: string
  /** the record the reason is about: the draft is kept per record */
  draftId?: string
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

/**
 * A reason box for 不通过 / 退回: required (the server refuses an empty one too), the text kept on failure and as a
 * draft while it is typed (per record: the parent clears it by unmounting after success, see `clearReasonDraft`).
 */
export function ReasonPanel({ prefix, draftId, label, placeholder, submitText, busy, serverError, onSubmit, onCancel }: ReasonPanelProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const draft = useDraft(reasonDraftName(prefix, draftId), reason, setReason, { isEmpty: (v) => v.trim() === '', enabled: !!draftId })

  function submit() {
    if (busy) return
    const text = reason.trim()
    if (text === '') {
      setError(REASON_REQUIRED)
      void revealFirstError()
      return
    }
    setError('')
    onSubmit(text)
  }

  const shown = error || serverError
  return (
    <View className={`reason-panel ${prefix}-reason-panel`}>
      <View className='form-field'>
        <Text className='form-label'>{label}</Text>
        {draft.restored && (
          <DraftNote
            onDiscard={() => {
              draft.discard()
              setReason('')
            }}
          />
        )}
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
      </View>
      <BusyButton className={`${prefix}-reject-submit btn-gap`} busy={busy} busyText='正在提交…' onClick={submit}>
        {submitText}
      </BusyButton>
      <Button className={`btn btn-outline btn-gap ${prefix}-reject-back`} onClick={onCancel}>
        返回
      </Button>
    </View>
  )
}

export function reasonDraftName(prefix: string, id?: string): string {
  return `reason:${prefix}:${id ?? ''}`
}

/** After the decision went through: the reason typed for it is no longer a draft. */
export function clearReasonDraft(prefix: string, id: string): void {
  clearDraft(reasonDraftName(prefix, id))
}
