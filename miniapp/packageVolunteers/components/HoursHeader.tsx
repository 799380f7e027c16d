import { Text, View } from '@tarojs/components'
import type { VolunteerMe } from '../../services/volunteers'
import { formatHours } from '../utils/posts'
import type { Load } from '../../utils/useLoader'
import { a11y } from '../../utils/a11y'

/** 今年服务时长 against the community's yearly target (双报到: default 12 hours). */
export function HoursHeader({ state, onRetry }: { state: Load<VolunteerMe>; onRetry: () => void }) {
  if (state.kind === 'loading') {
    return (
      <View className='card shifts-hours is-loading'>
        <Text className='muted'>正在统计服务时长…</Text>
      </View>
    )
  }
  if (state.kind === 'error') {
    return (
      <View className='card shifts-hours is-error' {...a11y('button', '服务时长没能加载，点按重试')} onClick={onRetry}>
        <Text className='muted'>服务时长暂时没能加载（{state.message}），点这里重试</Text>
      </View>
    )
  }
  const { year, hoursThisYear, targetHours, shiftsThisYear } = state.data
  const percent = targetHours > 0 ? Math.min(100, Math.round((hoursThisYear / targetHours) * 100)) : 100
  const reached = hoursThisYear >= targetHours
  return (
    <View className='card shifts-hours'>
      <Text className='shifts-hours-title'>{year} 年服务时长</Text>
      <View className='shifts-hours-numbers'>
        <Text className='shifts-hours-done'>{formatHours(hoursThisYear)}</Text>
        <Text className='shifts-hours-target'> / 目标 {formatHours(targetHours)} 小时</Text>
      </View>
      <View className='progress-track'>
        <View className='progress-fill shifts-hours-bar' style={{ width: `${percent}%` }} />
      </View>
      <Text className='shifts-hours-note muted'>
        {reached ? '已完成今年的服务目标，感谢您！' : `还差 ${formatHours(targetHours - hoursThisYear)} 小时`} · 今年已确认 {shiftsThisYear} 次服务
      </Text>
    </View>
  )
}
