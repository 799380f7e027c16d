import { Text, View } from '@tarojs/components'

/** One label-value line of a detail card (styled by each package's .detail-row); `className` names the value for tests. */
export function DetailRow({ label, value, className }: { label: string; value: string; className: string }) {
  return (
    <View className='detail-row'>
      <Text className='detail-label'>{label}</Text>
      <Text className={`detail-value ${className}`}>{value}</Text>
    </View>
  )
}
