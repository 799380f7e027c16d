import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Shift } from '../../../core/contracts'
import { maxCloseMinutes } from '../../../core/volunteers/rules'
import { BusyButton } from '../../components/BusyButton'
import { requestShiftClose } from '../../services/volunteers'
import { useDraft } from '../../utils/draft'
import { formatMinutes } from '../utils/posts'
import { DraftNote } from '../../components/DraftNote'
import { Field, FormInput, FormTextarea, useSubmit } from '../../components/form'

const NOTE_MAX = 300

type Errors = { minutes?: string; note?: string }

export interface CloseRequestFormProps {
  shift: Shift
  onDone: (shift: Shift) => void
  onCancel: () => void
  /** for tests: the clock */
  now?: () => Date
}

/**
 * 申请补签退: the volunteer forgot to check out and tells staff how long they served and what happened. A request is
 * sent once and cannot be edited, so the form asks for a confirmation before it goes.
 */
export function CloseRequestForm({ shift, onDone, onCancel, now = () => new Date() }: CloseRequestFormProps) {
  const max = maxCloseMinutes(shift, now())
  const [minutes, setMinutes] = useState(String(max))
  const [note, setNote] = useState('')
  const [confirming, setConfirming] = useState(false)
  const f = useSubmit(['minutes', 'note'] as const, 'close-form-error')
  const { errors, setErrors } = f
  const draft = useDraft(
    `shift-close:${shift.id}`,
    { minutes, note },
    (d) => {
      setMinutes(d.minutes ?? String(max))
      setNote(d.note ?? '')
    },
    { isEmpty: (d) => !d.note.trim() },
  )

  function check(): { minutes: number; note: string } | null {
    const m = Number(minutes.trim())
    const text = note.trim()
    const next: Errors = {}
    if (minutes.trim() === '' || !Number.isInteger(m) || m < 1 || m > max) next.minutes = `服务时长须在 1 到 ${max} 分钟之间`
    if (text === '') next.note = '请说明忘记签退的情况'
    else if (text.length > NOTE_MAX) next.note = `说明最多 ${NOTE_MAX} 个字`
    setErrors(next)
    if (next.minutes || next.note) return null
    return { minutes: m, note: text }
  }

  async function submit() {
    if (f.pending()) return
    const input = check()
    if (!input) {
      setConfirming(false)
      return
    }
    // The input stays for a correction; a field the server names goes back under that field.
    const next = await f.run(() => requestShiftClose({ id: shift.id, ...input }))
    if (next) {
      draft.clear()
      onDone(next)
    } else setConfirming(false)
  }

  return (
    <View className='close-request-form'>
      <Text className='form-hint'>忘记签退时，请填写实际服务时长并说明情况，由社区工作者核实确认后计入服务时长和金豆。</Text>
      {draft.restored && (
        <DraftNote
          onDiscard={() => {
            draft.discard()
            setMinutes(String(max))
            setNote('')
          }}
        />
      )}
      <Field name='minutes' label='服务时长（分钟）' error={errors.minutes}>
        <FormInput
          className='close-minutes'
          invalid={!!errors.minutes}
          type='number'
          value={minutes}
          placeholder={`1 到 ${max}`}
          onInput={(v) => {
            setMinutes(v)
            setConfirming(false)
            f.setErrorsQuietly((x) => (x.minutes ? { ...x, minutes: undefined } : x))
          }}
        />
        <Text className='form-hint close-minutes-hint'>最多 {formatMinutes(max)}</Text>
      </Field>

      <Field name='note' label='情况说明' error={errors.note}>
        <FormTextarea
          className='close-note close-note-input'
          invalid={!!errors.note}
          value={note}
          maxlength={NOTE_MAX}
          placeholder='例如：服务到 11 点，离开时忘记签退'
          onInput={(v) => {
            setNote(v)
            setConfirming(false)
            f.setErrorsQuietly((x) => (x.note ? { ...x, note: undefined } : x))
          }}
        />
      </Field>
      {f.formError()}

      {confirming ? (
        <View className='close-confirm-panel'>
          <Text className='notice close-confirm-ask'>
            申请补签退 {formatMinutes(Number(minutes))}？提交后不能修改，社区工作者会核实后确认。
          </Text>
          <BusyButton className='close-confirm-submit btn-gap' busy={f.busy} busyText='正在提交…' onClick={() => void submit()}>
            确定提交
          </BusyButton>
          <Button className='btn btn-outline btn-gap close-confirm-back' onClick={() => setConfirming(false)}>
            返回修改
          </Button>
        </View>
      ) : (
        <View>
          <BusyButton className='close-request-submit btn-gap' busy={false} busyText='' onClick={() => { if (check()) setConfirming(true) }}>
            提交申请
          </BusyButton>
          <Button className='btn btn-outline btn-gap close-request-back' onClick={onCancel}>
            先不申请
          </Button>
        </View>
      )}
    </View>
  )
}
