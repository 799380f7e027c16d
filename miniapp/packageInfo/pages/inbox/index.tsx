import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { InboxItem } from '../../../../core/contracts'
import { Loaded } from '../../../components/States'
import { errorMessage } from '../../../services/errors'
import { isTabPage, listNotifications, markAllNotificationsRead, markNotificationsRead } from '../../../services/inbox'
import { ensureLoggedIn } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { usePaged, type Page } from '../../../utils/useLoader'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { a11y } from '../../../utils/a11y'
import { MoreButton } from '../../../components/MoreButton'

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 })

/**
 * 消息: everything that happened to the person's needs, shifts, meetings, votes and redemptions, newest first. Unread
 * items are marked; a tap marks the item read and opens what it is about.
 */
export default function InboxPage() {
  const list = usePaged<InboxItem, Page<InboxItem> & { unread: number }>(listNotifications, {
    show: ensureLoggedIn,
    pullDown: true,
    reachBottom: true,
  })
  const { load, loadMore } = list
  const s = list.state
  const unread = s.page?.unread ?? 0
  const [allBusy, setAllBusy] = useState(false)

  function markLocally(ids: number[] | 'all', drop = false) {
    const now = new Date().toISOString()
    list.set((items) => items.map((i) => (i.readAt === null && (ids === 'all' || ids.includes(i.id)) ? { ...i, readAt: now } : i)), drop)
  }

  async function onReadAll() {
    if (allBusy || unread === 0) return
    setAllBusy(true)
    try {
      const left = await markAllNotificationsRead()
      markLocally('all', true) // a list still in flight predates this
      list.setPage((prev) => ({ ...prev, unread: left }))
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
      list.setPage((prev) => ({ ...prev, unread: Math.max(0, prev.unread - 1) }))
      markNotificationsRead([item.id]).then(
        (left) => list.setPage((prev) => ({ ...prev, unread: left })),
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
        <Text className='inbox-unread'>{s.kind === 'ready' ? (unread > 0 ? `${unread} 条未读` : '没有未读消息') : '消息'}</Text>
        {s.kind === 'ready' && s.items.length > 0 && (
          <Button
            className={`btn btn-outline inbox-read-all${allBusy || unread === 0 ? ' is-disabled' : ''}`}
            // H5 renders disabled="false" as an attribute, which its button style treats as disabled: only set it when true
            disabled={allBusy || unread === 0 || undefined}
            onClick={() => void onReadAll()}
          >
            {allBusy ? '正在标记…' : '全部已读'}
          </Button>
        )}
      </View>
      <Loaded state={s} name='inbox' onRetry={() => void load()} empty='暂时没有消息'>
        {(items) => (
          <>
            {items.map((item) => (
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
            {s.nextCursor && (
              <MoreButton className='inbox-more' more={s.more} onClick={() => void loadMore()} />
            )}
            {!s.nextCursor && <Text className='list-end inbox-end'>没有更多了</Text>}
          </>
        )}
      </Loaded>
    </Screen>
  )
}
