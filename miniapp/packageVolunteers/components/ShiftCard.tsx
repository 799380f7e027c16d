import { Button, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { POST_CATEGORY_LABELS, SHIFT_STATUS_LABELS, type Shift } from '../../../core/contracts'
import { CHECK_WINDOW_MINUTES, CLOSE_REQUEST_DAYS, canRequestClose, checkOutMissed, isLateCancel } from '../../../core/volunteers/rules'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage } from '../../services/errors'
import { cancelShift, checkIn } from '../../services/volunteers'
import { a11y } from '../../utils/a11y'
import { formatDateTime, formatWindow } from '../../utils/format'
import { getCurrentLocation, isLocationError, openLocationSettings } from '../../utils/geo'
import { formatMinutes } from '../utils/posts'
import { CheckOutForm } from './CheckOutForm'
import { CloseRequestForm } from './CloseRequestForm'
import { DetailRow } from '../../components/DetailRow'

type Busy = 'check_in' | 'cancel' | null
type Panel = 'none' | 'cancel' | 'check_out' | 'close'

export interface ShiftCardProps {
  shift: Shift
  onChange: (shift: Shift) => void
  /** for tests: the clock */
  now?: () => Date
}

export const LATE_CANCEL_WARNING = '距开始已不到 2 小时，现在取消会记为“迟取消”，影响您的社区信用。'

/** One of my shifts: its status and what I can do next (签到, 签退 with 工作纪实, 申请补签退, 取消). */
export function ShiftCard({ shift, onChange, now = () => new Date() }: ShiftCardProps) {
  const [busy, setBusy] = useState<Busy>(null)
  const [panel, setPanel] = useState<Panel>('none')
  const [error, setError] = useState<{ message: string; denied: boolean } | null>(null)
  const inFlight = useRef(false)

  const s = shift
  const t = now()
  const startsIn = Date.parse(s.startsAt) - t.getTime()
  const canCancel = s.status === 'claimed' && startsIn > 0
  const late = canCancel && isLateCancel(s, t)
  const early = s.status === 'claimed' && startsIn > CHECK_WINDOW_MINUTES * 60_000
  // after the check-out window only staff can close the shift, on the volunteer's 补签退 request
  const missed = checkOutMissed(s, t)
  const closable = canRequestClose(s, t)

  async function run(kind: Exclude<Busy, null>, action: () => Promise<Shift>) {
    if (inFlight.current) return
    inFlight.current = true
    setBusy(kind)
    setError(null)
    try {
      const next = await action()
      setPanel('none')
      onChange(next)
    } catch (err) {
      setError(isLocationError(err) ? { message: err.message, denied: err.reason === 'denied' } : { message: errorMessage(err), denied: false })
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }

  const doCheckIn = () => run('check_in', async () => checkIn(s.id, await getCurrentLocation({ purpose: 'check_in' })))
  const doCancel = () => run('cancel', () => cancelShift(s.id))

  return (
    <View className={`card shift-item shift-status-${s.status}`} data-id={s.id}>
      <View className='item-head'>
        <Text className='item-title shift-title'>{s.postTitle}</Text>
        <Text className={`v-badge v-status-${s.status} shift-status`}>{SHIFT_STATUS_LABELS[s.status] ?? s.status}</Text>
      </View>
      <Text className='v-tag'>{POST_CATEGORY_LABELS[s.category] ?? s.category}</Text>
      <DetailRow label='时间' value={formatWindow(s.startsAt, s.endsAt)} className='shift-time' />
      {s.place && <DetailRow label='地点' value={s.place} className='shift-place' />}
      {s.checkInAt && <DetailRow label='签到' value={formatDateTime(s.checkInAt)} className='shift-check-in-at' />}
      {s.checkOutAt && <DetailRow label='签退' value={formatDateTime(s.checkOutAt)} className='shift-check-out-at' />}

      {s.status === 'claimed' && (
        <View className='shift-actions'>
          <Text className='shift-hint muted'>
            {early ? `开始前 ${CHECK_WINDOW_MINUTES} 分钟起可以签到。` : ''}请到岗位 {s.radiusM} 米范围内签到
          </Text>
          <BusyButton className='shift-check-in btn-gap' busy={busy === 'check_in'} busyText='正在定位并签到…' onClick={() => void doCheckIn()}>
            到岗签到
          </BusyButton>
          {canCancel && panel !== 'cancel' && (
            <Button className='btn btn-outline btn-gap shift-cancel' onClick={() => { setPanel('cancel'); setError(null) }}>
              取消认领
            </Button>
          )}
          {panel === 'cancel' && (
            <View className='shift-cancel-panel'>
              {late ? (
                <Text className='notice shift-late-warning'>
                  取消「{s.postTitle}」{formatWindow(s.startsAt, s.endsAt)} 的认领？{LATE_CANCEL_WARNING}
                </Text>
              ) : (
                <Text className='notice shift-cancel-ask'>
                  确定取消「{s.postTitle}」{formatWindow(s.startsAt, s.endsAt)} 的认领吗？取消后名额会留给其他志愿者。
                </Text>
              )}
              <BusyButton className='shift-cancel-confirm btn-gap' busy={busy === 'cancel'} busyText='正在取消…' onClick={() => void doCancel()}>
                {late ? '仍要取消' : '确定取消'}
              </BusyButton>
              <Button className='btn btn-outline btn-gap shift-cancel-back' onClick={() => setPanel('none')}>
                不取消了
              </Button>
            </View>
          )}
        </View>
      )}

      {s.status === 'checked_in' && !s.closure && panel === 'none' && (
        <View className='shift-actions'>
          {missed ? (
            <Text className='shift-hint shift-missed muted'>
              {closable ? `签退时间已过。忘记签退的话，可以在时段结束后 ${CLOSE_REQUEST_DAYS} 天内申请补签退` : '签退时间已过，也已超过补签退期限'}
            </Text>
          ) : (
            <>
              <Text className='shift-hint muted'>服务结束后，请在岗位附近签退并写下工作纪实</Text>
              <BusyButton className='shift-check-out btn-gap' busy={false} busyText='' onClick={() => { setPanel('check_out'); setError(null) }}>
                签退
              </BusyButton>
            </>
          )}
          {closable && (
            <Button className={`btn ${missed ? 'btn-primary' : 'btn-outline'} btn-gap shift-close-request`} onClick={() => { setPanel('close'); setError(null) }}>
              申请补签退
            </Button>
          )}
        </View>
      )}
      {s.status === 'checked_in' && panel === 'check_out' && (
        <CheckOutForm shift={s} onDone={(next) => { setPanel('none'); onChange(next) }} onCancel={() => setPanel('none')} />
      )}
      {s.status === 'checked_in' && !s.closure && panel === 'close' && (
        <CloseRequestForm shift={s} now={now} onDone={(next) => { setPanel('none'); onChange(next) }} onCancel={() => setPanel('none')} />
      )}
      {s.closure && (
        <View className='shift-closure'>
          <DetailRow label='补签退' value={`申请 ${formatMinutes(s.closure.minutes)}`} className='shift-closure-minutes' />
          <DetailRow label='说明' value={s.closure.note} className='shift-closure-note' />
          {s.status === 'checked_in' && <Text className='shift-waiting shift-closure-waiting muted'>已申请补签退，等待社区工作者确认</Text>}
        </View>
      )}

      {s.status === 'checked_out' && <Text className='shift-waiting muted'>已签退，等待社区工作者确认服务时长</Text>}
      {s.status === 'confirmed' && (
        <View className='shift-result'>
          <DetailRow
            label='服务时长'
            value={formatMinutes(s.verifiedMinutes ?? 0)}
            className={`shift-verified${(s.verifiedMinutes ?? 0) === 0 ? ' is-zero' : ''}`}
          />
          <DetailRow label='金豆' value={`${s.beansPending ?? 0} 个（待发放）`} className='shift-beans' />
        </View>
      )}
      {s.status === 'rejected' && (
        <View className='shift-result'>
          <DetailRow label='退回原因' value={s.rejectReason ?? '—'} className='shift-reject-reason' />
        </View>
      )}
      {s.status === 'cancelled' && s.lateCancel && <Text className='shift-late muted'>开始前 2 小时内取消，记为迟取消</Text>}
      {s.status === 'no_show' && <Text className='shift-no-show muted'>没有签到，记为未到岗</Text>}
      {s.notes && s.status !== 'claimed' && <DetailRow label='工作纪实' value={s.notes} className='shift-notes-text' />}

      {error && (
        <View>
          <Text className='alert shift-error'>{error.message}</Text>
          {error.denied && (
            <Text className='link-text shift-open-settings' {...a11y('link')} onClick={() => void openLocationSettings()}>
              打开设置，允许获取位置 ›
            </Text>
          )}
        </View>
      )}
    </View>
  )
}
