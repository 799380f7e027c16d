import { Text, View } from '@tarojs/components'
import type { DeliberationMetrics } from '../../services/deliberation'
import './delib.scss'

const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`

/** 覆盖率 and 成果转化率 with the lists behind both figures. */
export function MetricsView({ metrics }: { metrics: DeliberationMetrics }) {
  const { coverage, conversion } = metrics
  return (
    <View className='metrics-view'>
      <View className='card metrics-coverage'>
        <Text className='section-title'>议事覆盖率</Text>
        <Text className='big-code metrics-coverage-rate'>{pct(coverage.rate)}</Text>
        <Text className='delib-meta'>本季度开过议事会的社区 {coverage.covered} / {coverage.communities} 个</Text>
        {coverage.list.map((c) => (
          <View key={c.communityId} className='list-line delib-row metrics-community'>
            <Text>{c.name}</Text>
            <Text className={c.covered ? 'metrics-yes' : 'overdue'}>{c.covered ? '已开展' : '未开展'}</Text>
          </View>
        ))}
      </View>
      <View className='card metrics-conversion'>
        <Text className='section-title'>成果转化率</Text>
        <Text className='big-code metrics-conversion-rate'>{pct(conversion.rate)}</Text>
        <Text className='delib-meta'>已落实的决议 {conversion.completed} / 通过的决议 {conversion.passed} 项</Text>
        {conversion.list.length === 0 && <Text className='delib-meta'>本季度还没有通过的决议</Text>}
        {conversion.list.map((r) => (
          <View key={r.resolutionId} className='list-line delib-row metrics-resolution'>
            <Text>
              {r.title}（{r.community}）
            </Text>
            <Text className={r.status === 'completed' ? 'metrics-yes' : 'overdue'}>{r.status === 'completed' ? '已落实' : '落实中'}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
