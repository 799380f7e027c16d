import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { SERVICE_CLAIMS, type Gateway } from '../../api/_lib/db/types'
import { as, postgresDatabase } from '../helpers/db'

// Real server only: PGlite serialises transactions and would prove nothing here.
describe('concurrency on a real Postgres', () => {
  let db: Gateway
  let url = ''
  beforeAll(async () => {
    ;({ url, gateway: db } = await postgresDatabase('concurrency'))
  })
  afterAll(async () => {
    await db?.close()
  })

  it('60 simultaneous first logins with one openid create exactly one profile', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, () => db.rpc<{ id: string }>('auth_upsert_wechat', { p_openid: 'same-openid' }, SERVICE_CLAIMS)),
    )
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    const sql = postgres(url, { max: 1 })
    const [{ n }] = await sql`select count(*)::int as n from public.profiles where wechat_openid = 'same-openid'`
    await sql.end()
    expect(n).toBe(1)
  })

  it('100 parallel need submissions by different people all land, each once', async () => {
    const who = ['resident1', 'resident2', 'party1', 'talent1'] as const
    const made = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        db.rpc<{ id: string }>('need_create', {
          p_title: `并发提交 ${i}`, p_description: '并发测试：很多人同时提交需求。', p_category: 'other',
        }, as(who[i % who.length])),
      ),
    )
    expect(new Set(made.map((m) => m.id)).size).toBe(100)
    const list = await db.rpc<{ items: { title: string }[] }>('needs_list', { p_limit: 100 }, as('staff1'))
    expect(list.items.filter((n) => n.title.startsWith('并发提交')).length).toBe(100)
  })
})
