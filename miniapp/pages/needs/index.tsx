import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { NEED_CATEGORY_LABELS, type Need } from '../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../components/States'
import { StatusBadge } from '../../components/StatusBadge'
import { errorMessage } from '../../services/errors'
import { listMyNeeds } from '../../services/needs'
import { ensureLoggedIn } from '../../services/session'
import { formatDateTime } from '../../utils/format'
import { ROUTES } from '../../utils/routes'
import './index.scss'

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; items: Need[] }

export default function MyNeedsPage() {
  const [state, setState] = useState<ListState>({ kind: 'loading' })
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
    if (ensureLoggedIn()) void load()
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
              className='card need-item'
              data-id={need.id}
              onClick={() => Taro.navigateTo({ url: ROUTES.needDetail(need.id) })}
            >
              <View className='need-item-head'>
                <Text className='need-item-title'>{need.title}</Text>
                <StatusBadge status={need.status} className='need-item-status' />
              </View>
              <View className='need-item-meta'>
                <Text className='need-item-category'>{NEED_CATEGORY_LABELS[need.category] ?? need.category}</Text>
                <Text className='need-item-time'>{formatDateTime(need.createdAt)}</Text>
              </View>
            </View>
          ))}
          <Text className='needs-hint muted'>下拉可以刷新</Text>
        </View>
      )}
    </View>
  )
}
