import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { REGISTRATION_STATUS_LABELS, VOLUNTEER_KIND_LABELS, type Profile, type Registration, type VolunteerKind } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { listVolunteers, type VolunteerFilter } from '../../../services/volunteers'
import { isStaff } from '../../../utils/roles'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import { ParticipationPanel } from '../../components/ParticipationPanel'
import { RecommendForm } from '../../components/RecommendForm'
import { ReviewItem } from '../../components/ReviewItem'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'
import { a11y } from '../../../utils/a11y'
import './index.scss'
import { MoreButton } from '../../../components/MoreButton'

type StatusFilter = Registration['status'] | 'all'
const STATUSES: StatusFilter[] = ['pending', 'approved', 'rejected', 'all']
const KINDS: Array<VolunteerKind | 'all'> = ['all', 'party_member', 'talent']

/** Staff: 报到审核 and the talent pool (能人库) with skill search, the "127" picture and the report. */
export default function ReviewPage() {
  const [profile] = useState<Profile | null>(() => getProfile())
  const [status, setStatus] = useState<StatusFilter>('pending')
  const [kind, setKind] = useState<VolunteerKind | 'all'>('all')
  const [skill, setSkill] = useState('')
  const [recommendOpen, setRecommendOpen] = useState(false)
  const filter = useRef<VolunteerFilter>({ status: 'pending' })

  // in the order they came, a page at a time
  const list = usePaged<Registration>((cursor) => listVolunteers(filter.current, cursor))

  useDidShow(() => {
    // Only staff may list registrations: nobody else gets a request that can only be refused.
    if (ensureLoggedIn() && isStaff(getProfile())) void list.load()
  })
  usePullDown(() => list.load())
  useReachBottom(() => void list.loadMore())

  function apply(next: { status?: StatusFilter; kind?: VolunteerKind | 'all'; skill?: string }) {
    const s = next.status ?? status
    const k = next.kind ?? kind
    const sk = next.skill ?? skill
    filter.current = { status: s === 'all' ? undefined : s, kind: k === 'all' ? undefined : k, skill: sk.trim() || undefined }
    void list.load(true)
  }

  if (profile && !isStaff(profile)) {
    return <EmptyState className='page review-page review-forbidden' text='只有社区工作者可以审核报到' />
  }

  return (
    <Screen className='page review-page'>
      {profile?.communityId && <ParticipationPanel communityId={profile.communityId} />}

      <View className='card review-filters'>
        <Text className='section-title'>报到审核与能人库</Text>
        <View className='segment-bar'>
          {STATUSES.map((s) => (
            <View key={s} className={`filter-chip review-status-${s}${status === s ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: status === s })} onClick={() => { setStatus(s); apply({ status: s }) }}>
              <Text>{s === 'all' ? '全部状态' : REGISTRATION_STATUS_LABELS[s]}</Text>
            </View>
          ))}
        </View>
        <View className='segment-bar'>
          {KINDS.map((k) => (
            <View key={k} className={`filter-chip review-kind-${k}${kind === k ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: kind === k })} onClick={() => { setKind(k); apply({ kind: k }) }}>
              <Text>{k === 'all' ? '全部类型' : VOLUNTEER_KIND_LABELS[k]}</Text>
            </View>
          ))}
        </View>
        <View className='form-row'>
          <View className='form-col'>
            <Input
              className='form-input review-skill'
              value={skill}
              maxlength={20}
              placeholder='按特长搜索，例如：维修'
              placeholderClass='form-placeholder'
              confirmType='search'
              onInput={(e) => setSkill(e.detail.value)}
              onConfirm={() => apply({})}
            />
          </View>
          <Button className='btn btn-primary review-search' onClick={() => apply({})}>
            搜索
          </Button>
        </View>
      </View>

      {list.state.kind === 'loading' && <LoadingState className='review-loading' />}
      {list.state.kind === 'error' && <ErrorState className='review-error' message={list.state.message} onRetry={() => void list.load()} retryClassName='review-retry' />}
      {list.state.kind === 'ready' && list.state.items.length === 0 && (
        <EmptyState className='review-empty' text={status === 'pending' ? '没有待审核的报到' : '没有符合条件的报到'} />
      )}
      {list.state.kind === 'ready' &&
        list.state.items.map((r) => (
          <ReviewItem key={r.id} registration={r} onChange={(next) => list.set((items) => items.map((x) => (x.id === next.id ? next : x)))} />
        ))}
      {list.state.kind === 'ready' && list.state.nextCursor && (
        <MoreButton className='review-more' more={list.state.more} onClick={() => void list.loadMore()} />
      )}

      <View className='card'>
        <Text className='section-title'>推荐能人（组织发现）</Text>
        {recommendOpen ? (
          <RecommendForm
            onDone={(reg) => {
              setRecommendOpen(false)
              void Taro.showToast({ title: '已加入待审核名单', icon: 'none', duration: 2000 })
              if (filter.current.status === undefined || filter.current.status === 'pending') list.set((items) => [reg, ...items])
            }}
          />
        ) : (
          <Button className='btn btn-outline recommend-open' onClick={() => setRecommendOpen(true)}>
            推荐一位能人
          </Button>
        )}
      </View>
    </Screen>
  )
}
