/**
 * The matching engine's reasons in the words a resident or a staff member uses (匹配理由): the engine's own terms
 * (微网格, 负荷) become everyday ones; anything unknown is shown as it came.
 */
const PLAIN_REASONS: Record<string, string> = {
  紧急需求: '需求很急',
  较急需求: '需求较急',
  同一微网格: '同一小区楼栋',
  同一网格: '同一网格片区',
  同一社区: '同一社区',
  专业对口: '擅长此类',
  可提供此类服务: '能做这类服务',
  服务方负荷低: '对方眼下不忙',
  服务方负荷较高: '对方眼下较忙',
}

export function plainReason(reason: string): string {
  return PLAIN_REASONS[reason] ?? reason
}
