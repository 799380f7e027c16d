import { describe, expect, it } from 'vitest'
import type { Claims, Gateway, RpcArgs } from '../_lib/db/types'
import { propose } from '../../core/matching/propose'
import { runMatchingPipeline } from './_pipeline'

// The endpoint's pipeline adds no matching rule of its own: what it stores is exactly propose()'s answer on the rows
// matching_run_input returned, urgency included as the database spells it.

const NOW = new Date('2026-11-20T08:00:00Z')
const DAY = 86_400_000
const C = '20000000-0000-4000-8000-00000000000a'
const uuid = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`

const input = {
  communities: [C],
  // [id, title, category, communityId, gridId, microGridId, urgency, createdAt, windowFrom, windowTo, demand]
  needs: [
    [uuid(1), '楼道灯坏了', 'facility_repair', C, 'g1', 'm1', 'urgent', +NOW - 5 * DAY, null, null, 1],
    [uuid(2), '水管漏水', 'facility_repair', C, 'g1', 'm2', 'low', +NOW - DAY / 2, null, null, 1],
    [uuid(3), '需要送餐', 'meal_aid', C, 'g2', null, 'high', +NOW - 20 * DAY, +NOW, +NOW + DAY, 2],
  ],
  // [id, title, publisherName, categories, communityIds, gridIds, availability, capacity, currentLoad, community, grid, microGrid]
  resources: [
    [uuid(11), '维修队', '王师傅', ['facility_repair'], [C], [], [], 1, 0, C, 'g1', 'm1'],
    [uuid(12), '助餐点', null, ['meal_aid', 'facility_repair'], [], ['g2'], [], 3, 2, C, 'g2', null],
  ],
}

function fakeDb() {
  const calls: { fn: string; args: RpcArgs }[] = []
  const db: Gateway = {
    kind: 'postgres',
    async rpc<T>(fn: string, args: RpcArgs, _claims: Claims): Promise<T> {
      calls.push({ fn, args })
      if (fn === 'matching_run_input') return structuredClone(input) as T
      const items = args.p_proposals as unknown[]
      return { runId: uuid(100), runs: [{ communityId: C, runId: uuid(100) }], ids: items.map((_, k) => uuid(200 + k)) } as T
    },
    close: async () => {},
  }
  return { db, calls }
}

describe('runMatchingPipeline: load, propose(), store', () => {
  it('stores propose()\'s proposals and figures unchanged, and answers them in the proposals list\'s order', async () => {
    const { db, calls } = fakeDb()
    const r = await runMatchingPipeline(db, { role: 'authenticated', sub: uuid(50) }, { communityId: C }, NOW)
    expect(calls.map((c) => c.fn)).toEqual(['matching_run_input', 'matching_run_store'])
    // the rows as objects, by hand: the urgency goes in exactly as stored
    const needs = input.needs.map((n) => ({
      id: n[0], category: n[2], communityId: n[3], gridId: n[4], microGridId: n[5], urgency: n[6], createdAt: n[7],
      window: n[8] === null ? null : { from: n[8], to: n[9] }, demand: n[10],
    }))
    const resources = input.resources.map((x) => ({
      id: x[0], categories: x[3], serviceArea: { communityIds: x[4], gridIds: x[5] }, availability: x[6], capacity: x[7],
      currentLoad: x[8], communityId: x[9], gridId: x[10], microGridId: x[11],
    }))
    const expected = propose(needs as never, resources as never, NOW)
    const stored = calls[1].args
    expect(stored.p_proposals).toEqual(expected.proposals.map((c) => ({ need: c.need, resource: c.resource, score: c.score, reasons: c.reasons })))
    expect(stored.p_stats).toMatchObject({ totalScore: expected.totalScore, optimal: true, needs: 3, resources: 2, candidates: expected.candidateCount })
    expect(Object.keys((stored.p_stats as { timings: object }).timings)).toEqual(['input', 'candidates', 'scoring', 'solve', 'explain'])
    // the urgent need is matched first and says so in the words the store accepts
    const urgent = r.proposals.find((p) => p.needId === uuid(1))!
    expect(urgent.reasons[0]).toBe('紧急需求')
    expect(r).toMatchObject({ scope: 'community', totalScore: expected.totalScore, proposalCount: expected.proposals.length, candidates: expected.candidateCount })
    expect(r.proposals.map((p) => p.score)).toEqual([...r.proposals.map((p) => p.score)].sort((a, b) => b - a))
    expect(r.runs).toEqual([{ communityId: C, runId: uuid(100), proposals: expected.proposals.length }])
    expect(Object.keys(r.timings)).toEqual(['input', 'candidates', 'scoring', 'solve', 'explain', 'store', 'total'])
    expect(r.proposals.find((p) => p.resourceId === uuid(12))?.publisherName).toBe('')
  })
})
