import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { MEETING_FORM_LABELS, TOPIC_STATUS_LABELS, type Meeting, type Motion, type Profile } from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import {
  checkInMeeting, closeMotion, commentMeeting, createMotion, getMeeting, minutesMeeting, registerMeeting, voteMotion, withdrawMeeting,
  type MeetingDetail,
} from '../../../services/deliberation'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { Comments } from '../../components/Comments'
import { MinutesForm } from '../../components/Minutes'
import { MotionCard, MotionForm } from '../../components/Motion'
import { CheckInForm, Registration } from '../../components/Registration'
import { DELIB_ROUTES } from '../../routes'
import '../../components/delib.scss'

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; meeting: MeetingDetail }

export default function MeetingDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const latest = useRef(0)

  const load = useCallback(async () => {
    const n = ++latest.current
    try {
      const meeting = await getMeeting(id)
      if (n === latest.current) setState({ kind: 'ready', meeting })
    } catch (err) {
      if (n !== latest.current) return
      const message = errorMessage(err)
      setState((prev) => {
        if (prev.kind === 'ready') {
          void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
          return prev
        }
        return { kind: 'error', message }
      })
    }
  }, [id])

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.kind === 'loading') return <View className='page'><LoadingState className='meeting-loading' /></View>
  if (state.kind === 'error') {
    return (
      <View className='page'>
        <ErrorState className='meeting-error' message={state.message} onRetry={() => void load()} retryClassName='meeting-retry' />
      </View>
    )
  }

  const m = state.meeting
  const staff = isStaff(profile) && m.checkInCode !== null
  // The write answers with the meeting row; the detail (motions, comments) is fetched again behind it.
  const merge = (row: Meeting) => {
    setState({ kind: 'ready', meeting: { ...m, ...row } })
    void load()
  }
  const mergeMotion = (motion: Motion) => {
    setState({ kind: 'ready', meeting: { ...m, motions: m.motions.some((x) => x.id === motion.id) ? m.motions.map((x) => (x.id === motion.id ? motion : x)) : [...m.motions, motion] } })
    void load()
  }

  return (
    <View className='page meeting-detail' data-id={m.id}>
      <View className='card'>
        <Text className='delib-title meeting-title-text'>{m.title}</Text>
        <Text className='delib-badge meeting-form-label'>{MEETING_FORM_LABELS[m.form]}</Text>
        <Text className='delib-meta meeting-time'>时间：{formatDateTime(m.startsAt)}</Text>
        <Text className='delib-meta meeting-place'>地点：{m.place}</Text>
        {m.status === 'cancelled' && <Text className='overdue'>本次议事会已取消</Text>}
      </View>

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

      {staff && <MotionForm submit={(input) => createMotion(m.id, input)} onSuccess={mergeMotion} />}

      <Comments
        comments={m.comments}
        post={(body) => commentMeeting(m.id, body)}
        onPosted={(c) => {
          setState({ kind: 'ready', meeting: { ...m, comments: [...m.comments, c] } })
        }}
      />

      {m.minutes && !staff && (
        <View className='card meeting-minutes'>
          <Text className='section-title'>会议纪要</Text>
          <Text className='minutes-text'>{m.minutes}</Text>
        </View>
      )}
      {staff && <MinutesForm initial={m.minutes ?? ''} submit={(text) => minutesMeeting(m.id, text)} onSuccess={(d) => setState({ kind: 'ready', meeting: d })} />}
    </View>
  )
}
