import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { deliberationMetrics, quarterOf, type DeliberationMetrics } from '../../../services/deliberation'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { MetricsView } from '../../components/Metrics'
import { a11y } from '../../../utils/a11y'
import '../../components/delib.scss'
import { Screen } from '../../../components/Screen'

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; metrics: DeliberationMetrics }

function previousQuarter(q: string): string {
  const [y, n] = q.split('Q').map(Number)
  return n === 1 ? `${y - 1}Q4` : `${y}Q${n - 1}`
}

export default function MetricsPage() {
  const { params } = useRouter()
  // ?streetId= overrides; otherwise the street of the person's community (or the one they administer)
  const [streetId] = useState(() => params.streetId || getProfile()?.streetId || '')
  const current = quarterOf()
  const [quarter, setQuarter] = useState(current)
  const [state, setState] = useState<State>({ kind: 'loading' })
  const latest = useRef(0)

  const load = useCallback(async (q: string) => {
    if (!streetId) return
    const n = ++latest.current
    setState({ kind: 'loading' })
    try {
      const metrics = await deliberationMetrics(streetId, q)
      if (n === latest.current) setState({ kind: 'ready', metrics })
    } catch (err) {
      if (n === latest.current) setState({ kind: 'error', message: errorMessage(err) })
    }
  }, [streetId])

  useDidShow(() => {
    if (ensureLoggedIn()) void load(quarter)
  })

  const quarters = [current, previousQuarter(current)]
  if (!streetId) {
    return (
      <Screen className='page metrics-page'>
        <EmptyState className='metrics-no-street' text='您的账号还没有所属街道，加入社区后再来查看' />
      </Screen>
    )
  }
  return (
    <Screen className='page metrics-page'>
      <Text className='delib-meta metrics-intro'>覆盖率：本季度开过议事会的社区占几成；转化率：表决通过的决议有几成已经落实。</Text>
      <View className='chips' {...a11y('radiogroup', '选择季度')}>
        {quarters.map((q) => (
          <View key={q} className={`chip metrics-quarter-${q}${quarter === q ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: quarter === q })} onClick={() => { setQuarter(q); void load(q) }}>
            <Text>{q.replace('Q', ' 年第 ')} 季度</Text>
          </View>
        ))}
      </View>
      {state.kind === 'loading' && <LoadingState className='metrics-loading' />}
      {state.kind === 'error' && <ErrorState className='metrics-error' message={state.message} onRetry={() => void load(quarter)} retryClassName='metrics-retry' />}
      {state.kind === 'ready' && <MetricsView metrics={state.metrics} />}
    </Screen>
  )
}
