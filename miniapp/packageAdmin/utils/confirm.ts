import { confirmAction as confirmShared } from '../../utils/confirm'

/**
 * Asks before an action with consequences for someone else; the content names the person or thing. `danger`
 * (removing, stopping, revoking) draws the confirm button in red. Resolves false when the person declines, or
 * when the modal cannot be shown at all (safer than acting unasked).
 */
export function confirmAction(title: string, content: string, confirmText = '确定', danger = false): Promise<boolean> {
  return confirmShared({ title, content, confirmText, danger })
}
