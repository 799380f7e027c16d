import { Text, View } from '@tarojs/components'
import type { HouseholdWarning } from '../../../core/contracts'

/**
 * Household counts outside the guideline (grid 300-500, micro-grid 50-80) are allowed and saved; the amber note
 * says so and why, so nobody mistakes it for a refusal.
 */
export function HouseholdWarnings({ warnings, unit }: { warnings: readonly HouseholdWarning[]; unit: 'grid' | 'micro' }) {
  if (warnings.length === 0) return null
  const guideline = unit === 'grid' ? '一个网格一般 300-500 户' : '一个微网格一般 50-80 户'
  return (
    <View className='warning-note structure-warning'>
      {warnings.map((w) => (
        <Text key={w.code} className='structure-warning-text' style={{ display: 'block' }}>
          {w.message}
        </Text>
      ))}
      <Text className='structure-guideline'>已保存。{guideline}，可按实际情况调整。</Text>
    </View>
  )
}
