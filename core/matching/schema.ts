import { z } from 'zod'
import { MAX_SCORE } from './score'
import { MatchingInputError, toIndexed } from './solve'
import type { MatchingInstance } from './types'

const count = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be an integer` })
    .min(0, { error: `${what} must be ≥ 0` })
    .max(0x7fffffff, { error: `${what} is too large` })

const id = (what: string) => z.string({ error: `${what} must be a string` }).min(1, { error: `${what} must not be empty` })

/** The solver's JSON input (CLI and API): plain ids, non-negative integer demand/capacity, scores 0..10000. */
export const ZMatchingInput = z.object({
  needs: z.array(z.object({ id: id('need id'), demand: count('demand') }), { error: '"needs" must be an array' }),
  resources: z.array(z.object({ id: id('resource id'), capacity: count('capacity') }), { error: '"resources" must be an array' }),
  candidates: z.array(
    z.object({
      need: id('candidate need'),
      resource: id('candidate resource'),
      score: z
        .number({ error: 'score must be a number' })
        .int({ error: 'score must be an integer' })
        .min(0, { error: `score must be in 0..${MAX_SCORE}` })
        .max(MAX_SCORE, { error: `score must be in 0..${MAX_SCORE}` }),
    }),
    { error: '"candidates" must be an array' },
  ),
})

/** `a.b[3].c` from a zod path. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || '(root)'
}

/**
 * Validate unknown JSON as a matching instance: shape and types (zod), then references (unknown need/resource),
 * duplicate ids and duplicate pairs. Throws MatchingInputError naming the first problems found.
 */
export function parseMatchingInput(data: unknown): MatchingInstance {
  const r = ZMatchingInput.safeParse(data)
  if (!r.success) {
    const issues = r.error.issues
    const shown = issues.slice(0, 5).map((i) => `${formatPath(i.path)}: ${i.message}`)
    if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`)
    throw new MatchingInputError(shown.join('; '))
  }
  // Semantic checks (the same ones solve() runs), so a bad file fails here with a precise message.
  toIndexed(r.data)
  return r.data
}
