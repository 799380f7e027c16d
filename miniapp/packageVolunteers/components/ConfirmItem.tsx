import { Button, Image, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { SHIFT_STATUS_LABELS, type Shift } from '../../../core/contracts'
import { describeDistance } from '../../../core/volunteers/rules'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { confirmShift, photoUrl, resolveShiftClose } from '../../services/volunteers'
import { formatDateTime, formatWindow } from '../../utils/format'
import { formatMinutes } from '../utils/posts'
import { ReasonPanel } from './ReasonPanel'

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

  async function decide(approve: boolean, reason?: string) {
    if (inFlight.current) return
    let adjusted: number | undefined
    if (closure && approve) {
      adjusted = Number(minutes.trim())
      if (minutes.trim() === '' || !Number.isInteger(adjusted) || adjusted < 1 || adjusted > slotMinutes) {
        setError({ message: `服务时长须在 1 到 ${slotMinutes} 分钟之间`, field: 'minutes' })
        return
      }
    }
    inFlight.current = true
    setBusy(approve ? 'approve' : 'reject')
    setError(null)
    try {
      const next = closure
        ? await resolveShiftClose({ id: s.id, approve, minutes: adjusted, reason })
        : await confirmShift({ id: s.id, approve, reason })
      setRejecting(false)
      onChange(next)
    } catch (err) {
      setError({ message: errorMessage(err), field: isApiError(err) ? err.field : undefined })
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }

  const expected = expectedMinutes(s)
  const urls = s.photos.map(photoUrl)
  const open = s.status === 'checked_out' || closure !== null
  return (
    <View className={`card confirm-item confirm-item-${s.status}${closure ? ' confirm-item-closure' : ''}`} data-id={s.id}>
      <View className='item-head'>
        <Text className='item-title confirm-volunteer'>{s.volunteerName}</Text>
        <Text className={`v-badge v-status-${closure ? 'closure' : s.status} confirm-status`}>
          {closure ? FORGOT_CHECK_OUT : (SHIFT_STATUS_LABELS[s.status] ?? s.status)}
        </Text>
      </View>
      <Line label='岗位' value={s.postTitle} className='confirm-post' />
      <Line label='时段' value={formatWindow(s.startsAt, s.endsAt)} className='confirm-slot' />
      {s.checkInAt && (
        <Line
          label='签到'
          value={`${formatDateTime(s.checkInAt)}${s.checkInDistanceM !== null ? `，距岗位 ${describeDistance(s.checkInDistanceM)}` : ''}`}
          className='confirm-check-in'
        />
      )}
      {s.checkOutAt && (
        <Line
          label='签退'
          value={`${formatDateTime(s.checkOutAt)}${s.checkOutDistanceM !== null ? `，距岗位 ${describeDistance(s.checkOutDistanceM)}` : ''}`}
          className='confirm-check-out'
        />
      )}
      {closure && (
        <>
          <Line label='申请时长' value={formatMinutes(closure.minutes)} className='confirm-closure-minutes' />
          <Line label='情况说明' value={closure.note} className='confirm-closure-note' />
          <Line label='申请时间' value={formatDateTime(closure.requestedAt)} className='confirm-closure-at' />
          <View className='form-field'>
            <Text className='form-label'>确认时长（分钟，最多 {slotMinutes}）</Text>
            <Input
              className={`form-input confirm-closure-input${error?.field === 'minutes' ? ' has-error' : ''}`}
              type='number'
              value={minutes}
              placeholderClass='form-placeholder'
              onInput={(e) => {
                setMinutes(e.detail.value)
                if (error?.field === 'minutes') setError(null)
              }}
            />
            {error?.field === 'minutes' && <Text className='field-error field-error-minutes'>{error.message}</Text>}
          </View>
        </>
      )}
      {!closure && open && expected !== null && <Line label='将记时长' value={formatMinutes(expected)} className='confirm-minutes' />}
      {s.status === 'confirmed' && (
        <Line label='已记时长' value={`${formatMinutes(s.verifiedMinutes ?? 0)}，金豆 ${s.beansPending ?? 0} 个待发放`} className='confirm-verified' />
      )}
      {s.status === 'rejected' && s.rejectReason && <Line label='退回原因' value={s.rejectReason} className='confirm-reject-reason' />}
      {!closure && <Line label='工作纪实' value={s.notes ?? '（没有填写）'} className='confirm-notes' />}
      {urls.length > 0 && (
        <View className='photo-grid confirm-photos'>
          {urls.map((u) => (
            <View key={u} className='photo-cell confirm-photo' onClick={() => void Taro.previewImage?.({ current: u, urls })}>
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

function Line({ label, value, className }: { label: string; value: string; className: string }) {
  return (
    <View className='detail-row'>
      <Text className='detail-label'>{label}</Text>
      <Text className={`detail-value ${className}`}>{value}</Text>
    </View>
  )
}
