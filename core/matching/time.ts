import type { TimeInput } from './types'

/** Epoch milliseconds of a time input; throws RangeError naming `what` when it is not a valid time. */
export function toMs(t: TimeInput, what: string): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t)
  if (!Number.isFinite(ms)) throw new RangeError(`matching: ${what} is not a valid time: ${String(t)}`)
  return ms
}
