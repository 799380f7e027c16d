import { describe, expect, it } from 'vitest'
import { NEED_REF_NO, type NeedDetail, type NeedFull, type NeedStoryItem } from '../../core/contracts/needs'
import { ADAPTERS, IDS, as, failure, postgresDatabase, useTestDb, type Handle } from '../helpers/db'

type Page = { items: NeedFull[]; hasMore: boolean }

describe.each(ADAPTERS)('办理结果, 受理编号 and the story of a need on %s', (kind) => {
  const t = useTestDb(kind, 'needstory')

  const submit = (who: Handle = 'resident1', title = '楼道灯坏了') =>
    t.db.rpc<NeedDetail>('need_create', {
      p_title: title, p_description: '3单元楼道灯坏了一周，晚上老人上下楼很危险。', p_category: 'facility_repair',
    }, as(who))
  async function inProgress(who: Handle = 'resident1'): Promise<NeedDetail> {
    const n = await submit(who)
    const staff = who === 'resident3' ? 'staff2' : 'staff1'
    await t.db.rpc('need_triage', { p_id: n.id, p_track: 'private', p_severity: 'general' }, as(staff))
    return t.db.rpc<NeedDetail>('need_transition', { p_id: n.id, p_to: 'in_progress' }, as(staff))
  }
  const resolve = (id: string, who: Handle, note?: string | null, photos?: unknown) =>
    t.db.rpc<NeedDetail>('need_transition', {
      p_id: id, p_to: 'resolved', p_note: note, ...(photos === undefined ? {} : { p_photos: photos }),
    }, as(who))

  it('resolving needs the 办理结果: missing, blank or shorter than 5 characters is refused naming note, in SQL', async () => {
    const n = await inProgress()
    for (const note of [null, '', '   ', '换了灯']) {
      const e = await failure(resolve(n.id, 'staff1', note))
      expect(e.code, JSON.stringify(note)).toBe('need.result_required')
      expect(e.field).toBe('note')
    }
    const e = await failure(resolve(n.id, 'staff1', '修'.repeat(501)))
    expect(e.field).toBe('note')
    const [{ status }] = await t.sql<{ status: string }>('select status::text from public.needs where id = $1', [n.id])
    expect(status).toBe('in_progress')
    // the grid worker of the need's grid too
    const e2 = await failure(resolve(n.id, 'grid1', null))
    expect(e2.code).toBe('need.result_required')
    const ok = await resolve(n.id, 'grid1', '  已更换 3 单元楼道灯泡，灯亮了  ')
    expect(ok.status).toBe('resolved')
  })

  it('the note is stored on the timeline and shown to the resident as the outcome card', async () => {
    const n = await inProgress()
    const r = await resolve(n.id, 'staff1', '已更换 3 单元楼道灯泡，并检查了线路')
    expect(r.timeline.at(-1)).toMatchObject({ to: 'resolved', actor: 'staff', note: '已更换 3 单元楼道灯泡，并检查了线路', photos: [] })
    const seen = await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('resident1'))
    expect(seen.outcome).toMatchObject({ kind: 'resolved', note: '已更换 3 单元楼道灯泡，并检查了线路', actorName: expect.any(String) })
    const story = seen.story!
    expect(story.at(-1)).toMatchObject({ kind: 'resolved', title: '已解决', detail: '办理结果：已更换 3 单元楼道灯泡，并检查了线路' })
    // rated afterwards: the card stays, the story goes on
    const rated = await t.db.rpc<NeedDetail>('need_evaluate', { p_id: n.id, p_rating: 5 }, as('resident1'))
    expect(rated.outcome).toMatchObject({ kind: 'resolved', note: '已更换 3 单元楼道灯泡，并检查了线路' })
    expect(rated.story!.map((s) => s.kind)).toEqual(['submitted', 'triaged', 'in_progress', 'resolved', 'evaluated'])
  })

  it('another community cannot read the need, its outcome or its story', async () => {
    const n = await inProgress()
    await resolve(n.id, 'staff1', '已更换 3 单元楼道灯泡')
    for (const who of ['staff2', 'resident3', 'resident2'] as const) {
      expect((await failure(t.db.rpc('need_get', { p_id: n.id }, as(who)))).code, who).toBe('need.not_found')
    }
    // and staff of B cannot resolve a need of A
    const other = await inProgress()
    expect((await failure(resolve(other.id, 'staff2', '已更换灯泡，灯亮了'))).code).toBe('need.not_found')
  })

  it('photos: the caller\'s own uploads only, at most 3, only with a 办理结果', async () => {
    const n = await inProgress()
    const mine = (i: number) => `shifts/${IDS.staff1}/0000000${i}-aaaa-4bbb-8ccc-000000000000.jpg`
    expect((await failure(resolve(n.id, 'staff1', '已修好楼道灯', [`shifts/${IDS.resident2}/x.jpg`]))).field).toBe('photos')
    expect((await failure(resolve(n.id, 'staff1', '已修好楼道灯', ['../etc/passwd']))).field).toBe('photos')
    expect((await failure(resolve(n.id, 'staff1', '已修好楼道灯', [1, 2, 3, 4].map(mine)))).field).toBe('photos')
    expect((await failure(resolve(n.id, 'staff1', '已修好楼道灯', { key: mine(1) }))).field).toBe('photos')
    const other = await submit()
    expect((await failure(t.db.rpc('need_transition', { p_id: other.id, p_to: 'rejected', p_note: '不属于社区办理范围', p_photos: [mine(1)] }, as('staff1')))).field).toBe('photos')
    const r = await resolve(n.id, 'staff1', '已修好楼道灯', [mine(1), mine(2)])
    expect(r.timeline.at(-1)!.photos).toEqual([mine(1), mine(2)])
    const seen = await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('resident1'))
    expect(seen.outcome!.photos).toEqual([mine(1), mine(2)])
    // /api/files serves a 办理结果 photo to whoever may see the need (the resident), not to another community
    expect(await t.db.rpc('file_access', { p_key: mine(2) }, as('resident1'))).toBe(true)
    expect(await t.db.rpc('file_access', { p_key: mine(2) }, as('staff2'))).toBe(false)
    expect(await t.db.rpc('file_access', { p_key: mine(3) }, as('resident1'))).toBe(false)
  })

  it('不予受理 and 上报 keep a required reason, shown to the resident as the outcome', async () => {
    const n = await submit()
    expect((await failure(t.db.rpc('need_transition', { p_id: n.id, p_to: 'rejected', p_note: '  ' }, as('staff1')))).code).toBe('need.reason_required')
    await t.db.rpc('need_transition', { p_id: n.id, p_to: 'rejected', p_note: '属于物业维修范围，已告知物业' }, as('staff1'))
    const seen = await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('resident1'))
    expect(seen.outcome).toMatchObject({ kind: 'rejected', note: '属于物业维修范围，已告知物业' })
    expect(seen.story!.at(-1)).toMatchObject({ kind: 'rejected', title: '未受理', detail: '原因：属于物业维修范围，已告知物业' })

    const m = await inProgress()
    await t.db.rpc('need_transition', { p_id: m.id, p_to: 'escalated', p_note: '需要街道协调供电公司' }, as('staff1'))
    const up = await t.db.rpc<NeedDetail>('need_get', { p_id: m.id }, as('resident1'))
    expect(up.outcome).toMatchObject({ kind: 'escalated', note: '需要街道协调供电公司' })
    // residents read plain words, staff the work terms
    expect(up.story!.find((s) => s.kind === 'triaged')!.title).toBe('社区已受理')
    expect(up.story!.at(-1)!.title).toBe('已上报街道')
    const staffView = await t.db.rpc<NeedDetail>('need_get', { p_id: m.id }, as('staff1'))
    expect(staffView.story!.find((s) => s.kind === 'triaged')!.title).toBe('研判分类')
    // still open: no outcome card
    const open = await inProgress()
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: open.id }, as('resident1'))).outcome).toBeNull()
  })

  it('the story links the service project (with match reasons, no score), its progress, the topic, meeting and resolution', async () => {
    const n = await inProgress()
    const [{ id: resource }] = await t.sql<{ id: string }>(`insert into public.resources
      (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
      values ($1, $2, '红色物业维修队', 'social', '{facility_repair}', 5, '刘师傅', '13900000000') returning id`, [IDS.communityA, IDS.unit1])
    const [{ id: run }] = await t.sql<{ id: string }>(`insert into public.match_runs (community_id, run_by, stats) values ($1, $2, '{}') returning id`,
      [IDS.communityA, IDS.staff1])
    const [{ id: proposal }] = await t.sql<{ id: string }>(`insert into public.match_proposals
      (run_id, community_id, need_id, resource_id, score, reasons, status) values ($1, $2, $3, $4, 8765, '{类别对口,同一网格}', 'accepted') returning id`,
      [run, IDS.communityA, n.id, resource])
    const [{ id: project }] = await t.sql<{ id: string }>(`insert into public.service_projects
      (community_id, need_id, resource_id, origin, proposal_id, status, unit_confirmed_at, community_confirmed_at, created_by, created_at)
      values ($1, $2, $3, 'proposal', $4, 'in_progress', now(), now(), $5, now() + interval '1 minute') returning id`,
      [IDS.communityA, n.id, resource, proposal, IDS.staff1])
    await t.sql(`insert into public.service_progress (project_id, author_id, note, percent, created_at) values ($1, $2, '已到现场查看线路', 50, now() + interval '2 minutes')`,
      [project, IDS.unit1])
    const [{ id: topic }] = await t.sql<{ id: string }>(`insert into public.topics (community_id, title, proposer_id, need_id, threshold, status, created_at)
      values ($1, '楼道照明改造', $2, $3, 10, 'decided', now() + interval '3 minutes') returning id`, [IDS.communityA, IDS.staff1, n.id])
    const [{ id: meeting }] = await t.sql<{ id: string }>(`insert into public.meetings (community_id, title, form, starts_at, place, capacity, check_in_code, created_by)
      values ($1, '三号楼议事会', 'street_side', now() + interval '4 minutes', '三号楼门口', 30, '123456', $2) returning id`, [IDS.communityA, IDS.staff1])
    await t.sql('insert into public.meeting_topics (meeting_id, topic_id) values ($1, $2)', [meeting, topic])
    const [{ id: motion }] = await t.sql<{ id: string }>(`insert into public.motions (meeting_id, title, voters, quorum, threshold)
      values ($1, '更换楼道灯', 'attendees', 1, 'majority') returning id`, [meeting])
    const [{ id: resolution }] = await t.sql<{ id: string }>(`insert into public.resolutions (motion_id, meeting_id, community_id, title, need_id, created_at)
      values ($1, $2, $3, '更换楼道灯', $4, now() + interval '5 minutes') returning id`, [motion, meeting, IDS.communityA, n.id])

    const d = await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('resident1'))
    const story = d.story as NeedStoryItem[]
    expect(story.map((s) => s.kind)).toEqual(['submitted', 'triaged', 'in_progress', 'service', 'service_progress', 'topic', 'meeting', 'resolution'])
    const service = story.find((s) => s.kind === 'service')!
    expect(service).toMatchObject({ title: '服务项目：红色物业维修队', link: { type: 'service', id: project } })
    expect(service.detail).toContain('匹配理由：类别对口、同一网格')
    expect(JSON.stringify(story)).not.toContain('8765')
    expect(story.find((s) => s.kind === 'service_progress')).toMatchObject({ detail: '已到现场查看线路（完成 50%）', link: { type: 'service', id: project } })
    expect(story.find((s) => s.kind === 'topic')).toMatchObject({ title: '议题：楼道照明改造', link: { type: 'topic', id: topic } })
    expect(story.find((s) => s.kind === 'meeting')).toMatchObject({ title: '议事会：三号楼议事会', link: { type: 'meeting', id: meeting } })
    expect(story.find((s) => s.kind === 'resolution')).toMatchObject({ title: '议事决议：更换楼道灯', link: { type: 'resolution', id: resolution } })
    // the same story for the staff (their wording), none for another community
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: n.id }, as('staff1'))).story!.length).toBe(story.length)
    expect((await failure(t.db.rpc('need_get', { p_id: n.id }, as('staff2')))).code).toBe('need.not_found')
  })

  it('受理编号: on every need JSON, format, per community and Beijing day in sequence', async () => {
    const a1 = await submit('resident1', '受理编号测试一')
    const a2 = await submit('resident2', '受理编号测试二')
    const b1 = await submit('resident3', '受理编号测试三')
    for (const n of [a1, a2, b1]) expect(n.refNo).toMatch(NEED_REF_NO)
    expect(a1.refNo.startsWith('HP-')).toBe(true)
    expect(b1.refNo.startsWith('GM-')).toBe(true)
    const seq = (r: string) => Number(r.split('-')[2])
    expect(seq(a2.refNo)).toBe(seq(a1.refNo) + 1)
    // B has its own sequence: its number is the count of B's needs of the day
    const [{ count }] = await t.sql<{ count: number }>(`select count(*)::int as count from public.needs where community_id = $1
      and (created_at at time zone 'Asia/Shanghai')::date = (now() at time zone 'Asia/Shanghai')::date`, [IDS.communityB])
    expect(seq(b1.refNo)).toBe(count)
    const b2 = await submit('resident3', '受理编号测试四')
    expect(seq(b2.refNo)).toBe(count + 1)
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date()).replaceAll('-', '')
    expect(a1.refNo.split('-')[1]).toBe(day)
    // lists, detail and similar carry it
    const mine = await t.db.rpc<Page>('needs_mine', {}, as('resident1'))
    expect(mine.items.find((x) => x.id === a1.id)!.refNo).toBe(a1.refNo)
    const queue = await t.db.rpc<Page>('needs_list', { p_limit: 50 }, as('staff1'))
    expect(queue.items.find((x) => x.id === a2.id)!.refNo).toBe(a2.refNo)
    expect((await t.db.rpc<NeedDetail>('need_get', { p_id: b1.id }, as('staff2'))).refNo).toBe(b1.refNo)
    const similar = await t.db.rpc<{ items: { id: string; refNo: string }[] }>('needs_similar', { p_micro_grid_id: IDS.microA1, p_title: '受理编号测试一' }, as('resident1'))
    expect(similar.items.find((x) => x.id === a1.id)!.refNo).toBe(a1.refNo)
  })

  it('受理编号: a new community starts at 0001 and the day turns at midnight Beijing time (16:00 UTC)', async () => {
    const [{ id: c }] = await t.sql<{ id: string }>(`insert into public.communities (street_id, name, seq, scale, function, subtype, ref_prefix)
      select street_id, '编号测试社区', 97, scale, function, subtype, 'BH' from public.communities where id = $1 returning id`, [IDS.communityA])
    const put = async (at: string) => {
      const [r] = await t.sql<{ ref_no: string }>(`insert into public.needs (community_id, title, description, category, created_by, submitted_by, created_at)
        values ($1, '编号测试', '编号测试用的需求描述', 'other', $2, $2, $3) returning ref_no`, [c, IDS.resident1, at])
      return r.ref_no
    }
    expect(await put('2026-12-01T15:59:59Z')).toBe('BH-20261201-0001')
    expect(await put('2026-12-01T15:59:59.5Z')).toBe('BH-20261201-0002')
    expect(await put('2026-12-01T16:00:00Z')).toBe('BH-20261202-0001')
    expect(await put('2026-12-02T03:00:00Z')).toBe('BH-20261202-0002')
  })

  it('staff search the queue by 受理编号 (exact or a prefix, any case, trimmed), only within their scope', async () => {
    const a = await submit('resident1', '搜索编号测试')
    const b = await submit('resident3', '搜索编号测试')
    const search = (who: Handle, q: string) => t.db.rpc<Page>('needs_list', { p_q: q, p_limit: 50 }, as(who))
    expect((await search('staff1', a.refNo)).items.map((x) => x.id)).toEqual([a.id])
    expect((await search('staff1', `  ${a.refNo.toLowerCase()} `)).items.map((x) => x.id)).toEqual([a.id])
    const prefix = a.refNo.split('-').slice(0, 2).join('-')
    const byDay = await search('staff1', prefix.toLowerCase())
    expect(byDay.items.map((x) => x.id)).toContain(a.id)
    expect(byDay.items.every((x) => x.refNo.startsWith(prefix))).toBe(true)
    // shorter than a day (HP-2026, a year of needs) is not a number search: it is looked for in titles
    expect((await search('staff1', a.refNo.slice(0, 7))).items).toEqual([])
    // another community's number finds nothing
    expect((await search('staff1', b.refNo)).items).toEqual([])
    expect((await search('staff2', b.refNo)).items.map((x) => x.id)).toEqual([b.id])
    // the grid worker: their grid only (A1 is grid1's)
    expect((await search('grid1', a.refNo)).items.map((x) => x.id)).toEqual([a.id])
    expect((await search('grid1', b.refNo)).items).toEqual([])
    // a piece of the title; LIKE wildcards are plain text
    expect((await search('staff1', '搜索编号')).items.map((x) => x.id)).toContain(a.id)
    expect((await search('staff1', '%')).items).toEqual([])
    expect((await failure(search('staff1', 'x'.repeat(41)))).field).toBe('q')
    // a resident has no queue
    expect((await failure(search('resident1', a.refNo))).code).toBe('auth.forbidden')
  })
})

// Real server only: PGlite serialises transactions and would prove nothing here.
describe('受理编号 under concurrency on a real Postgres', () => {
  it('40 parallel submissions in one community get 40 distinct numbers in sequence, without gaps', async () => {
    const { url, gateway: db } = await postgresDatabase('needrefs')
    try {
      const who = ['resident1', 'resident2', 'party1', 'talent1'] as const
      const made = await Promise.all(Array.from({ length: 40 }, (_, i) =>
        db.rpc<NeedDetail>('need_create', {
          p_title: `并发编号 ${i}`, p_description: '并发测试：很多人同时提交需求。', p_category: 'other',
        }, as(who[i % who.length]))))
      const refs = made.map((n) => n.refNo)
      expect(new Set(refs).size).toBe(40)
      const { default: postgres } = await import('postgres')
      const sql = postgres(url, { max: 1, onnotice: () => {} })
      // the seed's needs of today (if any) came first: the 40 follow them without a gap
      const [{ before }] = await sql<{ before: number }[]>`select count(*)::int as before from public.needs
        where community_id = ${IDS.communityA} and not (id = any(${made.map((n) => n.id)}))
          and (created_at at time zone 'Asia/Shanghai')::date = (now() at time zone 'Asia/Shanghai')::date`
      await sql.end()
      const seqs = refs.map((r) => Number(r.split('-')[2])).sort((x, y) => x - y)
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => before + i + 1))
      expect(new Set(refs.map((r) => r.split('-').slice(0, 2).join('-'))).size).toBe(1)
    } finally {
      await db.close()
    }
  })
})
