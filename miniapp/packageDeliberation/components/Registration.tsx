import { Button, Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { FIVE_PARTY_SEATS, FIVE_PARTY_SEAT_LABELS, type Meeting } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { askToSubscribe, prepareSubscribe } from '../../services/subscriptions'
import { a11y } from '../../utils/a11y'
import { confirmAction } from '../../utils/confirm'
import { useSubmit } from '../../components/form'
import './delib.scss'

type Seat = (typeof FIVE_PARTY_SEATS)[number]

export interface RegistrationProps {
  meeting: Meeting
  register: (seat?: Seat) => Promise<Meeting>
  withdraw: () => Promise<Meeting>
  onChanged: (meeting: Meeting) => void
}

/** 我的状态 + 报名 / 取消报名; a full meeting takes a waitlist place that moves up when someone withdraws. */
export function Registration({ meeting, register, withdraw, onChanged }: RegistrationProps) {
  const [seat, setSeat] = useState<Seat | undefined>(undefined)
  const f = useSubmit(['seat'] as const, 'meeting-register-error')
  const left = Math.max(0, meeting.capacity - meeting.registered)
  // people may still sign up at the venue while the meeting runs (the server allows up to 3 hours after the start)
  const open = meeting.status !== 'cancelled' && Date.parse(meeting.startsAt) > Date.now() - 3 * 3_600_000
  const active = meeting.myStatus === 'registered' || meeting.myStatus === 'waitlisted'

  const status =
    meeting.myStatus === 'registered'
      ? meeting.checkedIn ? '已报名 · 已签到' : '已报名'
      : meeting.myStatus === 'waitlisted'
        ? `候补第 ${meeting.myWaitlistPosition ?? '-'} 位`
        : meeting.myStatus === 'withdrawn' ? '已取消报名' : '未报名'

  useEffect(() => void prepareSubscribe(), [])

  async function doRegister() {
    void askToSubscribe(['meeting'])
    const m = await f.run(() => register(seat))
    if (m) onChanged(m)
  }
  async function doWithdraw() {
    const ok = await confirmAction({
      title: '取消报名',
      content: `确定取消报名「${meeting.title}」？${meeting.myStatus === 'waitlisted' ? '您的候补位置会让给后面的人。' : '您的名额会让给排在最前的候补。'}`,
      confirmText: '取消报名',
      danger: true,
    })
    if (!ok) return
    const m = await f.run(() => withdraw())
    if (m) onChanged(m)
  }

  return (
    <View className='card meeting-registration'>
      <View className='delib-row'>
        <Text className='form-label'>我的报名</Text>
        <Text className={`delib-badge meeting-status${meeting.myStatus === 'waitlisted' ? ' is-wait' : active ? ' is-ok' : ' is-muted'}`}>{status}</Text>
      </View>
      <Text className='delib-meta meeting-seats'>
        已报名 {meeting.registered}/{meeting.capacity} 人{meeting.waitlisted > 0 ? `，候补 ${meeting.waitlisted} 人` : ''}
        {left > 0 ? `，剩余 ${left} 个名额` : '，名额已满'}
      </Text>
      {meeting.myStatus === 'waitlisted' && (
        <Text className='delib-meta meeting-waitlist-hint'>有人取消报名时，排在最前的候补会自动转为正式报名。</Text>
      )}
      <View className='delib-gap' />
      {open && !active && meeting.form === 'five_party' && (
        <View className='form-field'>
          <Text className='form-label'>您代表哪一方（五方议事）</Text>
          <View className='chips' {...a11y('radiogroup', '您代表哪一方')}>
            {FIVE_PARTY_SEATS.map((s) => (
              <View key={s} className={`chip meeting-seat-${s}${seat === s ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: seat === s })} onClick={() => setSeat(seat === s ? undefined : s)}>
                <Text>{FIVE_PARTY_SEAT_LABELS[s]}</Text>
              </View>
            ))}
          </View>
          {f.fieldError('seat')}
        </View>
      )}
      {open && !active && (
        <BusyButton className='meeting-register' busy={f.busy} busyText='正在报名…' onClick={() => void doRegister()}>
          {left > 0 ? '报名参加' : '报名候补'}
        </BusyButton>
      )}
      {open && active && !meeting.checkedIn && (
        <Button className={`btn btn-outline meeting-withdraw${f.busy ? ' is-disabled' : ''}`} disabled={f.busy || undefined} onClick={() => void doWithdraw()}>
          {f.busy ? '正在取消…' : '取消报名'}
        </Button>
      )}
      {f.formError()}
    </View>
  )
}

export interface CheckInProps {
  checkIn: (code: string) => Promise<Meeting>
  onChanged: (meeting: Meeting) => void
}

/** 签到: the 6-digit code shown at the venue; checked here first, then by the server. */
export function CheckInForm({ checkIn, onChanged }: CheckInProps) {
  const [code, setCode] = useState('')
  const f = useSubmit(['code'] as const, 'checkin-error')
  async function submit() {
    const m = await f.run(() => checkIn(code))
    if (m) onChanged(m)
  }
  return (
    <View className='card meeting-checkin form-field'>
      <Text className='form-label'>到场签到</Text>
      <Text className='form-hint'>请输入会场公布的 6 位数字签到码</Text>
      <Input
        className={`form-input checkin-code${f.errors.code ? ' has-error' : ''}`}
        type='number'
        maxlength={6}
        value={code}
        placeholder='6 位数字'
        placeholderClass='form-placeholder'
        onInput={(e) => {
          setCode(e.detail.value)
          f.clear('code')
        }}
      />
      {f.fieldError('code')}
      {f.formError()}
      <View className='delib-gap' />
      <BusyButton className='checkin-submit' busy={f.busy} busyText='正在签到…' onClick={() => void submit()}>
        签到
      </BusyButton>
    </View>
  )
}
