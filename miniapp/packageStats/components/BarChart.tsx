import { Text, View } from '@tarojs/components'
import type { StatsCount } from '../../../core/contracts'

/**
 * A horizontal bar chart drawn with views: the same on weapp and H5, no canvas and no chart library in the package
 * (each bar is a label, a track whose fill is the share of the largest count, and the number). Bars with nothing
 * stay listed so a zero is visible rather than missing.
 */
export function BarChart(props: { title: string; items: StatsCount[]; unit?: string; className?: string; empty?: string }) {
  const { title, items, unit = '', className = '', empty = '这段时间没有数据' } = props
  const max = Math.max(0, ...items.map((i) => i.count))
  const total = items.reduce((n, i) => n + i.count, 0)
  return (
    <View className={`card stats-chart ${className}`} aria-label={title}>
      <Text className='section-title stats-chart-title'>{title}</Text>
      {total === 0 ? (
        <Text className='muted stats-chart-empty'>{empty}</Text>
      ) : (
        items.map((i) => (
          <View key={i.key} className='stats-bar' aria-label={`${i.label} ${i.count}${unit}`}>
            <Text className='stats-bar-label'>{i.label}</Text>
            <View className='stats-bar-track'>
              <View className='stats-bar-fill' style={{ width: `${max > 0 ? Math.max(i.count > 0 ? 2 : 0, (i.count / max) * 100) : 0}%` }} />
            </View>
            <Text className='stats-bar-value'>
              {i.count}
              {unit}
            </Text>
          </View>
        ))
      )}
    </View>
  )
}

/** One headline figure: the number large, what it is underneath. */
export function Figure(props: { label: string; value: string; hint?: string; className?: string }) {
  return (
    <View className={`stats-figure ${props.className ?? ''}`}>
      <Text className='stats-figure-value'>{props.value}</Text>
      <Text className='stats-figure-label'>{props.label}</Text>
      {props.hint ? <Text className='stats-figure-hint'>{props.hint}</Text> : null}
    </View>
  )
}
