import { Button, Image, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { SHIFT_STATUS_LABELS, type Shift } from '../../../core/contracts'
import { describeDistance } from '../../../core/volunteers/rules'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { confirmShift, photoUrl, resolveShiftClose } from '../../services/volunteers'
import { a11y } from '../../utils/a11y'
import { confirmAction } from '../../utils/confirm'
import { formatDateTime, formatWindow } from '../../utils/format'
import { revealFirstError } from '../../utils/formErrors'
import { formatMinutes } from '../utils/posts'
import { ReasonPanel, clearReasonDraft } from './ReasonPanel'
import { DetailRow } from '../../components/DetailRow'

/** What confirming would credit: check-in to check-out, capped at the slot's length (as the server does). */
export function expectedMinutes(s: Shift): number | null {
  if (!s.checkInAt || !s.checkOutAt) return null
  const worked = (Date.parse(s.checkOutAt) - Date.parse(s.checkInAt)) / 60_000
  const slot = (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000
  return Math.max(0, Math.round(Math.min(worked, slot)))
}

export interface ConfirmItemProps {
  shift: Shift
  onChange: (shift: Shift) => void
}

/** The badge of a 补签退 request: the volunteer forgot to check out. */
export const FORGOT_CHECK_OUT = '忘记签退'

/** A checked-out shift that would count 0 minutes: staff must give the minutes they verified (the server insists). */
export const ZERO_MINUTES_WARNING = '签到和签退时间相同，服务时长为 0 分钟'

/** The beans confirming `minutes` awards, as the server computes them; null when the post's rate is unknown. */
export function beansFor(minutes: number, ratePerHour: number | undefined): number | null {
  return ratePerHour === undefined ? null : Math.round((minutes / 60) * ratePerHour)
}

/** The question before confirming: whose service, how long, and what it earns. */
export function confirmQuestion(s: Shift, minutes: number): string {
  const beans = beansFor(minutes, s.beanRatePerHour)
  const award = beans === null ? '确认后计入服务时长，并按岗位标准发放金豆。' : beans > 0 ? `确认后计入服务时长，将发放 ${beans} 个金豆。` : '确认后计入服务时长（这个岗位不发金豆）。'
  return `确认${s.volunteerName}本次服务 ${formatMinutes(minutes)}？${award}`
}

/**
 * A checked-out shift for staff: times, distances, 工作纪实 and photos; 确认 or 退回 (with a reason). A 补签退 request
 * (checked in, never checked out) shows the minutes and the note the volunteer gave; staff confirm it with the minutes
 * they verified (the request's by default) or send it back.
 */
export function ConfirmItem({ shift: s, onChange }: ConfirmItemProps) {
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null)
  const [rejecting, setRejecting] = useState(false)
  const [error, setError] = useState<{ message: string; field?: string } | null>(null)
  const [minutes, setMinutes] = useState(String(s.closure?.minutes ?? ''))
  const inFlight = useRef(false)

  const closure = s.status === 'checked_in' && s.closure ? s.closure : null
  const slotMinutes = Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000)

  const expected = expectedMinutes(s)
  /** 0 minutes on the clock (checked out at check-in): the minutes must be given before confirming */
  const zero = !closure && s.status === 'checked_out' && expected === 0
  // the server asked for the minutes (its clock said 0 where ours did not): ask for them too
  const [askMinutes, setAskMinutes] = useState(false)
  const needMinutes = zero || (askMinutes && !closure && s.status === 'checked_out')

  function refuse(message: string) {
    setError({ message, field: 'minutes' })
    void revealFirstError()
  }

  async function decide(approve: boolean, reason?: string) {
    if (inFlight.current) return
    let adjusted: number | undefined
    if ((closure || needMinutes) && approve) {
      adjusted = Number(minutes.trim())
      if (minutes.trim() === '' || !Number.isInteger(adjusted) || adjusted < 1 || adjusted > slotMinutes) {
        refuse(`服务时长须在 1 到 ${slotMinutes} 分钟之间`)
        return
      }
    }
    if (approve) {
      const credited = adjusted ?? expected ?? 0
      const ok = await confirmAction({ title: '确认服务时长', content: confirmQuestion(s, credited), confirmText: '确认' })
      if (!ok) return
    } else {
      const ok = await confirmAction({ title: '退回服务记录', content: `退回${s.volunteerName}的这次服务记录？不计时长，对方会看到原因。`, confirmText: '退回', danger: true })
      if (!ok) return
    }
    if (inFlight.current) return
    inFlight.current = true
    setBusy(approve ? 'approve' : 'reject')
    setError(null)
    try {
      const next = closure
        ? await resolveShiftClose({ id: s.id, approve, minutes: adjusted, reason })
        : await confirmShift({ id: s.id, approve, reason, minutes: adjusted })
      if (!approve) clearReasonDraft('confirm', s.id)
      setRejecting(false)
      onChange(next)
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined
      setError({ message: errorMessage(err), field })
      if (field === 'minutes' && !closure) setAskMinutes(true)
      if (field === 'minutes' || field === 'reason') void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }

  const urls = s.photos.map(photoUrl)
  const open = s.status === 'checked_out' || closure !== null

  function minutesField(label: string) {
    return (
      <View className='form-field confirm-minutes-field'>
        <Text className='form-label'>{label}（分钟，1 到 {slotMinutes}）</Text>
        <Input
          className={`form-input confirm-closure-input confirm-minutes-input${error?.field === 'minutes' ? ' has-error' : ''}`}
          type='number'
          value={minutes}
          placeholder={closure ? undefined : '例如 60'}
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setMinutes(e.detail.value)
            if (error?.field === 'minutes') setError(null)
          }}
        />
        {error?.field === 'minutes' && <Text className='field-error field-error-minutes'>{error.message}</Text>}
      </View>
    )
  }

  return (
    <View className={`card confirm-item confirm-item-${s.status}${closure ? ' confirm-item-closure' : ''}`} data-id={s.id}>
      <View className='item-head'>
        <Text className='item-title confirm-volunteer'>{s.volunteerName}</Text>
        <Text className={`v-badge v-status-${closure ? 'closure' : s.status} confirm-status`}>
          {closure ? FORGOT_CHECK_OUT : (SHIFT_STATUS_LABELS[s.status] ?? s.status)}
        </Text>
      </View>
      <DetailRow label='岗位' value={s.postTitle} className='confirm-post' />
      <DetailRow label='时段' value={formatWindow(s.startsAt, s.endsAt)} className='confirm-slot' />
      {s.checkInAt && (
        <DetailRow
          label='签到'
          value={`${formatDateTime(s.checkInAt)}${s.checkInDistanceM !== null ? `，距岗位 ${describeDistance(s.checkInDistanceM)}` : ''}`}
          className='confirm-check-in'
        />
      )}
      {s.checkOutAt && (
        <DetailRow
          label='签退'
          value={`${formatDateTime(s.checkOutAt)}${s.checkOutDistanceM !== null ? `，距岗位 ${describeDistance(s.checkOutDistanceM)}` : ''}`}
          className='confirm-check-out'
        />
      )}
      {closure && (
        <>
          <DetailRow label='申请时长' value={formatMinutes(closure.minutes)} className='confirm-closure-minutes' />
          <DetailRow label='情况说明' value={closure.note} className='confirm-closure-note' />
          <DetailRow label='申请时间' value={formatDateTime(closure.requestedAt)} className='confirm-closure-at' />
          {minutesField('确认时长')}
        </>
      )}
      {zero && (
        <>
          <Text className='alert confirm-zero-warning' {...a11y('alert')}>
            {ZERO_MINUTES_WARNING}，请和志愿者核实后填写实际服务的分钟数再确认。
          </Text>
          <DetailRow label='将记时长' value='0 分钟（需要核实）' className='confirm-minutes is-zero' />
          {minutesField('核实后的服务时长')}
        </>
      )}
      {!closure && open && !zero && expected !== null && <DetailRow label='将记时长' value={formatMinutes(expected)} className='confirm-minutes' />}
      {!closure && open && !zero && needMinutes && minutesField('核实后的服务时长')}
      {s.status === 'confirmed' && (
        <DetailRow
          label='已记时长'
          value={`${formatMinutes(s.verifiedMinutes ?? 0)}，金豆 ${s.beansPending ?? 0} 个待发放`}
          className={`confirm-verified${(s.verifiedMinutes ?? 0) === 0 ? ' is-zero' : ''}`}
        />
      )}
      {s.status === 'rejected' && s.rejectReason && <DetailRow label='退回原因' value={s.rejectReason} className='confirm-reject-reason' />}
      {!closure && <DetailRow label='工作纪实' value={s.notes ?? '（没有填写）'} className='confirm-notes' />}
      {urls.length > 0 && (
        <View className='photo-grid confirm-photos'>
          {urls.map((u) => (
            <View key={u} className='photo-cell confirm-photo' {...a11y('button', '查看大图')} onClick={() => void Taro.previewImage?.({ current: u, urls })}>
              <Image className='photo-img' src={u} mode='aspectFill' />
            </View>
          ))}
        </View>
      )}

      {open && !rejecting && (
        <View className='btn-row'>
          <BusyButton className='confirm-approve' busy={busy === 'approve'} busyText='正在确认…' onClick={() => void decide(true)}>
            确认
          </BusyButton>
          <Button className='btn btn-outline confirm-reject' onClick={() => { setRejecting(true); setError(null) }}>
            退回
          </Button>
        </View>
      )}
      {open && rejecting && (
        <ReasonPanel
          prefix='confirm'
          draftId={s.id}
          label='退回原因'
          placeholder='例如：签退时间与岗位时段不符，请说明情况'
          submitText='确定退回'
          busy={busy === 'reject'}
          serverError={error?.field === 'reason' ? error.message : undefined}
          onSubmit={(reason) => void decide(false, reason)}
          onCancel={() => { setRejecting(false); setError(null) }}
        />
      )}
      {error && error.field !== 'reason' && error.field !== 'minutes' && <Text className='alert confirm-error'>{error.message}</Text>}
    </View>
  )
}
