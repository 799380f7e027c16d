import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { MEETING_FORM_LABELS, TOPIC_STATUS_LABELS, type Meeting, type Motion, type Profile } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { Pending } from '../../../components/States'
import {
  checkInMeeting, closeMotion, commentMeeting, createMotion, getMeeting, minutesMeeting, registerMeeting, voteMotion, withdrawMeeting,
  type MeetingDetail,
} from '../../../services/deliberation'
import { cancelMeeting } from '../../../services/editing'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { confirmAction } from '../../../utils/confirm'
import { formatWindow } from '../../../utils/format'
import { revealFirstError } from '../../../utils/formErrors'
import { isStaff } from '../../../utils/roles'
import { useLoader } from '../../../utils/useLoader'
import { Comments } from '../../components/Comments'
import { MinutesForm } from '../../components/Minutes'
import { MotionCard, MotionForm } from '../../components/Motion'
import { CheckInForm, Registration } from '../../components/Registration'
import { DELIB_ROUTES } from '../../routes'
import '../../components/delib.scss'
import { NeedLink } from '../../../pages/deliberation/NeedLink'
import { Screen } from '../../../components/Screen'

/** Check-in opens this long before the start (meeting_check_in in 20261201000600_deliberation.sql). */
const CHECK_IN_OPENS_MS = 30 * 60_000

/** When check-in is accepted: the times alone when it is all one day (the date is on the line above), else in full. */
function checkInWindow(startsAt: string, endsAt: string): string {
  const full = formatWindow(new Date(Date.parse(startsAt) - CHECK_IN_OPENS_MS).toISOString(), endsAt)
  return full.includes(' 至 ') ? full : full.slice(full.lastIndexOf(' ') + 1)
}

export default function MeetingDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const meeting = useLoader<MeetingDetail>(() => getMeeting(id), { pullDown: true })
  const { state, load } = meeting
  // an action's answer is the newest truth
  const replace = (next: MeetingDetail) => meeting.set(() => next)
  const [cancelOpen, setCancelOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [cancelError, setCancelError] = useState('')
  const [cancelBusy, setCancelBusy] = useState(false)
  const cancelling = useRef(false)

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
  })

  if (state.kind !== 'ready') return <Screen className='page'><Pending state={state} name='meeting' onRetry={() => void load()} /></Screen>

  const m = state.data
  const staff = isStaff(profile) && m.checkInCode !== null

  /** 取消议事会: a reason everyone registered reads, then a confirmation naming how many are told. */
  async function cancel() {
    if (cancelling.current) return
    const text = reason.trim()
    if (text.length < 2) {
      setCancelError('请填写取消原因（至少 2 个字），报名的居民会看到')
      void revealFirstError()
      return
    }
    const told = m.registered + m.waitlisted
    const ok = await confirmAction({
      title: '取消议事会',
      content: `确定取消「${m.title}」？${told > 0 ? `已报名和候补的 ${told} 人会收到通知和您填写的原因，` : ''}议程上的议题可以重新安排到别的议事会。`,
      confirmText: '取消议事会',
      danger: true,
    })
    if (!ok) return
    cancelling.current = true
    setCancelBusy(true)
    setCancelError('')
    try {
      const done = await cancelMeeting(m.id, text)
      replace(done)
      setCancelOpen(false)
      void Taro.showToast({ title: '已取消', icon: 'success', duration: 1500 })
    } catch (err) {
      setCancelError(errorMessage(err))
      void revealFirstError()
    } finally {
      cancelling.current = false
      setCancelBusy(false)
    }
  }
  // The write answers with the meeting row; the detail (motions, comments) is fetched again behind it.
  const merge = (row: Meeting) => {
    replace({ ...m, ...row })
    void load()
  }
  const mergeMotion = (motion: Motion) => {
    replace({ ...m, motions: m.motions.some((x) => x.id === motion.id) ? m.motions.map((x) => (x.id === motion.id ? motion : x)) : [...m.motions, motion] })
    void load()
  }

  return (
    <Screen className='page meeting-detail' data-id={m.id}>
      <View className='card'>
        <Text className='delib-title meeting-title-text'>{m.title}</Text>
        <Text className='delib-badge meeting-form-label'>{MEETING_FORM_LABELS[m.form]}</Text>
        <Text className='delib-meta meeting-time'>时间：{formatWindow(m.startsAt, m.endsAt)}</Text>
        {/* the code is refused outside this window, so residents are told it before they come */}
        {!staff && m.status !== 'cancelled' && (
          <Text className='delib-meta meeting-checkin-window'>签到时间：开始前 30 分钟至结束（{checkInWindow(m.startsAt, m.endsAt)}）</Text>
        )}
        <Text className='delib-meta meeting-place'>地点：{m.place}</Text>
        {m.status === 'cancelled' && <Text className='overdue'>本次议事会已取消</Text>}
      </View>

      {staff && m.status === 'scheduled' && (
        <View className='card meeting-manage'>
          <Text className='section-title'>管理议事会</Text>
          {!cancelOpen ? (
            <View className='form-row'>
              <Button className='btn btn-outline meeting-edit' onClick={() => void Taro.navigateTo({ url: `${DELIB_ROUTES.createMeeting}?id=${encodeURIComponent(m.id)}` })}>
                修改
              </Button>
              <Button className='btn btn-outline meeting-cancel' onClick={() => setCancelOpen(true)}>
                取消议事会
              </Button>
            </View>
          ) : (
            <View className='meeting-cancel-panel form-field'>
              <Text className='form-label'>取消原因（报名的居民会看到）</Text>
              <Textarea
                className={`form-textarea meeting-cancel-reason${cancelError ? ' has-error' : ''}`}
                value={reason}
                maxlength={200}
                placeholder='例如：遇暴雨，改期另行通知'
                placeholderClass='form-placeholder'
                onInput={(e) => {
                  setReason(e.detail.value)
                  setCancelError('')
                }}
              />
              {cancelError !== '' && <Text className='field-error field-error-reason'>{cancelError}</Text>}
              <BusyButton className='meeting-cancel-submit btn-gap' busy={cancelBusy} busyText='正在取消…' onClick={() => void cancel()}>
                取消议事会
              </BusyButton>
              {!cancelBusy && (
                <Button className='btn btn-outline btn-gap meeting-cancel-back' onClick={() => setCancelOpen(false)}>
                  返回
                </Button>
              )}
            </View>
          )}
        </View>
      )}

      {staff && (
        <View className='card meeting-code-card'>
          <Text className='form-label'>现场签到码（请在会场公布）</Text>
          <Text className='big-code meeting-code'>{m.checkInCode}</Text>
        </View>
      )}

      <View className='card meeting-agenda'>
        <Text className='section-title'>议程</Text>
        {m.agenda.length === 0 && <Text className='delib-meta'>议程待定</Text>}
        {m.agenda.map((t, i) => (
          <View key={t.id} className='list-line agenda-item'>
            <Text>
              {i + 1}. {t.title}
            </Text>
            <Text className='delib-meta'>
              {TOPIC_STATUS_LABELS[t.status]} · 联名 {t.cosigns} 人 · 提出人 {t.proposerName}
            </Text>
            <NeedLink source={t} className='agenda-need' />
          </View>
        ))}
      </View>

      <Registration meeting={m} register={(seat) => registerMeeting(m.id, seat)} withdraw={() => withdrawMeeting(m.id)} onChanged={merge} />

      {m.myStatus === 'registered' && !m.checkedIn && m.status !== 'cancelled' && (
        <CheckInForm checkIn={(code) => checkInMeeting(m.id, code)} onChanged={merge} />
      )}

      <View className='meeting-motions'>
        <Text className='section-title'>表决</Text>
        {m.motions.length === 0 && <Text className='delib-meta motions-empty'>还没有表决事项</Text>}
        {m.motions.map((motion) => (
          <MotionCard
            key={motion.id}
            motion={motion}
            checkedIn={m.checkedIn}
            staff={staff}
            vote={(optionId) => voteMotion(motion.id, optionId)}
            close={() => closeMotion(motion.id)}
            onChanged={mergeMotion}
            onOpenResolution={(rid) => void Taro.navigateTo({ url: DELIB_ROUTES.resolution(rid) })}
          />
        ))}
      </View>

      {staff && <MotionForm meetingId={m.id} submit={(input) => createMotion(m.id, input)} onSuccess={mergeMotion} />}

      <Comments
        meetingId={m.id}
        comments={m.comments}
        post={(body) => commentMeeting(m.id, body)}
        onPosted={(c) => {
          replace({ ...m, comments: [...m.comments, c] })
        }}
      />

      {m.minutes && !staff && (
        <View className='card meeting-minutes'>
          <Text className='section-title'>会议纪要</Text>
          <Text className='minutes-text'>{m.minutes}</Text>
        </View>
      )}
      {staff && <MinutesForm meetingId={m.id} initial={m.minutes ?? ''} submit={(text) => minutesMeeting(m.id, text)} onSuccess={(d) => replace(d)} />}
    </Screen>
  )
}
