import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { EmptyState, Loaded } from '../../../components/States'
import { deliberationMetrics, quarterOf, type DeliberationMetrics } from '../../../services/deliberation'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { MetricsView } from '../../components/Metrics'
import { a11y } from '../../../utils/a11y'
import { useLoader } from '../../../utils/useLoader'
import '../../components/delib.scss'
import { Screen } from '../../../components/Screen'

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
  const asked = useRef(quarter)
  const metrics = useLoader<DeliberationMetrics>(() => deliberationMetrics(streetId, asked.current))

  // each quarter is its own picture: loading, never the other quarter's numbers
  const load = (q: string) => {
    if (!streetId) return
    asked.current = q
    void metrics.load(true)
  }

  useDidShow(() => {
    if (ensureLoggedIn()) load(quarter)
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
          <View key={q} className={`chip metrics-quarter-${q}${quarter === q ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: quarter === q })} onClick={() => { setQuarter(q); load(q) }}>
            <Text>{q.replace('Q', ' 年第 ')} 季度</Text>
          </View>
        ))}
      </View>
      <Loaded state={metrics.state} name='metrics' onRetry={() => load(quarter)}>
        {(m) => <MetricsView metrics={m} />}
      </Loaded>
    </Screen>
  )
}
