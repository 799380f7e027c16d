import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useEffect, useMemo, useRef, useState } from 'react'
import { POST_CATEGORIES, POST_CATEGORY_LABELS, type Post, type PostCategory, type Profile } from '../../../../core/contracts'
import { describeDistance, type Point } from '../../../../core/volunteers/rules'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { isVolunteer } from '../../../components/volunteer'
import { me } from '../../../services/auth'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { listPosts } from '../../../services/volunteers'
import { formatWindow } from '../../../utils/format'
import { getCurrentLocation, isLocationError } from '../../../utils/geo'
import { isStaff } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { usePaged, type Paged, usePullDown } from '../../../utils/useLoader'
import { DATE_RANGE_LABELS, arrangePosts, remaining, type DateRange, type ListedPost, type PostOrder } from '../../utils/posts'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'
import { a11y } from '../../../utils/a11y'
import './index.scss'
import { MoreButton } from '../../../components/MoreButton'

const RANGES: DateRange[] = ['today', 'week', 'all']
const SLOTS_SHOWN = 3

export default function PostsPage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [category, setCategory] = useState<PostCategory | ''>('')
  const categoryRef = useRef<PostCategory | ''>('')
  const [range, setRange] = useState<DateRange>('all')
  const [order, setOrder] = useState<PostOrder>('time')
  // The person's position only adds distances: the list never waits for it.
  const [here, setHere] = useState<Point | null>(null)
  const [locationNote, setLocationNote] = useState('')
  const located = useRef(false)

  // the soonest next slot first, a page at a time: 今天 and 本周 are at the top of what is loaded
  const posts = usePaged<Post>((cursor) => listPosts({ category: categoryRef.current || undefined }, cursor))

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    me().then(setProfile, () => undefined)
    // Back from a claim: the places left have changed.
    void posts.load()
    if (!located.current) {
      located.current = true
      getCurrentLocation({ purpose: 'distance', timeoutMs: 10_000 }).then(
        (p) => setHere(p),
        (err: unknown) => setLocationNote(isLocationError(err) ? err.message : ''),
      )
    }
  })

  usePullDown(() => posts.load())

  useReachBottom(() => void posts.loadMore())

  function pickCategory(next: PostCategory | '') {
    if (next === categoryRef.current) return
    categoryRef.current = next
    setCategory(next)
    // A different category is a different list: show loading rather than the old category's posts.
    void posts.load(true)
  }

  // Fall back to time order when the position goes away.
  useEffect(() => {
    if (!here && order === 'distance') setOrder('time')
  }, [here, order])

  const now = new Date()
  const listed = useMemo(
    () => (posts.state.kind === 'ready' ? arrangePosts(posts.state.items, { range, now, here, order }) : []),
    // `now` changes every render; the list is re-arranged when the inputs that matter change
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [posts.state, range, here, order],
  )

  const volunteer = isVolunteer(profile)
  const staff = isStaff(profile)

  return (
    <Screen className='page posts-page'>
      {!volunteer && !staff && (
        <View className='notice posts-not-volunteer'>
          <Text>报到并通过审核后，就可以认领岗位。</Text>
          <Text className='link-text posts-register-link' {...a11y('link')} onClick={() => Taro.navigateTo({ url: ROUTES.register })}>
            去报到 ›
          </Text>
        </View>
      )}
      {staff && (
        <Button className='btn btn-outline posts-create' onClick={() => Taro.navigateTo({ url: ROUTES.createPost })}>
          ＋ 发布岗位
        </Button>
      )}

      <View className='segment-bar posts-categories'>
        <View className={`filter-chip post-filter-all${category === '' ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: category === '' })} onClick={() => pickCategory('')}>
          <Text>全部</Text>
        </View>
        {POST_CATEGORIES.map((c) => (
          <View key={c} className={`filter-chip post-filter-${c}${category === c ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: category === c })} onClick={() => pickCategory(c)}>
            <Text>{POST_CATEGORY_LABELS[c]}</Text>
          </View>
        ))}
      </View>

      <View className='posts-toolbar'>
        <View className='segment-bar posts-ranges'>
          {RANGES.map((r) => (
            <View key={r} className={`filter-chip post-range-${r}${range === r ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: range === r })} onClick={() => setRange(r)}>
              <Text>{DATE_RANGE_LABELS[r]}</Text>
            </View>
          ))}
        </View>
        {here && (
          <View className='segment-bar posts-orders'>
            <View className={`filter-chip post-order-time${order === 'time' ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: order === 'time' })} onClick={() => setOrder('time')}>
              <Text>按时间</Text>
            </View>
            <View className={`filter-chip post-order-distance${order === 'distance' ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: order === 'distance' })} onClick={() => setOrder('distance')}>
              <Text>离我最近</Text>
            </View>
          </View>
        )}
      </View>
      {locationNote !== '' && <Text className='muted posts-location-note'>{locationNote}</Text>}

      <PostList state={posts.state} listed={listed} filtered={category !== '' || range !== 'all'} onRetry={() => void posts.load()} onMore={() => void posts.loadMore()} />
    </Screen>
  )
}

function PostList(props: { state: Paged<Post>; listed: ListedPost[]; filtered: boolean; onRetry: () => void; onMore: () => void }) {
  const { state, listed, filtered, onRetry, onMore } = props
  if (state.kind === 'loading') return <LoadingState className='posts-loading' />
  if (state.kind === 'error') return <ErrorState className='posts-error' message={state.message} onRetry={onRetry} retryClassName='posts-retry' />
  const more = state.nextCursor && (
    <MoreButton className='posts-more' more={state.more} onClick={onMore} />
  )
  if (listed.length === 0) {
    return (
      <View>
        <EmptyState className='posts-empty' text={filtered ? '这个范围内还没有岗位，换个类别或日期看看' : '社区暂时没有可认领的岗位'} />
        {more}
      </View>
    )
  }
  return (
    <View className='posts-list'>
      {listed.map(({ post, slots, distanceM }) => (
        <View key={post.id} className='card post-item' data-id={post.id} {...a11y('link')} onClick={() => Taro.navigateTo({ url: ROUTES.postDetail(post.id) })}>
          <View className='item-head'>
            <Text className='item-title post-item-title'>{post.title}</Text>
            <Text className='v-tag post-item-category'>{POST_CATEGORY_LABELS[post.category] ?? post.category}</Text>
          </View>
          {post.place && <Text className='post-item-place'>地点：{post.place}</Text>}
          <View className='post-item-meta'>
            {distanceM !== null && <Text className='post-distance'>距您 {describeDistance(distanceM)}</Text>}
            <Text className='post-item-rate'>每小时 {post.beanRatePerHour} 金豆</Text>
          </View>
          {slots.slice(0, SLOTS_SHOWN).map((s) => {
            const left = remaining(s)
            return (
              <View key={s.id} className='post-slot'>
                <Text className='post-slot-time'>{formatWindow(s.startsAt, s.endsAt)}</Text>
                <Text className={`post-slot-remaining${s.mine ? ' is-mine' : left === 0 ? ' is-full' : ''}`}>
                  {s.mine ? '已认领' : left === 0 ? '名额已满' : `剩余名额 ${left}`}
                </Text>
              </View>
            )
          })}
          {slots.length > SLOTS_SHOWN && <Text className='muted post-slot-more'>还有 {slots.length - SLOTS_SHOWN} 个时段，点开查看</Text>}
        </View>
      ))}
      {more}
      {!state.nextCursor && <Text className='list-end posts-end'>没有更多了</Text>}
      <Text className='posts-hint muted'>点开岗位可以认领，下拉可以刷新</Text>
    </View>
  )
}
