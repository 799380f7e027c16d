import { Button, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import type { NeedDetail, NeedStatus } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import './form.scss'
import './NeedActions.scss'

export interface ActionSpec {
  to: NeedStatus
  label: string
  /** a reason is required (不予受理, 上报, 重新办理): asked for inline before anything is sent */
  reason: boolean
  prompt?: string
}

const LABELS: Partial<Record<NeedStatus, string>> = {
  in_progress: '开始办理',
  resolved: '标记为已解决',
  rejected: '不予受理',
  escalated: '上报上级',
  in_deliberation: '提交议事',
  matched: '转为服务项目',
  closed: '办结归档',
}

const PROMPTS: Partial<Record<NeedStatus, string>> = {
  rejected: '请填写不予受理的原因，居民会看到这段话',
  escalated: '请填写上报的原因和已经做过的工作',
}

/** Statuses that need a reason when staff move a need there (the SQL edges say the same). */
const REASON_REQUIRED: readonly NeedStatus[] = ['rejected', 'escalated']

/**
 * The staff / grid worker buttons for what the server says this caller may do now (`actions`).
 * 评价 belongs to the owner's rating form and the owner's 重新办理 to its own button, so both are left out.
 */
export function handlerActions(need: Pick<NeedDetail, 'status' | 'actions'>): ActionSpec[] {
  return need.actions
    .filter((to) => to !== 'evaluated' && !(need.status === 'resolved' && to === 'in_progress'))
    .map((to) => ({
      to,
      label: to === 'in_progress' && need.status !== 'triaged' ? '继续办理' : LABELS[to] ?? to,
      reason: REASON_REQUIRED.includes(to),
      prompt: PROMPTS[to],
    }))
}

export const REOPEN_ACTION: ActionSpec = {
  to: 'in_progress',
  label: '重新办理',
  reason: true,
  prompt: '请说明为什么需要重新办理（只能申请一次）',
}

export interface NeedActionsProps {
  actions: ActionSpec[]
  run: (to: NeedStatus, note?: string) => Promise<NeedDetail>
  onDone: (need: NeedDetail) => void
}

type Errors = { note?: string; form?: string }

export function NeedActions({ actions, run, onDone }: NeedActionsProps) {
  const [open, setOpen] = useState<ActionSpec | null>(null)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState<NeedStatus | null>(null)
  const [errors, setErrors] = useState<Errors>({})
  // Taro's disabled Button still fires on H5: one request at a time, whatever the render state.
  const inFlight = useRef(false)

  async function perform(spec: ActionSpec, note?: string) {
    if (inFlight.current) return
    if (spec.reason && !note?.trim()) {
      setErrors({ note: '请填写原因' })
      return
    }
    inFlight.current = true
    setBusy(spec.to)
    setErrors({})
    try {
      const need = await run(spec.to, note?.trim() || undefined)
      inFlight.current = false
      setBusy(null)
      setOpen(null)
      setReason('')
      onDone(need)
    } catch (err) {
      inFlight.current = false
      setBusy(null)
      if (isApiError(err) && err.field === 'note' && spec.reason) setErrors({ note: err.message })
      else setErrors({ form: errorMessage(err) })
    }
  }

  function tap(spec: ActionSpec) {
    if (inFlight.current) return
    if (spec.reason) {
      if (open?.to !== spec.to) setReason('')
      setOpen(spec)
      setErrors({})
      return
    }
    void perform(spec)
  }

  if (actions.length === 0) return null

  return (
    <View className='need-actions'>
      <View className='need-action-buttons'>
        {actions.map((spec) =>
          spec.reason ? (
            <Button
              key={spec.to}
              className={`btn btn-outline need-action need-action-${spec.to}${open?.to === spec.to ? ' is-open' : ''}`}
              onClick={() => tap(spec)}
            >
              {spec.label}
            </Button>
          ) : (
            <BusyButton
              key={spec.to}
              className={`need-action need-action-${spec.to}`}
              busy={busy === spec.to}
              busyText='正在提交…'
              onClick={() => tap(spec)}
            >
              {spec.label}
            </BusyButton>
          ),
        )}
      </View>

      {open && (
        <View className='action-panel'>
          <Text className='form-label action-panel-title'>{open.label}</Text>
          <Text className='form-help'>{open.prompt ?? '请填写原因'}</Text>
          <Textarea
            className={`form-textarea is-short action-reason${errors.note ? ' has-error' : ''}`}
            value={reason}
            maxlength={500}
            placeholder='请填写原因（必填）'
            placeholderClass='form-placeholder'
            onInput={(e) => {
              setReason(e.detail.value)
              setErrors({})
            }}
          />
          {errors.note ? <Text className='field-error field-error-note'>{errors.note}</Text> : null}
          {errors.form ? <Text className='form-error action-error'>{errors.form}</Text> : null}
          <BusyButton className='action-confirm' busy={busy === open.to} busyText='正在提交…' onClick={() => void perform(open, reason)}>
            {`确认${open.label}`}
          </BusyButton>
          <Button
            className='btn btn-outline action-cancel'
            onClick={() => {
              if (inFlight.current) return
              setOpen(null)
              setErrors({})
            }}
          >
            取消
          </Button>
        </View>
      )}

      {!open && errors.form ? <Text className='form-error action-error'>{errors.form}</Text> : null}
    </View>
  )
}
