import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { ANNOUNCEMENT_STATUS_LABELS, announcementScopeLabel, type Announcement, type Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { listAnnouncements, pinAnnouncement, withdrawAnnouncement } from '../../../services/announcements'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDate } from '../../../utils/format'
import { INFO_ROUTES } from '../../routes'
import { canPublish } from '../../utils/announcementAccess'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import '../../components/announcements.scss'
import { Screen } from '../../../components/Screen'
import { MoreButton } from '../../../components/MoreButton'

const EMPTY_TEXT = '暂时没有通知'


/** 社区通知: what is addressed to me (street, community, my grid), pinned first; staff also publish, withdraw and pin. */
export default function AnnouncementsPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const communityId = params.communityId || profile?.communityId || ''
  const manager = canPublish(profile)
  const [manage, setManage] = useState(false)
  const manageRef = useRef(false)
  const [acting, setActing] = useState<string | null>(null)
  const busy = useRef(false)
  const list = usePaged<Announcement>((cursor) => listAnnouncements({ communityId, cursor, manage: manageRef.current }))

  useDidShow(() => {
    if (ensureLoggedIn() && communityId) void list.load()
  })
  usePullDown(() => (communityId ? list.load() : undefined))
  useReachBottom(() => void list.loadMore())

  if (!communityId) {
    return (
      <Screen className='page ann-page'>
        <EmptyState className='ann-no-community' text='请先加入社区，再查看社区通知' />
      </Screen>
    )
  }

  function toggleManage() {
    manageRef.current = !manageRef.current
    setManage(manageRef.current)
    void list.load(true)
  }

  async function act(a: Announcement, kind: 'withdraw' | 'pin') {
    if (busy.current) return
    if (kind === 'withdraw') {
      const ok = await confirmAction({ title: '撤回通知', content: `撤回后居民将看不到「${a.title}」。确定撤回吗？`, confirmText: '撤回', danger: true })
      if (!ok) return
    }
    busy.current = true
    setActing(a.id)
    try {
      const updated = kind === 'withdraw' ? await withdrawAnnouncement(a.id) : await pinAnnouncement(a.id, !a.pinned)
      if (kind === 'withdraw' && !manageRef.current) list.set((items) => items.filter((x) => x.id !== updated.id))
      else list.set((items) => items.map((x) => (x.id === updated.id ? updated : x)))
      void Taro.showToast({ title: kind === 'withdraw' ? '已撤回' : updated.pinned ? '已置顶' : '已取消置顶', icon: 'none', duration: 2000 })
      // pinning changes the order: fetch it again in the background
      if (kind === 'pin') void list.load()
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      busy.current = false
      setActing(null)
    }
  }

  const s = list.state
  return (
    <Screen className='page ann-page announcements-page'>
      {manager && (
        <View className='ann-toolbar'>
          <Button className='btn btn-primary ann-publish' onClick={() => void Taro.navigateTo({ url: `${INFO_ROUTES.createAnnouncement}?communityId=${encodeURIComponent(communityId)}` })}>
            发布通知
          </Button>
          <View
            className={`ann-filter ann-manage-toggle${manage ? ' is-selected' : ''}`}
            {...a11y('switch', '显示已过期和已撤回的通知', { checked: manage })}
            onClick={toggleManage}
          >
            <Text>{manage ? '✓ 含已过期和已撤回' : '显示已过期和已撤回'}</Text>
          </View>
        </View>
      )}
      {s.kind === 'loading' && <LoadingState className='ann-loading' />}
      {s.kind === 'error' && <ErrorState className='ann-error' message={s.message} onRetry={() => void list.load()} retryClassName='ann-retry' />}
      {s.kind === 'ready' && s.items.length === 0 && <EmptyState className='ann-empty' text={EMPTY_TEXT} />}
      {s.items.length > 0 && (
        <View className='ann-list'>
          {s.items.map((a) => (
            <View key={a.id} className='card ann-item' data-id={a.id}>
              <View className='ann-item-main' {...a11y('link', `查看通知：${a.title}`)} onClick={() => void Taro.navigateTo({ url: INFO_ROUTES.announcement(a.id) })}>
                <View className='ann-item-head'>
                  <Text className='ann-item-title'>{a.title}</Text>
                  {a.pinned && <Text className='ann-badge ann-pinned'>置顶</Text>}
                  {a.status !== 'active' && <Text className={`ann-badge ann-status-${a.status}`}>{ANNOUNCEMENT_STATUS_LABELS[a.status]}</Text>}
                </View>
                <View className='ann-meta'>
                  <Text className='ann-badge ann-scope'>{announcementScopeLabel(a)}</Text>
                  <Text className='ann-date'>{formatDate(a.createdAt)}</Text>
                  {a.authorName && <Text className='ann-author'>{a.authorName}</Text>}
                </View>
                <Text className='ann-excerpt'>{a.body.replace(/\s+/g, ' ').slice(0, 60)}</Text>
              </View>
              {a.canManage && a.status !== 'withdrawn' && (
                <View className='ann-actions'>
                  <Button className={`btn btn-outline ann-pin${acting === a.id ? ' is-disabled' : ''}`} onClick={() => void act(a, 'pin')}>
                    {a.pinned ? '取消置顶' : '置顶'}
                  </Button>
                  <Button className={`btn btn-outline ann-withdraw${acting === a.id ? ' is-disabled' : ''}`} onClick={() => void act(a, 'withdraw')}>
                    撤回
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      )}
      {s.kind === 'ready' && s.nextCursor && (
        <MoreButton className='ann-more' more={s.more} onClick={() => void list.loadMore()} />
      )}
      {s.kind === 'ready' && !s.nextCursor && s.items.length > 0 && <Text className='list-end'>没有更多了</Text>}
    </Screen>
  )
}
