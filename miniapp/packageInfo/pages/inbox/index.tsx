import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { InboxItem } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { errorMessage } from '../../../services/errors'
import { isTabPage, listNotifications, markAllNotificationsRead, markNotificationsRead } from '../../../services/inbox'
import { ensureLoggedIn } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { a11y } from '../../../utils/a11y'

interface State {
  kind: 'loading' | 'error' | 'ready'
  message: string
  items: InboxItem[]
  unread: number
  nextCursor: string | null
  /** the next page is being fetched */
  more: boolean
}

const EMPTY: State = { kind: 'loading', message: '', items: [], unread: 0, nextCursor: null, more: false }

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 })

/**
 * 消息: everything that happened to the person's needs, shifts, meetings, votes and redemptions, newest first. Unread
 * items are marked; a tap marks the item read and opens what it is about.
 */
export default function InboxPage() {
  const [s, setS] = useState<State>(EMPTY)
  const [allBusy, setAllBusy] = useState(false)
  const latest = useRef(0)
  const shown = useRef(false)
  const moreBusy = useRef(false)
  const cursorRef = useRef<string | null>(null)
  cursorRef.current = s.nextCursor

  const load = useCallback(async () => {
    const id = ++latest.current
    if (!shown.current) setS(EMPTY)
    try {
      const page = await listNotifications()
      if (id !== latest.current) return
      shown.current = true
      setS({ kind: 'ready', message: '', items: page.items, unread: page.unread, nextCursor: page.nextCursor, more: false })
    } catch (err) {
      if (id !== latest.current) return
      // a failed refresh keeps what is on screen
      if (shown.current) toast(errorMessage(err))
      else setS({ ...EMPTY, kind: 'error', message: errorMessage(err) })
    }
  }, [])

  const loadMore = useCallback(async () => {
    const cursor = cursorRef.current
    if (!cursor || moreBusy.current) return
    moreBusy.current = true
    const id = latest.current
    setS((prev) => ({ ...prev, more: true }))
    try {
      const page = await listNotifications(cursor)
      if (id !== latest.current) return
      setS((prev) => {
        const seen = new Set(prev.items.map((i) => i.id))
        return { ...prev, items: [...prev.items, ...page.items.filter((i) => !seen.has(i.id))], unread: page.unread, nextCursor: page.nextCursor, more: false }
      })
    } catch (err) {
      if (id === latest.current) setS((prev) => ({ ...prev, more: false }))
      toast(errorMessage(err))
    } finally {
      moreBusy.current = false
    }
  }, [])

  useDidShow(() => {
    if (ensureLoggedIn()) void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void loadMore())

  function markLocally(ids: number[] | 'all') {
    const now = new Date().toISOString()
    setS((prev) => ({
      ...prev,
      items: prev.items.map((i) => (i.readAt === null && (ids === 'all' || ids.includes(i.id)) ? { ...i, readAt: now } : i)),
    }))
  }

  async function onReadAll() {
    if (allBusy || s.unread === 0) return
    setAllBusy(true)
    try {
      const unread = await markAllNotificationsRead()
      latest.current++ // a list still in flight predates this
      markLocally('all')
      setS((prev) => ({ ...prev, unread }))
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setAllBusy(false)
    }
  }

  function onOpen(item: InboxItem) {
    if (item.readAt === null) {
      // shown as read at once; the count follows the server's answer, and a failure only leaves it unread there
      markLocally([item.id])
      setS((prev) => ({ ...prev, unread: Math.max(0, prev.unread - 1) }))
      markNotificationsRead([item.id]).then(
        (unread) => setS((prev) => ({ ...prev, unread })),
        () => undefined,
      )
    }
    if (!item.link) return
    if (isTabPage(item.link)) void Taro.switchTab({ url: item.link.split('?')[0] })
    else void Taro.navigateTo({ url: item.link })
  }

  return (
    <Screen className='page inbox-page'>
      <View className='inbox-head'>
        <Text className='inbox-unread'>{s.kind === 'ready' ? (s.unread > 0 ? `${s.unread} 条未读` : '没有未读消息') : '消息'}</Text>
        {s.kind === 'ready' && s.items.length > 0 && (
          <Button
            className={`btn btn-outline inbox-read-all${allBusy || s.unread === 0 ? ' is-disabled' : ''}`}
            // H5 renders disabled="false" as an attribute, which its button style treats as disabled: only set it when true
            disabled={allBusy || s.unread === 0 || undefined}
            onClick={() => void onReadAll()}
          >
            {allBusy ? '正在标记…' : '全部已读'}
          </Button>
        )}
      </View>
      {s.kind === 'loading' && <LoadingState className='inbox-loading' />}
      {s.kind === 'error' && <ErrorState className='inbox-error' message={s.message} onRetry={() => void load()} retryClassName='inbox-retry' />}
      {s.kind === 'ready' && s.items.length === 0 && <EmptyState className='inbox-empty' text='暂时没有消息' />}
      {s.items.map((item) => (
        <View
          key={item.id}
          className={`card inbox-item${item.readAt === null ? ' is-unread' : ''}`}
          data-id={item.id}
          {...a11y(item.link ? 'link' : 'button', `${item.readAt === null ? '未读消息：' : ''}${item.title}`)}
          onClick={() => onOpen(item)}
        >
          <View className='inbox-item-head'>
            {item.readAt === null && <Text className='inbox-dot' aria-label='未读' />}
            <Text className='inbox-title'>{item.title}</Text>
          </View>
          <Text className='inbox-body'>{item.body}</Text>
          <View className='inbox-item-foot'>
            <Text className='inbox-time'>{formatDateTime(item.createdAt)}</Text>
            {item.link && <Text className='inbox-open'>查看 ›</Text>}
          </View>
        </View>
      ))}
      {s.kind === 'ready' && s.nextCursor && (
        <Button className={`btn btn-outline list-more inbox-more${s.more ? ' is-disabled' : ''}`} onClick={() => void loadMore()}>
          {s.more ? '正在加载…' : '加载更多'}
        </Button>
      )}
      {s.kind === 'ready' && !s.nextCursor && s.items.length > 0 && <Text className='list-end inbox-end'>没有更多了</Text>}
    </Screen>
  )
}
