import { LIMIT_PERIOD_LABELS, type Redemption, type Reward } from '../../../core/contracts'
export { creditLevelName } from '../../../core/beans/credit'
import { beijingDay } from '../../utils/format'

export const REDEMPTION_STATUS_LABELS: Record<Redemption['status'], string> = {
  reserved: '待核销',
  verified: '已核销',
  cancelled: '已取消',
  expired: '已过期',
}

/** "每月每人限 1 次" / "每人限 1 次" (once), or null without a limit. */
export function formatLimit(reward: Pick<Reward, 'perPersonLimit' | 'limitPeriod'>): string | null {
  if (!reward.perPersonLimit || !reward.limitPeriod) return null
  const n = reward.perPersonLimit
  return reward.limitPeriod === 'once' ? `每人限 ${n} 次` : `${LIMIT_PERIOD_LABELS[reward.limitPeriod]}每人限 ${n} 次`
}

/** "+100" / "−30" with a real minus sign, easy to tell apart for older eyes. */
export function formatAmount(amount: number): string {
  return amount > 0 ? `+${amount}` : amount < 0 ? `−${Math.abs(amount)}` : '0'
}

/** This month in Beijing time, "YYYY-MM" (the report and honour roll are monthly). */
export function currentMonth(now: Date = new Date()): string {
  return beijingDay(0, now).slice(0, 7)
}
