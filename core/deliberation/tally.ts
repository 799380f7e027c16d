/**
 * How a motion is decided (the database's app.motion_decide, mirrored for the UI and tested here):
 * below the quorum of votes cast → no quorum; otherwise abstentions (the option flagged abstain, by default 弃权)
 * do not count toward the threshold;
 * simple majority passes with more than half of the counted votes for the first option (同意);
 * two thirds passes with at least two thirds of them.
 */
export type Threshold = 'majority' | 'two_thirds'
export type MotionResult = 'passed' | 'failed' | 'no_quorum'

export function decide(quorum: number, threshold: Threshold, cast: number, counted: number, yes: number): MotionResult {
  if (cast < quorum) return 'no_quorum'
  if (threshold === 'majority') return yes * 2 > counted ? 'passed' : 'failed'
  return counted > 0 && yes * 3 >= counted * 2 ? 'passed' : 'failed'
}

export function tally(options: readonly { label: string; abstain: boolean; votes: number }[]) {
  const cast = options.reduce((a, o) => a + o.votes, 0)
  const counted = options.filter((o) => !o.abstain).reduce((a, o) => a + o.votes, 0)
  return { cast, counted, yes: options[0]?.votes ?? 0 }
}

export const RESULT_LABELS: Record<MotionResult, string> = { passed: '通过', failed: '未通过', no_quorum: '未达法定人数' }
