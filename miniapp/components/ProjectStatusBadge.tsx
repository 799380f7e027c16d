import { Text } from '@tarojs/components'
import { PROJECT_STATUS_LABELS, type ProjectStatus } from '../../core/contracts'
import './ProjectStatusBadge.scss'

/** The status of a service project (服务项目); need statuses have their own StatusBadge. */
export function ProjectStatusBadge({ status, className = '' }: { status: ProjectStatus; className?: string }) {
  return <Text className={`status-badge project-status-${status} ${className}`}>{PROJECT_STATUS_LABELS[status] ?? status}</Text>
}

/** "★★★★☆" for a rating of 4: the stars are text, so they scale with the elderly-friendly font. */
export function starText(rating: number): string {
  const n = Math.max(0, Math.min(5, Math.round(rating)))
  return '★'.repeat(n) + '☆'.repeat(5 - n)
}
