import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { NEED_CATEGORY_LABELS, type NeedFull } from '../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../components/States'
import { StatusBadge } from '../../components/StatusBadge'
import { errorMessage } from '../../services/errors'
import { listMyNeeds } from '../../services/needs'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { formatDateTime, formatDue } from '../../utils/format'
import { canHandleNeeds } from '../../utils/roles'
import { ROUTES } from '../../utils/routes'
import './index.scss'

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; items: NeedFull[] }

export default function MyNeedsPage() {
  const [state, setState] = useState<ListState>({ kind: 'loading' })
  const [handler, setHandler] = useState(() => canHandleNeeds(getProfile()))
  // Only the latest load may write the state (a slow first load must not overwrite a newer refresh).
  const latest = useRef(0)
  const loaded = useRef(false)

  const load = useCallback(async () => {
    const id = ++latest.current
    // A refresh keeps the list on screen; only a screen without data shows the loading state.
    if (!loaded.current) setState({ kind: 'loading' })
    try {
      const items = await listMyNeeds()
      if (id !== latest.current) return
      loaded.current = true
      setState({ kind: 'ready', items })
    } catch (err) {
      if (id !== latest.current) return
      const message = errorMessage(err)
      if (loaded.current) {
        void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
      } else {
        setState({ kind: 'error', message })
      }
    }
  }, [])

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setHandler(canHandleNeeds(getProfile()))
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const goCreate = () => Taro.navigateTo({ url: ROUTES.createNeed })

  return (
    <View className='page my-needs'>
      <Button className='btn btn-primary needs-new' onClick={goCreate}>
        ＋ 提交需求
      </Button>

      {handler && (
        <Button className='btn btn-outline needs-queue-entry' onClick={() => Taro.navigateTo({ url: ROUTES.needQueue })}>
          需求研判队列（社区工作者 / 网格员）
        </Button>
      )}

      {state.kind === 'loading' && <LoadingState className='needs-loading' />}

      {state.kind === 'error' && (
        <ErrorState className='needs-error' message={state.message} onRetry={() => void load()} retryClassName='needs-retry' />
      )}

      {state.kind === 'ready' && state.items.length === 0 && (
        <EmptyState className='needs-empty' text='还没有提交过需求'>
          <Button className='btn btn-outline needs-empty-new' onClick={goCreate}>
            提交需求
          </Button>
        </EmptyState>
      )}

      {state.kind === 'ready' && state.items.length > 0 && (
        <View className='needs-list'>
          {state.items.map((need) => (
            <View
              key={need.id}
              className={`card need-item${need.overdue ? ' is-overdue' : ''}`}
              data-id={need.id}
              onClick={() => Taro.navigateTo({ url: ROUTES.needDetail(need.id) })}
            >
              <View className='need-item-head'>
                <Text className='need-item-title'>{need.title}</Text>
                <View className='need-item-badges'>
                  <StatusBadge status={need.status} className='need-item-status' />
                  {need.overdue && <Text className='overdue-tag need-item-overdue'>已超期</Text>}
                </View>
              </View>
              <View className='need-item-meta'>
                <Text className='need-item-category'>{NEED_CATEGORY_LABELS[need.category] ?? need.category}</Text>
                <Text className='need-item-time'>{formatDateTime(need.createdAt)}</Text>
              </View>
              {need.dueAt && (need.status === 'triaged' || need.status === 'in_progress') && (
                <Text className={`need-item-due${need.overdue ? ' is-overdue' : ''}`}>{formatDue(need.dueAt, need.dueGoal)}</Text>
              )}
              {need.status === 'resolved' && <Text className='need-item-hint'>已解决，请为办理结果打分</Text>}
            </View>
          ))}
          <Text className='needs-hint muted'>下拉可以刷新</Text>
        </View>
      )}
    </View>
  )
}
