import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import {
  NEED_CATEGORY_LABELS,
  NEED_SEVERITY_LABELS,
  NEED_TRACK_LABELS,
  type NeedFull,
} from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { StatusBadge } from '../../../components/StatusBadge'
import { errorMessage } from '../../../services/errors'
import { listNeeds, type NeedQueueFilters } from '../../../services/needs'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime, formatDue } from '../../../utils/format'
import { canHandleNeeds } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import './index.scss'

export const QUEUE_PAGE_SIZE = 20

export const QUEUE_FILTERS = [
  // the pending queue is worked oldest first: whoever has waited longest is next
  { key: 'pending', label: '待研判', query: { status: 'submitted', order: 'oldest' }, empty: '没有待研判的需求' },
  { key: 'in_progress', label: '办理中', query: { status: 'in_progress', order: 'oldest' }, empty: '没有办理中的需求' },
  { key: 'overdue', label: '已超期', query: { overdue: true, order: 'oldest' }, empty: '没有超期的需求，真棒' },
  { key: 'all', label: '全部', query: { order: 'newest' }, empty: '还没有需求' },
] as const satisfies ReadonlyArray<{ key: string; label: string; query: NeedQueueFilters; empty: string }>
export type QueueFilterKey = (typeof QUEUE_FILTERS)[number]['key']

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; items: NeedFull[]; nextCursor: string | null; more: 'idle' | 'loading' | 'error'; moreError?: string }

function isFilterKey(v: string | undefined): v is QueueFilterKey {
  return QUEUE_FILTERS.some((f) => f.key === v)
}

export default function NeedQueuePage() {
  const { params } = useRouter()
  const [filter, setFilter] = useState<QueueFilterKey>(isFilterKey(params.filter) ? params.filter : 'pending')
  const [state, setState] = useState<ListState>({ kind: 'loading' })
  const [allowed, setAllowed] = useState(true)
  // Only the newest request may write: switching chips quickly must not show the previous chip's list.
  const seq = useRef(0)
  const moreInFlight = useRef(false)
  const current = useRef<ListState>(state)
  current.current = state
  const filterRef = useRef(filter)
  filterRef.current = filter

  const load = useCallback(async (key: QueueFilterKey, keepList: boolean) => {
    const id = ++seq.current
    moreInFlight.current = false
    if (!keepList) setState({ kind: 'loading' })
    const f = QUEUE_FILTERS.find((x) => x.key === key)!
    try {
      const page = await listNeeds({ ...f.query, limit: QUEUE_PAGE_SIZE })
      if (id !== seq.current) return
      setState({ kind: 'ready', items: page.items, nextCursor: page.nextCursor, more: 'idle' })
    } catch (err) {
      if (id !== seq.current) return
      const message = errorMessage(err)
      if (keepList && current.current.kind === 'ready') void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
      else setState({ kind: 'error', message })
    }
  }, [])

  const loadMore = useCallback(async () => {
    const s = current.current
    if (s.kind !== 'ready' || !s.nextCursor || moreInFlight.current) return
    moreInFlight.current = true
    const id = seq.current
    const f = QUEUE_FILTERS.find((x) => x.key === filterRef.current)!
    setState({ ...s, more: 'loading', moreError: undefined })
    try {
      const page = await listNeeds({ ...f.query, limit: QUEUE_PAGE_SIZE, cursor: s.nextCursor })
      if (id !== seq.current) return
      setState((prev) => {
        if (prev.kind !== 'ready') return prev
        const seen = new Set(prev.items.map((n) => n.id))
        return { kind: 'ready', items: [...prev.items, ...page.items.filter((n) => !seen.has(n.id))], nextCursor: page.nextCursor, more: 'idle' }
      })
    } catch (err) {
      if (id !== seq.current) return
      setState((prev) => (prev.kind === 'ready' ? { ...prev, more: 'error', moreError: errorMessage(err) } : prev))
    } finally {
      if (id === seq.current) moreInFlight.current = false
    }
  }, [])

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    const profile = getProfile()
    const ok = !profile || canHandleNeeds(profile)
    setAllowed(ok)
    // back from a detail page: refresh in place (a triaged need leaves 待研判)
    if (ok) void load(filter, current.current.kind === 'ready')
  })

  usePullDownRefresh(() => {
    void load(filter, true).finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    void loadMore()
  })

  function choose(key: QueueFilterKey) {
    if (key === filter) return
    setFilter(key)
    void load(key, false)
  }

  if (!allowed) {
    return (
      <View className='page needs-queue'>
        <EmptyState className='queue-forbidden' text='只有社区工作者和网格员可以查看研判队列' />
      </View>
    )
  }

  const active = QUEUE_FILTERS.find((x) => x.key === filter)!

  return (
    <View className='page needs-queue' data-filter={filter}>
      <View className='queue-filters'>
        {QUEUE_FILTERS.map((f) => (
          <View
            key={f.key}
            className={`queue-filter queue-filter-${f.key}${f.key === filter ? ' is-active' : ''}`}
            onClick={() => choose(f.key)}
          >
            <Text>{f.label}</Text>
          </View>
        ))}
      </View>

      {state.kind === 'loading' && <LoadingState className='queue-loading' />}
      {state.kind === 'error' && (
        <ErrorState className='queue-error' message={state.message} onRetry={() => void load(filter, false)} retryClassName='queue-retry' />
      )}
      {state.kind === 'ready' && state.items.length === 0 && <EmptyState className='queue-empty' text={active.empty} />}
      {state.kind === 'ready' && state.items.length > 0 && (
        <View className='queue-list'>
          {state.items.map((need) => (
            <QueueItem key={need.id} need={need} />
          ))}
          {state.nextCursor ? (
            <Button
              className={`btn btn-outline queue-more${state.more === 'loading' ? ' is-disabled' : ''}`}
              disabled={state.more === 'loading' || undefined}
              onClick={() => void loadMore()}
            >
              {state.more === 'loading' ? '正在加载…' : '加载更多'}
            </Button>
          ) : (
            <Text className='queue-end muted'>已经到底了</Text>
          )}
          {state.more === 'error' && <Text className='form-error queue-more-error'>{state.moreError}</Text>}
        </View>
      )}
    </View>
  )
}

function QueueItem({ need }: { need: NeedFull }) {
  const running = need.dueAt && ['triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched'].includes(need.status)
  return (
    <View
      className={`card queue-item${need.overdue ? ' is-overdue' : ''}`}
      data-id={need.id}
      onClick={() => Taro.navigateTo({ url: ROUTES.needDetail(need.id) })}
    >
      <View className='queue-item-head'>
        <Text className='queue-item-title'>{need.title}</Text>
        <StatusBadge status={need.status} className='queue-item-status' />
      </View>
      <View className='queue-item-tags'>
        {need.overdue && <Text className='overdue-tag queue-item-overdue'>已超期</Text>}
        {need.track && <Text className='queue-tag'>{NEED_TRACK_LABELS[need.track]}</Text>}
        {need.severity && <Text className='queue-tag'>{NEED_SEVERITY_LABELS[need.severity]}</Text>}
        {need.urgency === 'urgent' || need.urgency === 'high' ? <Text className='queue-tag is-urgent'>{need.urgency === 'urgent' ? '紧急' : '较急'}</Text> : null}
      </View>
      <Text className='queue-item-meta'>
        {NEED_CATEGORY_LABELS[need.category]} · {need.microGridName ?? '未指定微网格'}
        {need.followers > 0 ? ` · ${need.followers} 人关注` : ''}
      </Text>
      <Text className='queue-item-time'>{formatDateTime(need.createdAt)} 提交</Text>
      {running ? <Text className='queue-item-due'>{formatDue(need.dueAt!, need.dueGoal)}</Text> : null}
    </View>
  )
}
