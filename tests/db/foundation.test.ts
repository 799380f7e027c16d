import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SERVICE_CLAIMS, type Gateway } from '../../api/_lib/db/types'
import { ADAPTERS, IDS, as, failure, openAdapter } from '../helpers/db'

type NeedJson = { id: string; status: string; communityId: string; microGridId: string | null; createdBy: string; createdAt: string }

describe.each(ADAPTERS)('foundation schema and RPCs on %s', (kind) => {
  let db: Gateway
  beforeAll(async () => {
    db = await openAdapter(kind, 'foundation')
  })
  afterAll(async () => {
    await db?.close()
  })

  const create = (who: Parameters<typeof as>[0], extra: Record<string, unknown> = {}) =>
    db.rpc<NeedJson>('need_create', {
      p_title: '楼道灯坏了',
      p_description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。',
      p_category: 'facility_repair',
      ...extra,
    }, as(who))

  it('derives the community code from its classification (一社区一编码)', async () => {
    const me = await db.rpc<{ communityName: string }>('me', {}, as('staff1'))
    expect(me.communityName).toBe('和平社区')
    const rows = await db.rpc<unknown>('auth_profile_by_handle', { p_handle: 'resident3' }, SERVICE_CLAIMS)
    expect(rows).toMatchObject({ communityId: IDS.communityB, roles: ['resident'] })
  })

  it('a resident creates a need in their own community and home micro-grid', async () => {
    const n = await create('resident1')
    expect(n).toMatchObject({ status: 'submitted', communityId: IDS.communityA, microGridId: IDS.microA1, createdBy: IDS.resident1 })
    expect(n.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  })

  it('refuses a micro-grid of another community, naming the field', async () => {
    const e = await failure(create('resident1', { p_micro_grid_id: IDS.microB1 }))
    expect(e.code).toBe('need.micro_grid_invalid')
    expect(e.field).toBe('microGridId')
  })

  it('refuses a need from a person with no home community', async () => {
    const e = await failure(create('admin1'))
    expect(e.code).toBe('need.no_community')
    expect(e.status).toBe(403)
  })

  it('enforces the title length in SQL too', async () => {
    const e = await failure(create('resident1', { p_title: '灯' }))
    expect(e.field).toBe('title')
  })

  it('the owner and staff of the community see a need; others get not_found', async () => {
    const n = await create('resident2')
    await expect(db.rpc('need_get', { p_id: n.id }, as('resident2'))).resolves.toMatchObject({ id: n.id })
    await expect(db.rpc('need_get', { p_id: n.id }, as('staff1'))).resolves.toMatchObject({ id: n.id })
    expect((await failure(db.rpc('need_get', { p_id: n.id }, as('resident1')))).code).toBe('need.not_found')
    expect((await failure(db.rpc('need_get', { p_id: n.id }, as('staff2')))).code).toBe('need.not_found')
  })

  it('needs_mine lists only the caller’s needs, newest first', async () => {
    const a = await create('talent1', { p_title: '第一条需求' })
    const b = await create('talent1', { p_title: '第二条需求' })
    const mine = (await db.rpc<{ items: NeedJson[] }>('needs_mine', {}, as('talent1'))).items
    expect(mine.map((n) => n.id)).toEqual([b.id, a.id])
    const others = (await db.rpc<{ items: NeedJson[] }>('needs_mine', {}, as('party1'))).items
    expect(others.find((n) => n.id === a.id)).toBeUndefined()
  })

  it('needs_list is for staff only and pages through the community without gaps', async () => {
    expect((await failure(db.rpc('needs_list', {}, as('resident1')))).code).toBe('auth.forbidden')
    expect((await failure(db.rpc('needs_list', {}, as('party1')))).code).toBe('auth.forbidden')
    for (let i = 0; i < 5; i++) await create('resident2', { p_title: `分页测试 ${i}` })
    const seen: string[] = []
    let after: { createdAt: string; id: string } | null = null
    for (let guard = 0; guard < 50; guard++) {
      const page: { items: NeedJson[]; hasMore: boolean } = await db.rpc('needs_list', {
        p_limit: 2, p_after_created_at: after?.createdAt ?? null, p_after_id: after?.id ?? null,
      }, as('staff1'))
      seen.push(...page.items.map((n) => n.id))
      expect(page.items.every((n) => n.communityId === IDS.communityA)).toBe(true)
      if (!page.hasMore) break
      const last = page.items[page.items.length - 1]
      after = { createdAt: last.createdAt, id: last.id }
    }
    const all = await db.rpc<{ items: NeedJson[] }>('needs_list', { p_limit: 100 }, as('staff1'))
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(all.items.map((n) => n.id))
    const other = await db.rpc<{ items: NeedJson[] }>('needs_list', { p_limit: 100 }, as('staff2'))
    expect(other.items.some((n) => seen.includes(n.id))).toBe(false)
  })

  it('the API role cannot call service-only functions', async () => {
    await expect(db.rpc('auth_profile_by_handle', { p_handle: 'resident1' }, as('resident1'))).rejects.toThrow(/permission denied/)
  })

  it('a caller without a token cannot read', async () => {
    await expect(db.rpc('needs_mine', {}, { role: 'anon' })).rejects.toThrow(/permission denied/)
  })
})
