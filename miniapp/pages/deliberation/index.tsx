import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { MEETING_FORM_LABELS, TOPIC_STATUS_LABELS, type Meeting, type Profile, type Topic } from '../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../components/States'
import { cosignTopic, listMeetings, listTopicsPage } from '../../services/deliberation'
import { errorMessage } from '../../services/errors'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { formatDateTime } from '../../utils/format'
import { isStaff } from '../../utils/roles'
import { usePaged, usePullDown } from '../../utils/useLoader'
import { a11y } from '../../utils/a11y'
import { NeedLink } from './NeedLink'
import { DELIB_ROUTES } from '../../packageDeliberation/routes'
import { Screen } from '../../components/Screen'
import './index.scss'
import { MoreButton } from '../../components/MoreButton'

type Tab = 'topics' | 'meetings'

/** "还差 3 人" / "已达到 10 人": co-signs as progress toward the community's threshold. */
export function TopicCard({ topic, busy, error, onCosign }: { topic: Topic; busy: boolean; error?: string; onCosign: () => void }) {
  const pct = topic.threshold > 0 ? Math.min(100, Math.round((topic.cosigns / topic.threshold) * 100)) : 100
  const left = Math.max(0, topic.threshold - topic.cosigns)
  const collecting = topic.status === 'collecting'
  return (
    <View className={`card topic-item topic-${topic.status}`} data-id={topic.id}>
      <View className='delib-row'>
        <Text className='topic-item-title'>{topic.title}</Text>
        <Text className={`delib-badge topic-status${collecting ? '' : ' is-ok'}`}>{TOPIC_STATUS_LABELS[topic.status]}</Text>
      </View>
      {topic.description ? <Text className='delib-desc'>{topic.description}</Text> : null}
      <Text className='delib-meta'>提出人：{topic.proposerName}</Text>
      <NeedLink source={topic} className='topic-need' />
      <View className='bar'>
        <View className='bar-fill topic-progress-fill' style={{ width: `${pct}%` }} />
      </View>
      <Text className='topic-progress'>
        联名 {topic.cosigns}/{topic.threshold} 人{collecting && left > 0 ? `，还差 ${left} 人` : ''}
      </Text>
      {collecting && !topic.cosigned && (
        <Button className={`btn btn-primary topic-cosign${busy ? ' is-disabled' : ''}`} disabled={busy || undefined} onClick={onCosign}>
          {busy ? '正在联名…' : '联名支持'}
        </Button>
      )}
      {topic.cosigned && <Text className='topic-cosigned delib-done'>✓ 您已联名</Text>}
      {error ? <Text className='form-error topic-error'>{error}</Text> : null}
    </View>
  )
}

export function MeetingCard({ meeting, onOpen }: { meeting: Meeting; onOpen: () => void }) {
  const left = Math.max(0, meeting.capacity - meeting.registered)
  const mine =
    meeting.myStatus === 'registered'
      ? meeting.checkedIn ? '已签到' : '已报名'
      : meeting.myStatus === 'waitlisted'
        ? `候补第 ${meeting.myWaitlistPosition ?? '-'} 位`
        : null
  // a meeting that discusses a need's topic says which need it is (the first such topic on the agenda)
  const fromNeed = meeting.agenda.find((t) => t.needId && t.needRefNo)
  return (
    <View className='card meeting-item' data-id={meeting.id} onClick={onOpen} {...a11y('link', `查看议事会：${meeting.title}`)}>
      <View className='delib-row'>
        <Text className='meeting-item-title'>{meeting.title}</Text>
        {mine && <Text className={`delib-badge meeting-item-status${meeting.myStatus === 'waitlisted' ? ' is-wait' : ' is-ok'}`}>{mine}</Text>}
      </View>
      <Text className='delib-meta meeting-item-form'>{MEETING_FORM_LABELS[meeting.form]}</Text>
      <Text className='delib-meta meeting-item-time'>时间：{formatDateTime(meeting.startsAt)}</Text>
      <Text className='delib-meta meeting-item-place'>地点：{meeting.place}</Text>
      <Text className='delib-meta meeting-item-seats'>
        {left > 0 ? `剩余 ${left} 个名额（共 ${meeting.capacity} 个）` : `名额已满${meeting.waitlisted > 0 ? `，${meeting.waitlisted} 人候补` : '，可报名候补'}`}
      </Text>
      {fromNeed && <NeedLink source={fromNeed} className='meeting-item-need' />}
      <Text className='meeting-item-open'>查看详情、报名 ›</Text>
    </View>
  )
}

/** 加载更多 while there is a next page, 没有更多了 at the end of a list that has rows. */
function MoreFooter({ prefix, more, next, onMore }: { prefix: string; more: boolean; next: string | null; onMore: () => void }) {
  if (next) {
    return (
      <MoreButton className={`${prefix}-more`} more={more} disabled onClick={onMore} />
    )
  }
  return <Text className={`list-end ${prefix}-end muted`}>没有更多了</Text>
}

export default function DeliberationPage() {
  const [tab, setTab] = useState<Tab>('topics')
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  // one page at a time, the next one when the list is scrolled to its end (or 加载更多 is tapped)
  const topics = usePaged<Topic>((cursor) => listTopicsPage({ cursor }))
  const meetings = usePaged<Meeting>((cursor) => listMeetings({ cursor }))
  const [cosigning, setCosigning] = useState<string | null>(null)
  const [cosignError, setCosignError] = useState<{ id: string; message: string } | null>(null)
  const inFlight = useRef(false)

  const loadAll = useCallback(() => Promise.all([topics.load(), meetings.load()]), [topics.load, meetings.load])

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void loadAll()
  })
  usePullDown(() => loadAll())
  useReachBottom(() => {
    void (tab === 'topics' ? topics : meetings).loadMore()
  })

  async function cosign(id: string) {
    if (inFlight.current) return
    inFlight.current = true
    setCosigning(id)
    setCosignError(null)
    try {
      const updated = await cosignTopic(id)
      topics.set((items) => items.map((t) => (t.id === id ? updated : t)))
    } catch (err) {
      setCosignError({ id, message: errorMessage(err) })
    } finally {
      inFlight.current = false
      setCosigning(null)
    }
  }

  const staff = isStaff(profile)
  const now = Date.now()
  const dayAgo = now - 86_400_000
  const m = meetings.state
  const upcoming = m.kind === 'ready'
    ? m.items.filter((x) => Date.parse(x.startsAt) >= dayAgo).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    : []
  const past = m.kind === 'ready' ? m.items.filter((x) => Date.parse(x.startsAt) < dayAgo) : []
  const open = (x: Meeting) => void Taro.navigateTo({ url: DELIB_ROUTES.meetingDetail(x.id) })
  const t = topics.state

  return (
    <Screen className='page deliberation'>
      <Text className='delib-intro'>议事协商：大家关心的事一起商量——居民提议题、开会投票，社区落实，大家评价。</Text>
      <View className='delib-tabs' {...a11y('tablist')}>
        <View className={`delib-tab delib-tab-topics${tab === 'topics' ? ' is-active' : ''}`} {...a11y('tab', undefined, { selected: tab === 'topics' })} onClick={() => setTab('topics')}>
          <Text>议题</Text>
        </View>
        <View className={`delib-tab delib-tab-meetings${tab === 'meetings' ? ' is-active' : ''}`} {...a11y('tab', undefined, { selected: tab === 'meetings' })} onClick={() => setTab('meetings')}>
          <Text>议事会</Text>
        </View>
      </View>
      {tab === 'topics' && <Text className='delib-tab-hint'>议题：想商量的事。同社区居民联名支持，人数够了就安排议事会。</Text>}
      {tab === 'meetings' && <Text className='delib-tab-hint'>议事会：到场或在线一起商量、投票。报名后按时签到即可参加表决。</Text>}

      {staff && (
        <View className='delib-staff'>
          <Button className='btn btn-outline delib-new-meeting' onClick={() => void Taro.navigateTo({ url: DELIB_ROUTES.createMeeting })}>
            安排议事会
          </Button>
          <Button className='btn btn-outline delib-metrics' onClick={() => void Taro.navigateTo({ url: DELIB_ROUTES.metrics })}>
            数据
          </Button>
        </View>
      )}

      {tab === 'topics' && (
        <View className='delib-topics'>
          <Button className='btn btn-primary topic-new' onClick={() => void Taro.navigateTo({ url: DELIB_ROUTES.createTopic })}>
            ＋ 提出议题
          </Button>
          {t.kind === 'loading' && <LoadingState className='topics-loading' />}
          {t.kind === 'error' && <ErrorState className='topics-error' message={t.message} onRetry={() => void topics.load(true)} retryClassName='topics-retry' />}
          {t.kind === 'ready' && t.items.length === 0 && <EmptyState className='topics-empty' text='还没有议题，有大家关心的事可以提出来' />}
          {t.kind === 'ready' &&
            t.items.map((x) => (
              <TopicCard
                key={x.id}
                topic={x}
                busy={cosigning === x.id}
                error={cosignError?.id === x.id ? cosignError.message : undefined}
                onCosign={() => void cosign(x.id)}
              />
            ))}
          {t.kind === 'ready' && t.items.length > 0 && (
            <MoreFooter prefix='topics' more={t.more} next={t.nextCursor} onMore={() => void topics.loadMore()} />
          )}
        </View>
      )}

      {tab === 'meetings' && (
        <View className='delib-meetings'>
          {m.kind === 'loading' && <LoadingState className='meetings-loading' />}
          {m.kind === 'error' && <ErrorState className='meetings-error' message={m.message} onRetry={() => void meetings.load(true)} retryClassName='meetings-retry' />}
          {m.kind === 'ready' && m.items.length === 0 && <EmptyState className='meetings-empty' text='近期还没有议事会' />}
          {upcoming.map((x) => <MeetingCard key={x.id} meeting={x} onOpen={() => open(x)} />)}
          {past.length > 0 && <Text className='section-title delib-past-title'>往期议事会</Text>}
          {past.map((x) => <MeetingCard key={x.id} meeting={x} onOpen={() => open(x)} />)}
          {m.kind === 'ready' && m.items.length > 0 && (
            <MoreFooter prefix='meetings' more={m.more} next={m.nextCursor} onMore={() => void meetings.loadMore()} />
          )}
        </View>
      )}
    </Screen>
  )
}
