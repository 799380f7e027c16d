import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { NEED_CATEGORY_LABELS, type Need } from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import { StatusBadge } from '../../../components/StatusBadge'
import { errorMessage } from '../../../services/errors'
import { getNeed } from '../../../services/needs'
import { ensureLoggedIn } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import './index.scss'

type DetailState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; need: Need }

export default function NeedDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [state, setState] = useState<DetailState>({ kind: 'loading' })

  const load = useCallback(async () => {
    if (!id) {
      setState({ kind: 'error', message: '没有指定要查看的需求' })
      return
    }
    setState((prev) => (prev.kind === 'ready' ? prev : { kind: 'loading' }))
    try {
      setState({ kind: 'ready', need: await getNeed(id) })
    } catch (err) {
      setState({ kind: 'error', message: errorMessage(err) })
    }
  }, [id])

  useDidShow(() => {
    if (ensureLoggedIn()) void load()
  })

  if (state.kind === 'loading') return <LoadingState className='need-detail-loading' />
  if (state.kind === 'error') {
    return <ErrorState className='need-detail-error' message={state.message} onRetry={() => void load()} />
  }

  const { need } = state
  return (
    <View className='page need-detail'>
      <View className='card'>
        <Text className='need-detail-title'>{need.title}</Text>
        <StatusBadge status={need.status} className='need-detail-status' />
      </View>
      <View className='card'>
        <Row label='类别' value={NEED_CATEGORY_LABELS[need.category] ?? need.category} className='need-detail-category' />
        <Row label='提交时间' value={formatDateTime(need.createdAt)} className='need-detail-created' />
        <Row label='最近更新' value={formatDateTime(need.updatedAt)} className='need-detail-updated' />
        <Row label='编号' value={need.id} className='need-detail-id' />
      </View>
      <View className='card'>
        <Text className='section-title'>需求描述</Text>
        <Text className='need-detail-description'>{need.description}</Text>
      </View>
    </View>
  )
}

function Row({ label, value, className }: { label: string; value: string; className: string }) {
  return (
    <View className='detail-row'>
      <Text className='detail-label'>{label}</Text>
      <Text className={`detail-value ${className}`}>{value}</Text>
    </View>
  )
}
