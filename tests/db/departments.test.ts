import { describe, expect, it } from 'vitest'
import type { NeedDetail } from '../../core/contracts/needs'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

const CHENGGUAN = 'd1000000-0000-4000-8000-000000000001'
const ZHUJIAN = 'd1000000-0000-4000-8000-000000000002'
const need = { p_title: '路灯不亮了', p_description: '小区门口主干道的路灯坏了半个月，晚上行人看不清路。', p_category: 'facility_repair' }

describe.each(ADAPTERS)('departments and upward routing on %s', (kind) => {
  const t = useTestDb(kind, 'departments')

  it('a member holds `department` in every community of the street, a new community included; leaving the last department drops it', async () => {
    await t.sql(`insert into public.communities (id, street_id, name, seq, scale, function, subtype) values
      ('20000000-0000-4000-8000-00000000000c', $1, '新建社区', 9, 'general', 'urban', 'mixed')`, [IDS.street])
    const roles = async () => (await t.sql<{ community_id: string }>(`select community_id from public.profile_roles where profile_id = $1 and role = 'department' order by 1`, [IDS.dept1])).map((r) => r.community_id)
    expect(await roles()).toEqual([IDS.communityA, IDS.communityB, '20000000-0000-4000-8000-00000000000c'])
    await t.db.rpc('department_members_change', { p_id: ZHUJIAN, p_add: [IDS.dept1] }, as('admin1'))
    await t.db.rpc('department_members_change', { p_id: CHENGGUAN, p_remove: [IDS.dept1] }, as('admin1'))
    expect(await roles()).toHaveLength(3)
    await t.db.rpc('department_members_change', { p_id: ZHUJIAN, p_remove: [IDS.dept1] }, as('admin1'))
    expect(await roles()).toEqual([])
    await t.db.rpc('department_members_change', { p_id: CHENGGUAN, p_add: [IDS.dept1] }, as('admin1'))
    expect(await roles()).toHaveLength(3)
    expect((await failure(t.db.rpc('department_members_change', { p_id: CHENGGUAN, p_add: ['not-a-uuid'] }, as('admin1')))).field).toBe('add')
    expect((await failure(t.db.rpc('department_members_change', { p_id: CHENGGUAN, p_add: [IDS.dept1] }, as('staff1')))).code).toBe('department.not_found')
  })

  it('routing sets the department deadline from the community’s rule for escalated needs; the answer is refused to others', async () => {
    await t.sql(`update public.sla_rules set minutes = 2880 where community_id = $1 and severity = 'escalated'`, [IDS.communityA])
    const n = await t.db.rpc<NeedDetail>('need_create', need, as('resident1'))
    const r = await t.db.rpc<NeedDetail & { departmentDueAt: string }>('need_triage', { p_id: n.id, p_track: 'public', p_severity: 'general', p_department_id: CHENGGUAN }, as('staff1'))
    const hours = (Date.parse(r.departmentDueAt) - Date.now()) / 3600_000
    expect(hours).toBeGreaterThan(47.9)
    expect(hours).toBeLessThan(48.1)
    expect((await failure(t.db.rpc('need_department_answer', { p_id: n.id, p_answer: '我来答复' }, as('staff1')))).code).toBe('auth.forbidden')
    expect((await failure(t.db.rpc('need_department_answer', { p_id: n.id, p_answer: '我来答复' }, as('resident3')))).code).toBe('need.not_found')
    expect((await failure(t.db.rpc('need_department_answer', { p_id: n.id, p_answer: ' ' }, as('dept1')))).field).toBe('answer')
    const a = await t.db.rpc<NeedDetail>('need_department_answer', { p_id: n.id, p_answer: '已列入维修计划' }, as('dept1'))
    expect(a.timeline.at(-1)).toMatchObject({ actor: 'department', from: 'triaged', to: 'triaged' })
    const rows = await t.sql<{ profile_id: string }>(`select profile_id from public.notifications where kind = 'need.answered' and payload->>'needId' = $1`, [n.id])
    expect(rows.map((x) => x.profile_id)).toEqual([IDS.resident1])
  })

  it('queues: the street’s for its admins, the department’s for its members', async () => {
    expect((await t.db.rpc<{ items: unknown[] }>('needs_street_queue', {}, as('admin1'))).items.length).toBeGreaterThan(0)
    for (const h of ['staff1', 'resident1', 'dept1', 'grid1'] as const) {
      expect((await failure(t.db.rpc('needs_street_queue', {}, as(h)))).code, h).toBe('auth.forbidden')
    }
    const q = await t.db.rpc<{ items: { departmentId: string }[] }>('needs_department_queue', {}, as('dept1'))
    expect(q.items.length).toBeGreaterThan(0)
    expect(q.items.every((x) => x.departmentId === CHENGGUAN)).toBe(true)
    for (const h of ['staff1', 'resident1', 'admin1'] as const) {
      expect((await failure(t.db.rpc('needs_department_queue', {}, as(h)))).code, h).toBe('auth.forbidden')
    }
  })
})
