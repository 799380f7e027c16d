import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import type { Shift } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { listShifts } from '../../../services/volunteers'
import { isStaff } from '../../../utils/roles'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import { ConfirmItem } from '../../components/ConfirmItem'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { MoreButton } from '../../../components/MoreButton'

/**
 * Staff: checked-out shifts and 补签退 requests (忘记签退) of the community, oldest first, a page at a time; decided ones
 * stay on screen until a refresh (the next page starts after the last one shown, so deciding does not skip any).
 */
export default function ConfirmPage() {
  const list = usePaged<Shift>((cursor) => listShifts('to_confirm', cursor))

  const staff = isStaff(getProfile())

  useDidShow(() => {
    if (ensureLoggedIn() && staff) void list.load()
  })
  usePullDown(() => list.load())
  useReachBottom(() => void list.loadMore())

  if (!staff) return <EmptyState className='page confirm-forbidden' text='只有社区工作者可以确认服务记录' />
  const s = list.state
  return (
    <Screen className='page confirm-page'>
      <Text className='page-intro confirm-intro'>核对签到签退的时间、位置和工作纪实，确认后计入服务时长和金豆。</Text>
      {s.kind === 'loading' && <LoadingState className='confirm-loading' />}
      {s.kind === 'error' && <ErrorState className='confirm-error-state' message={s.message} onRetry={() => void list.load()} retryClassName='confirm-retry' />}
      {s.kind === 'ready' && s.items.length === 0 && <EmptyState className='confirm-empty' text='没有待确认的服务记录' />}
      {s.kind === 'ready' &&
        s.items.map((x) => (
          <ConfirmItem
            key={x.id}
            shift={x}
            onChange={(next) => {
              list.set((items) => items.map((y) => (y.id === next.id ? next : y)))
              void Taro.showToast({ title: next.status === 'confirmed' ? '已确认' : '已退回', icon: 'none', duration: 1500 })
            }}
          />
        ))}
      {s.kind === 'ready' && s.nextCursor && (
        <MoreButton className='confirm-more' more={s.more} onClick={() => void list.loadMore()} />
      )}
      {s.kind === 'ready' && !s.nextCursor && s.items.length > 0 && <Text className='list-end confirm-end'>没有更多了</Text>}
    </Screen>
  )
}
