import { Button, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { Shift } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { ensureLoggedIn } from '../../../services/session'
import { listShifts, volunteerMe, type VolunteerMe } from '../../../services/volunteers'
import { ROUTES } from '../../../utils/routes'
import { HoursHeader } from '../../components/HoursHeader'
import { ShiftCard } from '../../components/ShiftCard'
import { orderShifts } from '../../utils/posts'
import { useLoader } from '../../utils/useLoader'
import '../../components/volunteers.scss'
import './index.scss'

export default function ShiftsPage() {
  const shifts = useLoader<Shift[]>(() => listShifts('mine'))
  const me = useLoader<VolunteerMe>(() => volunteerMe())

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    void shifts.load()
    void me.load()
  })

  usePullDownRefresh(() => {
    void Promise.all([shifts.load(), me.load()]).finally(() => Taro.stopPullDownRefresh())
  })

  function update(next: Shift) {
    shifts.set((items) => items.map((s) => (s.id === next.id ? next : s)))
  }

  return (
    <View className='page shifts-page'>
      <HoursHeader state={me.state} onRetry={() => void me.load()} />
      {shifts.state.kind === 'loading' && <LoadingState className='shifts-loading' />}
      {shifts.state.kind === 'error' && (
        <ErrorState className='shifts-error' message={shifts.state.message} onRetry={() => void shifts.load()} retryClassName='shifts-retry' />
      )}
      {shifts.state.kind === 'ready' && shifts.state.data.length === 0 && (
        <EmptyState className='shifts-empty' text='还没有认领过岗位'>
          <Button className='btn btn-primary shifts-find-posts' onClick={() => Taro.navigateTo({ url: ROUTES.posts })}>
            去看看服务岗位
          </Button>
        </EmptyState>
      )}
      {shifts.state.kind === 'ready' && shifts.state.data.length > 0 && (
        <View className='shifts-list'>
          {orderShifts(shifts.state.data).map((s) => (
            <ShiftCard key={s.id} shift={s} onChange={update} />
          ))}
          <Button className='btn btn-outline shifts-more-posts' onClick={() => Taro.navigateTo({ url: ROUTES.posts })}>
            认领更多岗位
          </Button>
        </View>
      )}
    </View>
  )
}
