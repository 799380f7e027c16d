import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZDepartment, ZListDepartmentsResponse } from '../../core/contracts/departments'
import { ZListNeedsFullResponse, ZNeedDetail } from '../../core/contracts/needs'
import { IDS, readAsPerson } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Seeded departments of 幸福街道 (supabase/seed.sql): 城管科 answered for by dept1, 住建科 with nobody yet.
const CHENGGUAN = 'd1000000-0000-4000-8000-000000000001'
const ZHUJIAN = 'd1000000-0000-4000-8000-000000000002'

const valid = { title: '路灯不亮了', description: '小区门口主干道的路灯坏了半个月，晚上行人看不清路。', category: 'facility_repair' }

describe('upward routing: departments, the street and department queues, 部门答疑', () => {
  let api: TestApi
  let sql: ReturnType<typeof postgres>
  const t: Record<string, string> = {}
  const readAs = <T>(sub: string, text: string, params: unknown[] = []) => readAsPerson<T>(sql, sub, text, params)

  beforeAll(async () => {
    api = await startTestApi('departments_api')
    sql = postgres(api.dbUrl, { max: 2, onnotice: () => {} })
    for (const h of ['resident1', 'resident2', 'resident3', 'staff1', 'staff2', 'grid1', 'admin1', 'dept1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await sql?.end()
    await api?.close()
  })

  const create = async (token = t.resident1, body: Record<string, unknown> = valid) => {
    const r = await api.call('POST', '/api/needs', { token, body })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return ZNeedDetail.parse(r.body)
  }
  const triagePublic = async (id: string, departmentId = CHENGGUAN, token = t.staff1) => {
    const r = await api.call('POST', `/api/needs/${id}/triage`, { token, body: { track: 'public', severity: 'major', departmentId } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return ZNeedDetail.parse(r.body)
  }
  const queue = async (token: string, query: string) => {
    const r = await api.call('GET', `/api/needs?${query}`, { token })
    return { status: r.status, body: r.status === 200 ? ZListNeedsFullResponse.parse(r.body) : r.body }
  }

  it('a department member logs in with the department role, held in every community of the street', async () => {
    const me = await api.call('GET', '/api/me', { token: t.dept1 })
    expect(me.status).toBe(200)
    expect(me.body.roles).toContain('department')
    const rows = await api.sql<{ community_id: string }>(`select community_id from public.profile_roles where profile_id = $1 and role = 'department' order by 1`, [IDS.dept1])
    expect(rows.map((r) => r.community_id)).toEqual([IDS.communityA, IDS.communityB])
  })

  it('departments: the street admin sees contacts and members; staff see names only; a resident gets 403', async () => {
    const admin = ZListDepartmentsResponse.parse((await api.call('GET', '/api/admin/departments', { token: t.admin1 })).body)
    expect(admin.items.find((d) => d.id === CHENGGUAN)).toMatchObject({ name: '城管科', contactPhone: '02580000001', members: [{ profileId: IDS.dept1, displayName: '钱科员' }] })
    const staff = ZListDepartmentsResponse.parse((await api.call('GET', '/api/admin/departments', { token: t.staff1 })).body)
    expect(staff.items.map((d) => d.name).sort()).toEqual(['住建科', '城管科'])
    expect(staff.items.every((d) => d.contactPhone === null && d.contactName === null && d.members.length === 0)).toBe(true)
    const own = ZListDepartmentsResponse.parse((await api.call('GET', '/api/admin/departments', { token: t.dept1 })).body)
    expect(own.items.find((d) => d.id === CHENGGUAN)?.contactPhone).toBe('02580000001')
    expect(own.items.find((d) => d.id === ZHUJIAN)?.contactPhone).toBeNull()
    const resident = await api.call('GET', '/api/admin/departments', { token: t.resident1 })
    expect(resident.status).toBe(403)
    expect(JSON.stringify(resident.body)).not.toContain('02580000001')
  })

  it('the contact phone is hidden from residents and staff reading the tables directly', async () => {
    expect(await readAs(IDS.resident1, 'select * from public.departments')).toHaveLength(0)
    expect(await readAs(IDS.staff1, 'select contact_phone from public.departments')).toHaveLength(0)
    expect(await readAs(IDS.resident1, 'select * from public.department_members')).toHaveLength(0)
    expect((await readAs<{ contact_phone: string }>(IDS.admin1, 'select contact_phone from public.departments order by name')).map((r) => r.contact_phone).sort()).toEqual(['02580000001', '02580000002'])
    expect((await readAs<{ name: string }>(IDS.dept1, 'select name from public.departments')).map((r) => r.name)).toEqual(['城管科'])
  })

  it('the street admin creates, renames, staffs and archives a department, each step audited; others are refused', async () => {
    const created = await api.call('POST', '/api/admin/departments', { token: t.admin1, body: { streetId: IDS.street, name: '民政科', contactName: '周科长', contactPhone: '02580000003' } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const d = ZDepartment.parse(created.body)
    expect((await api.call('POST', '/api/admin/departments', { token: t.admin1, body: { streetId: IDS.street, name: '民政科' } })).body.error).toMatchObject({ code: 'department.name_taken', field: 'name' })
    expect((await api.call('POST', '/api/admin/departments', { token: t.staff1, body: { streetId: IDS.street, name: '司法所' } })).status).toBe(403)
    expect((await api.call('PATCH', `/api/admin/departments/${d.id}`, { token: t.staff1, body: { name: '民政办' } })).status).toBe(404)
    const renamed = await api.call('PATCH', `/api/admin/departments/${d.id}`, { token: t.admin1, body: { name: '民政办' } })
    expect(renamed.body).toMatchObject({ name: '民政办', contactPhone: '02580000003' })
    const staffed = await api.call('POST', `/api/admin/departments/${d.id}/members`, { token: t.admin1, body: { add: [IDS.resident2] } })
    expect(staffed.body.members).toEqual([{ profileId: IDS.resident2, displayName: '李大爷' }])
    expect((await api.call('POST', `/api/admin/departments/${d.id}/members`, { token: t.dept1, body: { add: [IDS.dept1] } })).status).toBe(404)
    const removed = await api.call('POST', `/api/admin/departments/${d.id}/members`, { token: t.admin1, body: { remove: [IDS.resident2] } })
    expect(removed.body.members).toEqual([])
    expect(await api.sql(`select 1 from public.profile_roles where profile_id = $1 and role = 'department'`, [IDS.resident2])).toHaveLength(0)
    const archived = await api.call('PATCH', `/api/admin/departments/${d.id}`, { token: t.admin1, body: { archived: true } })
    expect(archived.body).toMatchObject({ archived: true })
    const actions = (await api.sql<{ action: string }>(`select action from public.audit_log where detail->>'departmentId' = $1 order by id`, [d.id])).map((r) => r.action)
    expect(actions).toEqual(['department.created', 'department.updated', 'department.member_added', 'department.member_removed', 'department.archived'])
    // an archived department takes no new routing
    const n = await create()
    const r = await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff1, body: { track: 'public', severity: 'major', departmentId: d.id } })
    expect(r.body.error).toMatchObject({ code: 'need.department_invalid', field: 'departmentId' })
  })

  it('malformed input is a 400 naming the field', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/admin/departments', { streetId: IDS.street, name: '科' }, 'name'],
      ['POST', '/api/admin/departments', { streetId: 'x', name: '司法所' }, 'streetId'],
      ['POST', '/api/admin/departments', { streetId: IDS.street, name: '司法所', contactPhone: '12ab' }, 'contactPhone'],
      ['PATCH', `/api/admin/departments/${CHENGGUAN}`, { archived: 'yes' }, 'archived'],
      ['POST', `/api/admin/departments/${CHENGGUAN}/members`, { add: ['nope'] }, 'add.0'],
      ['POST', `/api/needs/${IDS.communityA}/answer`, { answer: '' }, 'answer'],
      ['POST', `/api/needs/${IDS.communityA}/triage`, { track: 'public', severity: 'major', departmentId: 'x' }, 'departmentId'],
    ]
    for (const [m, path, body, field] of cases) {
      const r = await api.call(m, path, { token: t.admin1, body })
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(400)
      expect(r.body.error.field, path).toBe(field)
    }
    const q = await api.call('GET', '/api/needs?scope=district', { token: t.admin1 })
    expect(q.status).toBe(400)
    expect(q.body.error.field).toBe('scope')
  })

  it('triage to a department of another street is refused; a department only takes 公家事', async () => {
    await api.sql(`insert into public.streets (id, name, code) values ('10000000-0000-4000-8000-000000000002', '平安街道', '320103')`)
    await api.sql(`insert into public.departments (id, street_id, name) values ('d2000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002', '城管科')`)
    const n = await create()
    const other = await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff1, body: { track: 'public', severity: 'major', departmentId: 'd2000000-0000-4000-8000-000000000001' } })
    expect(other.status).toBe(400)
    expect(other.body.error).toMatchObject({ code: 'need.department_invalid', field: 'departmentId' })
    const shared = await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff1, body: { track: 'shared', severity: 'major', departmentId: CHENGGUAN } })
    expect(shared.body.error).toMatchObject({ code: 'need.department_public_only', field: 'departmentId' })
    const ok = await triagePublic(n.id)
    expect(ok).toMatchObject({ track: 'public', departmentId: CHENGGUAN, departmentName: '城管科', department: '城管科' })
    expect(ok.departmentDueAt).not.toBeNull()
    // the old free-text department still works for a 公家事
    const m = await create()
    const legacy = await api.call('POST', `/api/needs/${m.id}/triage`, { token: t.staff1, body: { track: 'public', severity: 'general', department: '区水务局' } })
    expect(legacy.status).toBe(200)
    expect(legacy.body).toMatchObject({ department: '区水务局', departmentId: null })
  })

  it('the street queue: street admin only; filters by status and department; pages without gaps', async () => {
    const a = await create()
    await triagePublic(a.id, ZHUJIAN)
    const b = await create(t.resident3)
    await triagePublic(b.id, ZHUJIAN, t.staff2)
    const c = await create()
    await api.call('POST', `/api/needs/${c.id}/triage`, { token: t.staff1, body: { track: 'shared', severity: 'general' } })
    await api.call('POST', `/api/needs/${c.id}/transition`, { token: t.staff1, body: { to: 'escalated', note: '小区内无法解决，上报街道' } })
    const private_ = await create()
    await api.call('POST', `/api/needs/${private_.id}/triage`, { token: t.staff1, body: { track: 'private', severity: 'general' } })

    const all = await queue(t.admin1, 'scope=street&limit=50')
    expect(all.status).toBe(200)
    const ids = all.body.items.map((x: { id: string }) => x.id)
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id, c.id]))
    expect(ids).not.toContain(private_.id)
    const zhujian = await queue(t.admin1, `scope=street&departmentId=${ZHUJIAN}`)
    expect(zhujian.body.items.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id].sort())
    const escalated = await queue(t.admin1, 'scope=street&status=escalated')
    expect(escalated.body.items.map((x: { id: string }) => x.id)).toContain(c.id)
    expect(escalated.body.items.every((x: { status: string }) => x.status === 'escalated')).toBe(true)

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = await queue(t.admin1, `scope=street&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.status).toBe(200)
      seen.push(...page.body.items.map((x: { id: string }) => x.id))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(ids)

    for (const h of ['staff1', 'grid1', 'resident1', 'dept1']) {
      expect((await queue(t[h], 'scope=street')).status, h).toBe(403)
    }
    // the default scope is still the community queue
    const community = await queue(t.staff1, 'limit=50')
    expect(community.status).toBe(200)
    expect(community.body.items.map((x: { id: string }) => x.id)).not.toContain(b.id)
  })

  it('the department queue shows only its own items, without residents’ personal data; others are refused', async () => {
    const mine = await create(t.resident1, { ...valid, address: '和平路 8 号' })
    await triagePublic(mine.id, CHENGGUAN)
    const theirs = await create()
    await triagePublic(theirs.id, ZHUJIAN)
    const q = await queue(t.dept1, 'scope=department&limit=50')
    expect(q.status).toBe(200)
    const items = q.body.items as Array<{ id: string; departmentId: string; address: string | null }>
    expect(items.map((x) => x.id)).toContain(mine.id)
    expect(items.map((x) => x.id)).not.toContain(theirs.id)
    expect(items.every((x) => x.departmentId === CHENGGUAN)).toBe(true)
    expect(items.find((x) => x.id === mine.id)?.address).toBeNull()
    expect((await queue(t.dept1, `scope=department&departmentId=${ZHUJIAN}`)).status).toBe(403)
    expect((await queue(t.staff1, 'scope=department')).status).toBe(403)
    expect((await queue(t.resident1, 'scope=department')).status).toBe(403)
    // the member may open a routed need, but not another department's
    expect((await api.call('GET', `/api/needs/${mine.id}`, { token: t.dept1 })).body).toMatchObject({ canAnswer: true, address: null })
    expect((await api.call('GET', `/api/needs/${theirs.id}`, { token: t.dept1 })).status).toBe(404)
  })

  it('部门答疑: the answer is on the timeline and in the owner’s inbox only; an escalated need returns to the community', async () => {
    const n = await create()
    await api.call('POST', `/api/needs/${n.id}/triage`, { token: t.staff1, body: { track: 'shared', severity: 'general' } })
    expect((await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to: 'escalated', note: '需要街道协调' } })).status).toBe(200)
    // not routed yet: the department cannot answer; only the street admin routes
    expect((await api.call('POST', `/api/needs/${n.id}/answer`, { token: t.dept1, body: { answer: '收到' } })).status).toBe(404)
    expect((await api.call('POST', `/api/needs/${n.id}/route`, { token: t.staff1, body: { departmentId: CHENGGUAN } })).status).toBe(404)
    const routed = await api.call('POST', `/api/needs/${n.id}/route`, { token: t.admin1, body: { departmentId: CHENGGUAN, note: '请城管科现场查看' } })
    expect(routed.status, JSON.stringify(routed.body)).toBe(200)
    expect(routed.body).toMatchObject({ status: 'escalated', departmentId: CHENGGUAN })
    expect((await queue(t.dept1, 'scope=department&status=escalated')).body.items.map((x: { id: string }) => x.id)).toContain(n.id)

    expect((await api.call('POST', `/api/needs/${n.id}/answer`, { token: t.staff1, body: { answer: '我来答' } })).status).toBe(403)
    expect((await api.call('POST', `/api/needs/${n.id}/answer`, { token: t.resident2, body: { answer: '我来答' } })).status).toBe(404)
    const answered = await api.call('POST', `/api/needs/${n.id}/answer`, { token: t.dept1, body: { answer: '已安排维修队，三天内修好' } })
    expect(answered.status, JSON.stringify(answered.body)).toBe(200)
    const d = ZNeedDetail.parse(answered.body)
    expect(d).toMatchObject({ status: 'in_progress', departmentAnswer: '已安排维修队，三天内修好' })
    const last = d.timeline[d.timeline.length - 1]
    expect(last).toMatchObject({ from: 'escalated', to: 'in_progress', actor: 'department', actorName: '钱科员' })
    expect(last.note).toContain('城管科答复：已安排维修队')

    const owner = ZNeedDetail.parse((await api.call('GET', `/api/needs/${n.id}`, { token: t.resident1 })).body)
    expect(owner.timeline.map((e) => e.actor)).toContain('department')
    const inbox = await api.call('GET', '/api/notifications', { token: t.resident1 })
    expect(inbox.status).toBe(200)
    const item = inbox.body.items.find((x: { kind: string; link: string | null }) => x.kind === 'need.answered' && x.link?.endsWith(n.id))
    expect(item).toMatchObject({ title: '城管科答复了您的需求' })
    expect(item.body).toContain('已安排维修队，三天内修好')
    expect(item.body).toContain('社区将按答复继续办理')
    for (const h of ['resident2', 'resident3', 'staff1', 'dept1']) {
      const rows = await api.sql(`select 1 from public.notifications where kind = 'need.answered' and payload->>'needId' = $1 and profile_id = $2`, [n.id, IDS[h as 'resident2']])
      expect(rows, h).toHaveLength(0)
    }
    // the community carries on with the answer
    expect((await api.call('POST', `/api/needs/${n.id}/transition`, { token: t.staff1, body: { to: 'resolved', note: '已按部门答复办理完毕' } })).status).toBe(200)
    expect((await api.call('POST', `/api/needs/${n.id}/answer`, { token: t.dept1, body: { answer: '再补充一句' } })).status).toBe(409)
  })

  it('a 公家事 answered keeps its status with the community, and the street sees the answer', async () => {
    const n = await create()
    await triagePublic(n.id)
    const r = await api.call('POST', `/api/needs/${n.id}/answer`, { token: t.dept1, body: { answer: '属于我科职责，已列入本周计划' } })
    expect(r.body).toMatchObject({ status: 'triaged', departmentAnswer: '属于我科职责，已列入本周计划' })
    const street = await queue(t.admin1, `scope=street&departmentId=${CHENGGUAN}&limit=50`)
    expect(street.body.items.find((x: { id: string }) => x.id === n.id)).toMatchObject({ departmentAnswer: '属于我科职责，已列入本周计划' })
  })
  it('街道吹哨·部门报到: the street calls departments to a need; each reports who and when; the street sees who answered', async () => {
    const n = await create()
    await triagePublic(n.id)
    const meetAt = new Date(Date.now() + 2 * 3600_000).toISOString()
    const body = { streetId: IDS.street, title: '路灯联合检修', departmentIds: [CHENGGUAN, ZHUJIAN], needId: n.id, meetAt }
    expect((await api.call('POST', '/api/street-whistles', { token: t.staff1, body })).status).toBe(403)
    expect((await api.call('POST', '/api/street-whistles', { token: t.dept1, body })).status).toBe(403)
    const bad = await api.call('POST', '/api/street-whistles', { token: t.admin1, body: { ...body, departmentIds: [] } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('departmentIds')
    const noWhere = await api.call('POST', '/api/street-whistles', { token: t.admin1, body: { streetId: IDS.street, title: '路灯联合检修', departmentIds: [CHENGGUAN], meetAt } })
    expect(noWhere.body.error.field).toBe('place')
    const foreign = await api.call('POST', '/api/street-whistles', { token: t.admin1, body: { ...body, departmentIds: ['d2000000-0000-4000-8000-000000000001'] } })
    expect(foreign.body.error).toMatchObject({ code: 'whistle.departments_invalid', field: 'departmentIds' })
    const created = await api.call('POST', '/api/street-whistles', { token: t.admin1, body })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const w = created.body
    expect(w.targets.map((x: { departmentName: string; reported: boolean }) => [x.departmentName, x.reported])).toEqual([['住建科', false], ['城管科', false]])
    // the members of the called departments are told
    const inbox = await api.call('GET', '/api/notifications', { token: t.dept1 })
    expect(inbox.body.items.find((x: { kind: string }) => x.kind === 'whistle.department')).toMatchObject({ title: '街道吹哨，请部门报到' })

    // 报到: a member of a called department only
    const report = { attendee: '钱科员、维修班 2 人', arriveAt: meetAt, note: '带升降车' }
    expect((await api.call('POST', `/api/street-whistles/${w.id}/report`, { token: t.staff1, body: report })).status).toBe(404)
    expect((await api.call('POST', `/api/street-whistles/${w.id}/report`, { token: t.dept1, body: { ...report, attendee: '' } })).body.error.field).toBe('attendee')
    expect((await api.call('POST', `/api/street-whistles/${w.id}/report`, { token: t.dept1, body: { ...report, departmentId: ZHUJIAN } })).body.error.field).toBe('departmentId')
    const reported = await api.call('POST', `/api/street-whistles/${w.id}/report`, { token: t.dept1, body: report })
    expect(reported.status, JSON.stringify(reported.body)).toBe(200)
    expect(reported.body.status).toBe('open')

    const street = await api.call('GET', '/api/street-whistles', { token: t.admin1 })
    expect(street.status).toBe(200)
    const seen = street.body.items.find((x: { id: string }) => x.id === w.id)
    expect(seen.targets.find((x: { departmentId: string }) => x.departmentId === CHENGGUAN)).toMatchObject({ reported: true, reportedByName: '钱科员', attendee: '钱科员、维修班 2 人', note: '带升降车', late: false })
    expect(seen.targets.find((x: { departmentId: string }) => x.departmentId === ZHUJIAN)).toMatchObject({ reported: false, attendee: null })
    // the department sees the whistles that called it; a resident and community staff do not
    expect((await api.call('GET', '/api/street-whistles', { token: t.dept1 })).body.items.map((x: { id: string }) => x.id)).toContain(w.id)
    expect((await api.call('GET', '/api/street-whistles', { token: t.resident1 })).status).toBe(403)
    expect((await api.call('GET', '/api/street-whistles', { token: t.staff1 })).status).toBe(403)
    expect(await readAs(IDS.resident1, 'select * from public.street_whistle_targets')).toHaveLength(0)
    // the report is on the need's timeline
    const d = ZNeedDetail.parse((await api.call('GET', `/api/needs/${n.id}`, { token: t.resident1 })).body)
    expect(d.timeline.at(-1)).toMatchObject({ actor: 'department', actorName: '钱科员' })
    expect(d.timeline.at(-1)?.note).toContain('城管科报到：钱科员、维修班 2 人')
    // an unanswered department is flagged late once the time has passed
    await api.sql(`update public.street_whistles set meet_at = now() - interval '1 hour' where id = $1`, [w.id])
    const later = (await api.call('GET', '/api/street-whistles', { token: t.admin1 })).body.items.find((x: { id: string }) => x.id === w.id)
    expect(later.targets.find((x: { departmentId: string }) => x.departmentId === ZHUJIAN).late).toBe(true)
  })
})
