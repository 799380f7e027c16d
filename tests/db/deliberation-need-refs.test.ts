import { beforeAll, describe, expect, it } from 'vitest'
import type { Meeting, Motion, Resolution, Topic } from '../../core/contracts/deliberation'
import { ADAPTERS, IDS, as, failure, useTestDb } from '../helpers/db'

/**
 * Issue 15, one story per need: a topic staff made from a need, the meetings that carry it and the resolution voted
 * on it name the need by its 受理编号 (needRefNo), and say whether the reader may open the need (needVisible).
 */

const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
type MeetingDetail = Meeting & { motions: Motion[] }
type Page<T> = { items: T[]; nextCursor: string | null }

describe.each(ADAPTERS)('deliberation names its need by 受理编号 on %s', (kind) => {
  const t = useTestDb(kind, 'deliberation_need_refs')
  let needId = ''
  let refNo = ''
  let topic: Topic
  let plain: Topic
  let meetingId = ''
  let resolutionId = ''

  beforeAll(async () => {
    // resident1 raises a need; staff1 triages it as 大家事 and turns it into a topic
    const n = await t.db.rpc<{ id: string }>('need_create', { p_title: '小区路灯不亮', p_description: '3 号楼到 5 号楼之间的路灯坏了很久。', p_category: 'facility_repair' }, as('resident1'))
    needId = n.id
    await t.db.rpc('need_triage', { p_id: needId, p_track: 'shared', p_severity: 'general' }, as('staff1'))
    ;[{ ref_no: refNo }] = await t.sql<{ ref_no: string }>('select ref_no from public.needs where id = $1', [needId])
    topic = await t.db.rpc<Topic>('topic_create', { p_title: '路灯怎么修、谁来出钱', p_need_id: needId }, as('staff1'))
    plain = await t.db.rpc<Topic>('topic_create', { p_title: '楼下能不能种点花', p_description: '' }, as('resident2'))
  })

  it('the topic made from a need carries its 受理编号; a topic of a resident carries none', async () => {
    expect(refNo).toMatch(/^[A-Z][A-Z0-9]{1,7}-\d{8}-\d{4,}$/)
    expect(topic).toMatchObject({ needId, needRefNo: refNo, needVisible: true })
    expect(plain).toMatchObject({ needId: null, needRefNo: null, needVisible: false })
  })

  it('topics_list: every member reads the number; only those who may open the need get needVisible', async () => {
    const find = async (handle: 'resident1' | 'resident2' | 'staff1' | 'grid1') =>
      (await t.db.rpc<Page<Topic>>('topics_list', {}, as(handle))).items.find((x) => x.id === topic.id)
    // the owner of the need and staff open it; a neighbour reads the number only
    expect(await find('resident1')).toMatchObject({ needRefNo: refNo, needVisible: true })
    expect(await find('staff1')).toMatchObject({ needRefNo: refNo, needVisible: true })
    expect(await find('resident2')).toMatchObject({ needRefNo: refNo, needVisible: false })
    const other = (await t.db.rpc<Page<Topic>>('topics_list', {}, as('resident2'))).items.find((x) => x.id === plain.id)
    expect(other).toMatchObject({ needRefNo: null, needVisible: false })
    // another community's member sees neither the topic nor its number
    const b = await t.db.rpc<Page<Topic>>('topics_list', { p_community_id: IDS.communityA }, as('resident3'))
    expect(b.items.map((x) => x.id)).not.toContain(topic.id)
    expect(JSON.stringify(b)).not.toContain(refNo)
  })

  it('a follower of the need may open it from the topic', async () => {
    await t.db.rpc('need_follow', { p_id: needId }, as('resident2')).catch(() => undefined)
    const followed = (await t.sql<{ n: number }>('select count(*)::int as n from public.need_followers where need_id = $1 and profile_id = $2', [needId, IDS.resident2]))[0].n
    const seen = (await t.db.rpc<Page<Topic>>('topics_list', {}, as('resident2'))).items.find((x) => x.id === topic.id)
    expect(seen?.needVisible).toBe(followed > 0)
    if (followed > 0) await t.sql('delete from public.need_followers where need_id = $1 and profile_id = $2', [needId, IDS.resident2])
  })

  it('a meeting carries the number on its agenda, in the list and in the detail', async () => {
    const m = await t.db.rpc<MeetingDetail>('meeting_create', {
      p_title: '路灯议事会', p_form: 'street_side', p_starts_at: iso(60), p_place: '社区议事厅', p_capacity: 10, p_topic_ids: [topic.id],
    }, as('staff1'))
    meetingId = m.id
    expect(m.agenda[0]).toMatchObject({ id: topic.id, needRefNo: refNo, needVisible: true })
    const detail = await t.db.rpc<MeetingDetail>('meeting_get', { p_id: meetingId }, as('resident2'))
    expect(detail.agenda[0]).toMatchObject({ needRefNo: refNo, needVisible: false })
    const list = await t.db.rpc<Page<Meeting>>('meetings_list', {}, as('resident1'))
    expect(list.items.find((x) => x.id === meetingId)?.agenda[0]).toMatchObject({ needRefNo: refNo, needVisible: true })
    // another community: the meeting itself is refused
    expect((await failure(t.db.rpc('meeting_get', { p_id: meetingId }, as('resident3')))).code).toBe('meeting.not_found')
  })

  it('the resolution voted on it carries the number; another community is refused', async () => {
    const motion = await t.db.rpc<Motion>('motion_create', {
      p_meeting_id: meetingId, p_title: '同意由物业出资修路灯', p_options: ['同意', '反对'], p_voters: 'residents', p_quorum: 1, p_threshold: 'majority',
    }, as('staff1'))
    await t.db.rpc('motion_vote', { p_id: motion.id, p_option_id: motion.options[0].id }, as('resident2'))
    const closed = await t.db.rpc<Motion>('motion_close', { p_id: motion.id }, as('staff1'))
    resolutionId = closed.resolutionId!
    expect(resolutionId).toBeTruthy()
    expect(await t.db.rpc<Resolution>('resolution_get', { p_id: resolutionId }, as('resident1'))).toMatchObject({ needId, needRefNo: refNo, needVisible: true })
    expect(await t.db.rpc<Resolution>('resolution_get', { p_id: resolutionId }, as('resident2'))).toMatchObject({ needId, needRefNo: refNo, needVisible: false })
    expect((await failure(t.db.rpc('resolution_get', { p_id: resolutionId }, as('resident3')))).code).toBe('resolution.not_found')
  })

  it('the helper answers only for needs a topic of the caller\'s communities came from, and anon may not call it', async () => {
    const [{ anon, auth }] = await t.sql<{ anon: boolean; auth: boolean }>(
      `select has_function_privilege('anon', 'app.delib_need_refs(uuid[])', 'execute') as anon,
              has_function_privilege('authenticated', 'app.delib_need_refs(uuid[])', 'execute') as auth`,
    )
    expect({ anon, auth }).toEqual({ anon: false, auth: true })
    // a need no topic came from has no number here, even for its owner's id
    const n2 = await t.db.rpc<{ id: string }>('need_create', { p_title: '楼道灯坏了', p_description: '2 单元 3 楼的楼道灯不亮。', p_category: 'facility_repair' }, as('resident1'))
    const asUser = async (handle: 'resident1' | 'resident3', ids: string[]) => {
      const claims = JSON.stringify({ role: 'authenticated', sub: IDS[handle], aud: 'authenticated' })
      const rows = await t.sql<{ ids: string[] }>(
        `select coalesce(array_agg(x.id::text order by x.id), '{}') as ids from (
           select set_config('request.jwt.claims', $1, true) as c) s,
           lateral app.delib_need_refs(case when s.c is not null then $2::uuid[] end) x`,
        [claims, ids],
      )
      return rows[0].ids
    }
    expect(await asUser('resident1', [needId, n2.id])).toEqual([needId])
    expect(await asUser('resident3', [needId, n2.id])).toEqual([])
  })
})
