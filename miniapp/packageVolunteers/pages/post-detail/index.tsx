import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { POST_CATEGORY_LABELS, type Post, type Profile } from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import { isVolunteer } from '../../../components/volunteer'
import { me } from '../../../services/auth'
import { cancelPost } from '../../../services/editing'
import { errorMessage, isApiError } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { askToSubscribe, prepareSubscribe } from '../../../services/subscriptions'
import { claimSlot, getPost } from '../../../services/volunteers'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import { formatWindow } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { ReasonPanel, clearReasonDraft } from '../../components/ReasonPanel'
import { SlotRow, type SlotResult } from '../../components/SlotRow'
import { useLoader } from '../../../utils/useLoader'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { DetailRow } from '../../../components/DetailRow'

export default function PostDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [results, setResults] = useState<Record<string, SlotResult>>({})
  const [busySlot, setBusySlot] = useState<string | null>(null)
  // A disabled Taro Button still dispatches clicks on H5: the guard must not wait for a re-render.
  const inFlight = useRef(false)
  const [cancelling, setCancelling] = useState<'closed' | 'open' | 'busy'>('closed')
  const [cancelError, setCancelError] = useState('')
  const [cancelledWith, setCancelledWith] = useState<string | null>(null)

  const post = useLoader<Post>(async () => {
    if (!id) throw new Error('no id')
    const p = await getPost(id)
    // opened later, a cancelled post says so (and why) rather than showing an empty list of slots
    setCancelledWith(p.status === 'cancelled' ? p.cancelReason ?? '' : null)
    return p
  })

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    me().then(setProfile, () => undefined)
    void post.load()
    void prepareSubscribe()
  })

  async function claim(slotId: string) {
    if (inFlight.current || post.state.kind !== 'ready') return
    inFlight.current = true
    setBusySlot(slotId)
    void askToSubscribe(['service'])
    setResults((prev) => ({ ...prev, [slotId]: { kind: 'idle' } }))
    try {
      await claimSlot(post.state.data.id, slotId)
      post.set((p) => ({ ...p, slots: p.slots.map((s) => (s.id === slotId ? { ...s, mine: true, claimed: s.claimed + 1 } : s)) }))
      setResults((prev) => ({ ...prev, [slotId]: { kind: 'claimed' } }))
      void Taro.showToast({ title: '认领成功', icon: 'success', duration: 2000 })
    } catch (err) {
      const code = isApiError(err) ? err.code : ''
      setResults((prev) => ({ ...prev, [slotId]: { kind: 'error', message: errorMessage(err), needsRegistration: code === 'shift.not_volunteer' } }))
      // Someone else took the last place, or this slot is already mine: show the server's numbers.
      if (code === 'shift.slot_full' || code === 'shift.already_claimed' || code === 'shift.slot_past') void post.load()
    } finally {
      inFlight.current = false
      setBusySlot(null)
    }
  }

  /** 取消岗位: a reason the volunteers will read, then a confirmation that says who is affected. */
  async function cancel(reason: string) {
    if (inFlight.current || post.state.kind !== 'ready') return
    const p = post.state.data
    const holders = p.slots.filter((s) => Date.parse(s.startsAt) > Date.now()).reduce((n, s) => n + s.claimed, 0)
    const ok = await confirmAction({
      title: '取消岗位',
      content: holders > 0
        ? `取消“${p.title}”？还没开始的时段都会取消，已认领的 ${holders} 位志愿者会收到通知和您填写的原因，不计入他们的迟取消。`
        : `取消“${p.title}”？还没开始的时段都会取消，志愿者将不能再认领。`,
      confirmText: '取消岗位',
      danger: true,
    })
    if (!ok) return
    inFlight.current = true
    setCancelling('busy')
    setCancelError('')
    try {
      const done = await cancelPost(p.id, reason)
      clearReasonDraft('post-cancel', p.id)
      post.set((prev) => ({ ...prev, slots: done.slots }))
      setCancelledWith(done.cancelReason ?? reason)
      setCancelling('closed')
      void Taro.showToast({ title: '岗位已取消', icon: 'success', duration: 2000 })
    } catch (err) {
      setCancelError(errorMessage(err))
      setCancelling('open')
    } finally {
      inFlight.current = false
    }
  }

  if (post.state.kind === 'loading') return <LoadingState className='post-detail-loading' />
  if (post.state.kind === 'error') {
    const message = id ? post.state.message : '没有指定要查看的岗位'
    return <ErrorState className='post-detail-error' message={message} onRetry={() => void post.load()} retryClassName='post-detail-retry' />
  }

  const p = post.state.data
  const volunteer = isVolunteer(profile)
  const manager = isStaff(profile) && (!profile?.communityId || profile.communityId === p.communityId)
  const now = Date.now()
  return (
    <Screen className='page post-detail' data-id={p.id}>
      <View className='card'>
        <View className='item-head'>
          <Text className='item-title post-detail-title'>{p.title}</Text>
          <Text className='v-tag post-detail-category'>{POST_CATEGORY_LABELS[p.category] ?? p.category}</Text>
        </View>
        {p.description !== '' && <Text className='post-detail-description'>{p.description}</Text>}
        {p.place && <DetailRow label='地点' value={p.place} className='post-detail-place' />}
        <DetailRow label='签到范围' value={`岗位 ${p.radiusM} 米以内`} className='post-detail-radius' />
        <DetailRow label='金豆' value={`每服务 1 小时 ${p.beanRatePerHour} 金豆`} className='post-detail-rate' />
        <DetailRow label='签到时间' value='开始前 30 分钟到结束后 30 分钟' className='post-detail-window' />
      </View>

      {cancelledWith !== null && (
        <View className='card notice post-detail-cancelled'>
          <Text>这个岗位已取消：{cancelledWith}</Text>
        </View>
      )}

      {manager && cancelledWith === null && (
        <View className='card post-detail-manage'>
          <Text className='section-title'>管理岗位</Text>
          {cancelling === 'closed' ? (
            <View className='form-row'>
              <Button className='btn btn-outline post-edit' onClick={() => void Taro.navigateTo({ url: `${ROUTES.createPost}?id=${encodeURIComponent(p.id)}` })}>
                修改岗位
              </Button>
              <Button className='btn btn-outline post-cancel' onClick={() => setCancelling('open')}>
                取消岗位
              </Button>
            </View>
          ) : (
            <ReasonPanel
              prefix='post-cancel'
              draftId={p.id}
              label='取消原因（已认领的志愿者会看到）'
              placeholder='例如：天气原因，活动改期另行通知'
              submitText='取消岗位'
              busy={cancelling === 'busy'}
              serverError={cancelError}
              onSubmit={(reason) => void cancel(reason)}
              onCancel={() => {
                setCancelling('closed')
                setCancelError('')
              }}
            />
          )}
        </View>
      )}

      <View className='card'>
        <Text className='section-title'>选择时段</Text>
        {!volunteer && (
          <View className='notice post-detail-not-volunteer'>
            <Text>只有通过审核的在职党员、社区能人可以认领岗位。</Text>
            <Text className='link-text slot-register' {...a11y('link')} onClick={() => Taro.navigateTo({ url: ROUTES.register })}>
              去报到 ›
            </Text>
          </View>
        )}
        {p.slots.length === 0 && <Text className='muted'>{cancelledWith !== null ? '岗位已取消，没有可认领的时段' : '这个岗位还没有时段'}</Text>}
        {p.slots.map((s) => (
          <SlotRow
            key={s.id}
            slot={s}
            time={formatWindow(s.startsAt, s.endsAt)}
            ended={Date.parse(s.endsAt) < now}
            volunteer={volunteer}
            busy={busySlot === s.id}
            result={results[s.id] ?? { kind: 'idle' }}
            onClaim={() => void claim(s.id)}
          />
        ))}
      </View>
    </Screen>
  )
}
