import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { Shift } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { listShifts } from '../../../services/volunteers'
import { isStaff } from '../../../utils/roles'
import { ConfirmItem } from '../../components/ConfirmItem'
import { useLoader } from '../../utils/useLoader'
import '../../components/volunteers.scss'
import './index.scss'

/** Staff: checked-out shifts and 补签退 requests (忘记签退) of the community, oldest first; decided ones stay on screen until a refresh. */
export default function ConfirmPage() {
  const list = useLoader<Shift[]>(() => listShifts('to_confirm'))

  const staff = isStaff(getProfile())

  useDidShow(() => {
    if (ensureLoggedIn() && staff) void list.load()
  })
  usePullDownRefresh(() => {
    void list.load().finally(() => Taro.stopPullDownRefresh())
  })

  if (!staff) return <EmptyState className='page confirm-forbidden' text='只有社区工作者可以确认服务记录' />
  return (
    <View className='page confirm-page'>
      <Text className='page-intro confirm-intro'>核对签到签退的时间、位置和工作纪实，确认后计入服务时长和金豆。</Text>
      {list.state.kind === 'loading' && <LoadingState className='confirm-loading' />}
      {list.state.kind === 'error' && (
        <ErrorState className='confirm-error-state' message={list.state.message} onRetry={() => void list.load()} retryClassName='confirm-retry' />
      )}
      {list.state.kind === 'ready' && list.state.data.length === 0 && <EmptyState className='confirm-empty' text='没有待确认的服务记录' />}
      {list.state.kind === 'ready' &&
        list.state.data.map((s) => (
          <ConfirmItem
            key={s.id}
            shift={s}
            onChange={(next) => {
              list.set((items) => items.map((x) => (x.id === next.id ? next : x)))
              void Taro.showToast({ title: next.status === 'confirmed' ? '已确认' : '已退回', icon: 'none', duration: 1500 })
            }}
          />
        ))}
    </View>
  )
}
