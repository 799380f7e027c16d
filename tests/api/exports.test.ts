import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPORT_KINDS, type ExportKind } from '../../core/contracts/exports'
import { EXPORT_TABLES } from '../../core/exports/table'
import { startTestApi, type TestApi } from '../helpers/api'
import { IDS } from '../helpers/db'

/**
 * 导出 over real HTTP on a real Postgres: every kind as a CSV Excel opens (BOM, Chinese header), the needs export
 * equal to the needs list, who may export what, and what may never be in a cell (ids, phones in clear, formulas).
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i
const FORMULA_TITLE = '=HYPERLINK("http://x.cn","点我")'
const day = (offsetDays: number) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10)
const FROM = day(-30)
const TO = day(1)

/** RFC 4180 as core/csv.ts writes it: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(cell), (cell = '')
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++
    else cell += c
  }
  return rows
}

describe('exports', () => {
  let api: TestApi
  const t: Record<string, string> = {}

  async function download(kind: string, query: string, token: string) {
    const res = await fetch(`${api.base}/api/exports/${kind}?${query}`, { headers: { Authorization: `Bearer ${token}` } })
    const bytes = Buffer.from(await res.arrayBuffer())
    const text = bytes.toString('utf8')
    return { status: res.status, headers: res.headers, bytes, text, rows: res.status === 200 ? parseCsv(text.replace(/^\ufeff/, '')) : [] }
  }
  const scopeA = `communityId=${IDS.communityA}&from=${FROM}&to=${TO}`
  const scopeStreet = `streetId=${IDS.street}&from=${FROM}&to=${TO}`

  beforeAll(async () => {
    api = await startTestApi('exports_api')
    for (const h of ['resident1', 'resident3', 'staff1', 'staff2', 'admin1', 'party1']) t[h] = await api.login(h)
    const need = async (token: string, title: string, microGridId: string) => {
      const r = await api.call('POST', '/api/needs', {
        token, body: { title, description: '楼道里的灯坏了很久了，晚上看不见路', category: 'facility_repair', microGridId },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body.id as string
    }
    const needA = await need(t.resident1, '三号楼楼道灯不亮', IDS.microA1)
    await need(t.resident1, FORMULA_TITLE, IDS.microA1)
    await need(t.resident3, '七号楼门口积水', IDS.microB1)
    // an award moves beans from A's pool to a resident: two movements
    expect((await api.call('POST', '/api/beans/award', { token: t.staff1, body: { profileId: IDS.resident1, amount: 5, reason: '楼道清扫' } })).status).toBe(201)
    // the rest is arranged directly: a service project, a confirmed shift of a registered party member, a resolution
    await api.sql(
      `with r as (
         insert into public.resources (community_id, publisher_id, title, kind, categories, capacity, contact_name, contact_phone)
         values ($1, $2, '红星物业维修队', 'social', '{facility_repair}', 5, '孙经理', '13900000009') returning id)
       insert into public.service_projects (community_id, need_id, resource_id, origin, created_by, beneficiaries)
       select $1, $3, r.id, 'community_claim', $4, 12 from r`,
      [IDS.communityA, IDS.unit1, needA, IDS.staff1],
    )
    await api.sql(
      `insert into public.volunteer_registrations (profile_id, community_id, kind, status, work_unit)
       values ($1, $2, 'party_member', 'approved', '市税务局')`,
      [IDS.party1, IDS.communityA],
    )
    await api.sql(
      `with p as (
         insert into public.service_posts (community_id, title, category, lat, lng, radius_m, bean_rate_per_hour, created_by)
         values ($1, '政策宣讲岗', 'policy_talk', 32.05, 118.78, 200, 10, $2) returning id),
       s as (
         insert into public.post_slots (post_id, starts_at, ends_at, capacity, claimed)
         select p.id, now() - interval '3 hours', now() - interval '1 hour', 5, 1 from p returning id, post_id, starts_at, ends_at)
       insert into public.shifts (slot_id, post_id, profile_id, status, check_in_at, check_out_at, verified_minutes, confirmed_by, confirmed_at)
       select s.id, s.post_id, $3, 'confirmed', s.starts_at, s.ends_at, 120, $2, now() from s`,
      [IDS.communityA, IDS.staff1, IDS.party1],
    )
    await api.sql(
      `with m as (
         insert into public.meetings (community_id, title, form, starts_at, place, capacity, check_in_code, created_by, status)
         values ($1, '停车难议事会', 'street_side', now() - interval '2 days', '社区广场', 30, '123456', $2, 'held') returning id),
       mo as (
         insert into public.motions (meeting_id, title, voters, quorum, threshold, status, result)
         select m.id, '划定夜间临时停车位', 'attendees', 1, 'majority', 'closed', 'passed' from m returning id, meeting_id),
       r as (
         insert into public.resolutions (motion_id, meeting_id, community_id, title)
         select mo.id, mo.meeting_id, $1, '划定夜间临时停车位' from mo returning id)
       insert into public.resolution_actions (resolution_id, title, owner_id, due_at, percent, done_at)
       select r.id, a.title, $2, now() + interval '7 days', a.percent, a.done_at from r,
         (values ('施划停车线', 100, now()), ('张贴告示', 50, null::timestamptz)) a(title, percent, done_at)`,
      [IDS.communityA, IDS.staff1],
    )
  })
  afterAll(async () => {
    await api?.close()
  })

  const expected: Record<ExportKind, string> = {
    needs: '三号楼楼道灯不亮',
    services: '红星物业维修队',
    volunteer_hours: '市税务局',
    bean_movements: '社区金豆池',
    resolutions: '停车难议事会',
  }

  for (const kind of EXPORT_KINDS) {
    it(`${kind}: a CSV with the BOM, the Chinese header and the rows, named by kind and period`, async () => {
      const r = await download(kind, scopeA, t.staff1)
      expect(r.status, r.text).toBe(200)
      expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/)
      expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(r.rows[0]).toEqual([...EXPORT_TABLES[kind].header])
      expect(r.rows.length).toBeGreaterThan(1)
      expect(r.rows.slice(1).every((row) => row.length === r.rows[0].length)).toBe(true)
      expect(r.text).toContain(expected[kind])
      const cd = r.headers.get('content-disposition') ?? ''
      expect(cd).toContain(`filename="${kind}_${FROM}_${TO}.csv"`)
      expect(decodeURIComponent(cd.split("filename*=UTF-8''")[1] ?? '')).toMatch(new RegExp(`^[\\u4e00-\\u9fff]+_${kind}_${FROM}_${TO}\\.csv$`))
    })
  }

  it('the cells hold labels, Beijing times and numbers', async () => {
    const hours = await download('volunteer_hours', scopeA, t.staff1)
    const h = hours.rows[0]
    const row = hours.rows.find((x) => x[h.indexOf('工作单位')] === '市税务局')!
    expect(row[h.indexOf('姓名')]).toBe('孙先生')
    expect(row[h.indexOf('岗位')]).toBe('政策宣讲岗')
    expect(row[h.indexOf('岗位类别')]).toBe('政策宣讲')
    expect(row[h.indexOf('核定分钟')]).toBe('120')
    expect(row[h.indexOf('签到时间')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)

    const beans = await download('bean_movements', scopeA, t.staff1)
    const b = beans.rows[0]
    const amounts = beans.rows.slice(1).map((x) => [x[b.indexOf('账户')], x[b.indexOf('变动')], x[b.indexOf('类型')]])
    // a negative number stays a number (not defused to '-5)
    expect(amounts).toEqual(expect.arrayContaining([['社区金豆池', '-5', '社区奖励'], ['张阿姨', '5', '社区奖励']]))

    const res = await download('resolutions', scopeA, t.staff1)
    const rh = res.rows[0]
    expect(res.rows[1][rh.indexOf('事项数')]).toBe('2')
    expect(res.rows[1][rh.indexOf('完成数')]).toBe('1')
    expect(res.rows[1][rh.indexOf('状态')]).toBe('落实中')

    const needs = await download('needs', scopeA, t.staff1)
    const nh = needs.rows[0]
    const n = needs.rows.find((x) => x[nh.indexOf('标题')] === '三号楼楼道灯不亮')!
    expect(n[nh.indexOf('类别')]).toBe('设施维修')
    expect(n[nh.indexOf('状态')]).toBe('已提交')
    expect(n[nh.indexOf('微网格')]).not.toBe('')
  })

  it("the needs export has the rows of the needs list for the same community", async () => {
    const list = await api.call('GET', '/api/needs?limit=50', { token: t.staff1 })
    expect(list.status).toBe(200)
    const listed = new Set<string>((list.body.items as { title: string }[]).map((x) => x.title))
    const r = await download('needs', scopeA, t.staff1)
    const col = r.rows[0].indexOf('标题')
    // the export defuses a formula with a leading apostrophe; the list shows the text as typed
    const exported = new Set(r.rows.slice(1).map((x) => x[col].replace(/^'(?=[=+\-@])/, '')))
    expect(exported).toEqual(listed)
    expect(exported.size).toBe(2)
  })

  it('staff export their community; other staff and residents are refused', async () => {
    expect((await download('needs', scopeA, t.staff1)).status).toBe(200)
    const other = await download('needs', scopeA, t.staff2)
    expect(other.status).toBe(403)
    expect(JSON.parse(other.text).error.code).toBe('auth.forbidden')
    expect((await download('needs', scopeA, t.resident1)).status).toBe(403)
    expect((await download('bean_movements', scopeA, t.party1)).status).toBe(403)
  })

  it('a street admin exports one community or the whole street; staff may not export the street', async () => {
    const one = await download('needs', scopeA, t.admin1)
    expect(one.status).toBe(200)
    const street = await download('needs', scopeStreet, t.admin1)
    expect(street.status).toBe(200)
    const h = street.rows[0]
    const titles = street.rows.slice(1).map((x) => x[h.indexOf('标题')])
    expect(titles).toEqual(expect.arrayContaining(['三号楼楼道灯不亮', '七号楼门口积水']))
    expect(new Set(street.rows.slice(1).map((x) => x[h.indexOf('社区')])).size).toBe(2)
    expect((await download('needs', scopeStreet, t.staff1)).status).toBe(403)
    expect((await download('needs', scopeStreet, t.resident3)).status).toBe(403)
  })

  it('no cell holds an id, and a phone number is never in clear', async () => {
    for (const kind of EXPORT_KINDS) {
      const r = await download(kind, scopeStreet, t.admin1)
      expect(r.status).toBe(200)
      for (const row of r.rows) for (const cell of row) expect(cell, `${kind}: ${cell}`).not.toMatch(UUID)
      // seeded phones are 138000000NN, the resource contact 13900000009
      expect(r.text, kind).not.toMatch(/1380000\d{4}|13900000009/)
    }
    const needs = await download('needs', scopeA, t.staff1)
    const h = needs.rows[0]
    const row = needs.rows.find((x) => x[h.indexOf('标题')] === '三号楼楼道灯不亮')!
    expect(row[h.indexOf('联系人')]).toBe('张阿姨')
    expect(row[h.indexOf('联系电话')]).toBe('138****0001')
  })

  it('a cell that would be a formula is defused', async () => {
    const r = await download('needs', scopeA, t.staff1)
    const col = r.rows[0].indexOf('标题')
    const cells = r.rows.slice(1).map((x) => x[col])
    expect(cells).toContain(`'${FORMULA_TITLE}`)
    expect(cells.some((c) => /^[=+\-@]/.test(c))).toBe(false)
    expect(r.text).toContain(`"'=HYPERLINK(""http://x.cn"",""点我"")"`)
  })

  it('malformed input is a 400 naming the field', async () => {
    const cases: [string, string, string][] = [
      ['invoices', scopeA, 'kind'],
      ['needs', `from=${FROM}&to=${TO}`, 'communityId'],
      ['needs', `communityId=${IDS.communityA}&streetId=${IDS.street}&from=${FROM}&to=${TO}`, 'communityId'],
      ['needs', `communityId=not-an-id&from=${FROM}&to=${TO}`, 'communityId'],
      ['needs', `communityId=${IDS.communityA}&from=0000-01-01&to=${TO}`, 'from'],
      ['needs', `communityId=${IDS.communityA}&from=2026-1-1&to=${TO}`, 'from'],
      ['needs', `communityId=${IDS.communityA}&to=${TO}`, 'from'],
      ['needs', `communityId=${IDS.communityA}&from=2026-02-01&to=2026-02-30`, 'to'],
      ['needs', `communityId=${IDS.communityA}&from=2026-02-01&to=2026-01-31`, 'to'],
      ['needs', `communityId=${IDS.communityA}&from=2023-01-01&to=2026-01-01`, 'to'],
      ['needs', `${scopeA}&format=xlsx`, 'format'],
    ]
    for (const [kind, query, field] of cases) {
      const r = await download(kind, query, t.staff1)
      expect(r.status, `${kind}?${query}`).toBe(400)
      const body = JSON.parse(r.text)
      expect(body.error.field, `${kind}?${query}`).toBe(field)
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    // three years less a day is the longest period
    expect((await download('needs', `communityId=${IDS.communityA}&from=2023-01-01&to=2025-12-31`, t.staff1)).status).toBe(200)
  })

  it('the database refuses a bad period or scope even without the contract', async () => {
    const rpc = (args: string) => api.sql(`select set_config('request.jwt.claims', $1, true), public.export_rows(${args})`, [JSON.stringify({ sub: IDS.staff1, role: 'authenticated' })])
    await expect(rpc(`'needs', null, null, '2026-01-01', '2026-01-31'`)).rejects.toThrow('export.scope_required')
    await expect(rpc(`'needs', '${IDS.communityA}', null, '2026-01-31', '2026-01-01'`)).rejects.toThrow('export.period_invalid')
    await expect(rpc(`'needs', '${IDS.communityA}', null, '2023-01-01', '2026-01-01'`)).rejects.toThrow('export.period_too_long')
    await expect(rpc(`'invoices', '${IDS.communityA}', null, '2026-01-01', '2026-01-31'`)).rejects.toThrow('export.kind_invalid')
  })

  it('more than 50,000 rows is refused with 413; a narrower period still works', async () => {
    // 50,001 needs of community B in January 2025, arranged directly
    await api.sql(
      `insert into public.needs (community_id, micro_grid_id, title, description, category, created_by, submitted_by, created_at)
       select $1, $2, '批量需求' || g, '批量导入的测试需求，用于行数上限', 'other', $3, $3, timestamptz '2025-01-15 10:00+08'
       from generate_series(1, 50001) g`,
      [IDS.communityB, IDS.microB1, IDS.resident3],
    )
    const r = await download('needs', `communityId=${IDS.communityB}&from=2025-01-01&to=2025-01-31`, t.staff2)
    expect(r.status).toBe(413)
    expect(JSON.parse(r.text).error.code).toBe('export.too_many_rows')
    expect((await download('needs', `communityId=${IDS.communityB}&from=2025-02-01&to=2025-02-28`, t.staff2)).status).toBe(200)
  }, 60_000)
})
