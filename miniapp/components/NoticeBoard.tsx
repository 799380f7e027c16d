import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import type { Announcement } from '../../core/contracts'
import { INFO_ROUTES } from '../packageInfo/routes'
import { listAnnouncements } from '../services/announcements'
import { a11y } from '../utils/a11y'
import { formatDate } from '../utils/format'
import { useLoader } from '../utils/useLoader'
import './NoticeBoard.scss'

export interface NoticeBoardProps {
  communityId: string
  className?: string
  /** how many notices (长辈版 shows fewer per screen) */
  shown?: number
}

const SHOWN = 3

/** 社区通知 on 首页: the first three notices addressed to the person (pinned first), 更多 opens the list. */
export function NoticeBoard({ communityId, className = '', shown = SHOWN }: NoticeBoardProps) {
  const { state, load } = useLoader<Announcement[]>(async () => (await listAnnouncements({ communityId })).items)

  useEffect(() => {
    if (communityId) void load(true)
  }, [communityId, load])

  if (!communityId) return null
  return (
    <View className={`card notice-board ${className}`}>
      <View className='notice-board-head'>
        <Text className='notice-board-title'>社区通知</Text>
        <View className='notice-board-more' {...a11y('link', '更多社区通知')} onClick={() => void Taro.navigateTo({ url: INFO_ROUTES.announcements(communityId) })}>
          <Text>更多 ›</Text>
        </View>
      </View>
      {state.kind === 'loading' && <Text className='notice-board-state notice-board-loading'>正在加载…</Text>}
      {state.kind === 'error' && (
        <View className='notice-board-error'>
          <Text className='notice-board-state'>{state.message}</Text>
          <View className='notice-board-retry' {...a11y('button', '重试，再次加载通知')} onClick={() => void load(true)}>
            <Text>重试</Text>
          </View>
        </View>
      )}
      {state.kind === 'ready' && state.data.length === 0 && <Text className='notice-board-state notice-board-empty'>暂时没有通知</Text>}
      {state.kind === 'ready' &&
        state.data.slice(0, shown).map((a) => (
          <View key={a.id} className='notice-board-item' data-id={a.id} {...a11y('link')} onClick={() => void Taro.navigateTo({ url: INFO_ROUTES.announcement(a.id) })}>
            {a.pinned && <Text className='notice-board-pinned'>置顶</Text>}
            <Text className='notice-board-item-title'>{a.title}</Text>
            <Text className='notice-board-date'>{formatDate(a.createdAt)}</Text>
          </View>
        ))}
    </View>
  )
}
