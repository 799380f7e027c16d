import { Button, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import type { Shift } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { ensureLoggedIn } from '../../../services/session'
import { listShifts, volunteerMe, type VolunteerMe } from '../../../services/volunteers'
import { ROUTES } from '../../../utils/routes'
import { useLoader, usePaged, usePullDown } from '../../../utils/useLoader'
import { HoursHeader } from '../../components/HoursHeader'
import { ShiftCard } from '../../components/ShiftCard'
import { orderShifts } from '../../utils/posts'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

export default function ShiftsPage() {
  // newest slot first, a page at a time
  const shifts = usePaged<Shift>((cursor) => listShifts('mine', cursor))
  const me = useLoader<VolunteerMe>(() => volunteerMe())

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    void shifts.load()
    void me.load()
  })

  usePullDown(() => Promise.all([shifts.load(), me.load()]))

  useReachBottom(() => void shifts.loadMore())

  function update(next: Shift) {
    shifts.set((items) => items.map((s) => (s.id === next.id ? next : s)))
  }

  return (
    <Screen className='page shifts-page'>
      <HoursHeader state={me.state} onRetry={() => void me.load()} />
      {shifts.state.kind === 'loading' && <LoadingState className='shifts-loading' />}
      {shifts.state.kind === 'error' && (
        <ErrorState className='shifts-error' message={shifts.state.message} onRetry={() => void shifts.load()} retryClassName='shifts-retry' />
      )}
      {shifts.state.kind === 'ready' && shifts.state.items.length === 0 && (
        <EmptyState className='shifts-empty' text='还没有认领过岗位'>
          <Button className='btn btn-primary shifts-find-posts' onClick={() => Taro.navigateTo({ url: ROUTES.posts })}>
            去看看服务岗位
          </Button>
        </EmptyState>
      )}
      {shifts.state.kind === 'ready' && shifts.state.items.length > 0 && (
        <View className='shifts-list'>
          {orderShifts(shifts.state.items).map((s) => (
            <ShiftCard key={s.id} shift={s} onChange={update} />
          ))}
          {shifts.state.nextCursor && (
            <Button className={`btn btn-outline list-more shifts-older${shifts.state.more ? ' is-disabled' : ''}`} onClick={() => void shifts.loadMore()}>
              {shifts.state.more ? '正在加载…' : '更早的服务'}
            </Button>
          )}
          <Button className='btn btn-outline shifts-more-posts' onClick={() => Taro.navigateTo({ url: ROUTES.posts })}>
            认领更多岗位
          </Button>
        </View>
      )}
    </Screen>
  )
}
