import { Text } from '@tarojs/components'
import { NEED_STATUS_LABELS, type NeedStatus } from '../../core/contracts'

export function StatusBadge({ status, className = '' }: { status: NeedStatus; className?: string }) {
  return <Text className={`status-badge status-${status} ${className}`}>{NEED_STATUS_LABELS[status] ?? status}</Text>
}
