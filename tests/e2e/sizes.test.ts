import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { IDS } from '../helpers/db'
import { H5, SHOTS as OUT, SMALL_PHONE } from '../helpers/browser'
import { submitNeedForm, triageNeed, useH5App } from '../helpers/flows'
import { auditPage, describeFindings, waitForContent, type AuditResult, type AuditThresholds } from '../helpers/audit'

// Issue 15: the size audit. Every page of miniapp/app.config.ts, as the person who uses it, with real records,
// at 375 px in the H5 build, in the standard display and in 长辈版: no visible text under 15 px (20 px in 长辈版),
// no tap target under 44 px (56 px). Then the resident's journey in 长辈版: submit a need → 我的需求 → detail →
// rate it once staff resolved it (with a note), nothing under 20 px on the way.
// Writes test-results/sizes.json and prints the smallest sizes per mode. Needs an H5 build (H5_DIR).
const ROOT = path.resolve(__dirname, '../..')
// SIZES_SHOTS=1: a 375 px screenshot of every page in both modes into test-results/sizes/
const SHOTS = process.env.SIZES_SHOTS ? path.join(OUT, 'sizes') : ''
// SIZES_DUMP=1: every text and tap target measured goes into sizes.json (else only the smallest and the breaches)
const DUMP = Boolean(process.env.SIZES_DUMP)

type Mode = 'standard' | 'elder'
const MODES: Mode[] = ['standard', 'elder']
const THRESHOLDS: Record<Mode, AuditThresholds> = { standard: { font: 15, tap: 44 }, elder: { font: 20, tap: 56 } }
const MODE_LABEL: Record<Mode, string> = { standard: '标准', elder: '长辈版' }

type Handle = 'anonymous' | 'newcomer' | 'resident1' | 'staff1' | 'unit1' | 'party1' | 'admin1'

interface Ids {
  needOpen: string
  needTriaged: string
  project: string
  post: string
  meeting: string
  resolution: string
  announcement: string
  invitation: string
}

/** A page of app.config.ts, the person who uses it and the query that gives it a real record. */
interface PageSpec {
  route: string
  user: Handle
  query?: (ids: Ids) => string
  /** words the page shows once its record or list has loaded (proof it is measured with content) */
  shows?: string
}

const A = IDS.communityA
const PAGES: PageSpec[] = [
  // main package
  { route: 'pages/login/index', user: 'anonymous' },
  { route: 'pages/index/index', user: 'resident1' },
  { route: 'pages/index/index', user: 'staff1' },
  { route: 'pages/index/index', user: 'admin1' },
  { route: 'pages/needs/index', user: 'resident1', shows: '2号楼下水管道堵塞' },
  { route: 'pages/services/index', user: 'unit1', shows: '2号楼下水管道堵塞' },
  { route: 'pages/deliberation/index', user: 'resident1', shows: '东门加装电动车充电桩' },
  { route: 'pages/mine/index', user: 'resident1' },
  // packageNeeds
  { route: 'packageNeeds/pages/create/index', user: 'resident1' },
  { route: 'packageNeeds/pages/detail/index', user: 'resident1', query: (i) => `id=${i.needOpen}`, shows: '3号楼单元门禁刷卡没反应' },
  { route: 'packageNeeds/pages/triage/index', user: 'staff1', query: (i) => `id=${i.needOpen}`, shows: '3号楼单元门禁刷卡没反应' },
  { route: 'packageNeeds/pages/queue/index', user: 'staff1', shows: '3号楼单元门禁刷卡没反应' },
  { route: 'packageNeeds/pages/street-whistles/index', user: 'admin1' },
  // packageServices
  { route: 'packageServices/pages/resource-create/index', user: 'unit1' },
  { route: 'packageServices/pages/claim/index', user: 'unit1', shows: '5单元楼道灯不亮了' },
  { route: 'packageServices/pages/matching/index', user: 'staff1' },
  { route: 'packageServices/pages/detail/index', user: 'unit1', query: (i) => `id=${i.project}`, shows: '2号楼下水管道堵塞' },
  // packageBeans
  { route: 'packageBeans/pages/beans/index', user: 'resident1' },
  { route: 'packageBeans/pages/rewards/index', user: 'resident1', shows: '免费理发一次' },
  { route: 'packageBeans/pages/redemptions/index', user: 'resident1', shows: '免费理发一次' },
  { route: 'packageBeans/pages/verify/index', user: 'unit1' },
  { route: 'packageBeans/pages/credit/index', user: 'resident1' },
  { route: 'packageBeans/pages/award/index', user: 'staff1' },
  { route: 'packageBeans/pages/reward-create/index', user: 'unit1' },
  // packageVolunteers
  { route: 'packageVolunteers/pages/posts/index', user: 'party1', shows: '社区健康义诊' },
  { route: 'packageVolunteers/pages/post-detail/index', user: 'party1', query: (i) => `id=${i.post}`, shows: '社区健康义诊' },
  { route: 'packageVolunteers/pages/shifts/index', user: 'party1', shows: '社区健康义诊' },
  { route: 'packageVolunteers/pages/register/index', user: 'resident1' },
  { route: 'packageVolunteers/pages/review/index', user: 'staff1', shows: '市第一医院' },
  { route: 'packageVolunteers/pages/confirm/index', user: 'staff1' },
  { route: 'packageVolunteers/pages/post-create/index', user: 'staff1' },
  { route: 'packageVolunteers/pages/whistle-create/index', user: 'staff1' },
  // packageDeliberation
  { route: 'packageDeliberation/pages/topic-create/index', user: 'resident1' },
  { route: 'packageDeliberation/pages/meeting-detail/index', user: 'resident1', query: (i) => `id=${i.meeting}`, shows: '东门充电桩议事会' },
  { route: 'packageDeliberation/pages/meeting-create/index', user: 'staff1' },
  { route: 'packageDeliberation/pages/resolution/index', user: 'resident1', query: (i) => `id=${i.resolution}`, shows: '联系供电公司勘察线路' },
  { route: 'packageDeliberation/pages/metrics/index', user: 'staff1' },
  // packageJoin
  { route: 'packageJoin/pages/join/index', user: 'newcomer' },
  { route: 'packageJoin/pages/accept/index', user: 'newcomer', query: (i) => `code=${i.invitation}`, shows: '陈主任' },
  // packageInfo
  { route: 'packageInfo/pages/inbox/index', user: 'resident1', shows: '表决结果' },
  { route: 'packageInfo/pages/announcements/index', user: 'resident1', shows: '本周六停水通知' },
  { route: 'packageInfo/pages/announcement-detail/index', user: 'resident1', query: (i) => `id=${i.announcement}`, shows: '因管道检修' },
  { route: 'packageInfo/pages/announcement-create/index', user: 'staff1', query: () => `communityId=${A}` },
  // packageStats
  { route: 'packageStats/pages/overview/index', user: 'staff1', query: () => `communityId=${A}` },
  // packageAdmin
  { route: 'packageAdmin/pages/index/index', user: 'admin1' },
  { route: 'packageAdmin/pages/community-form/index', user: 'admin1', query: () => `id=${A}` },
  { route: 'packageAdmin/pages/structure/index', user: 'staff1', query: () => `communityId=${A}`, shows: '第一网格' },
  { route: 'packageAdmin/pages/party/index', user: 'staff1', query: () => `communityId=${A}` },
  { route: 'packageAdmin/pages/invitations/index', user: 'staff1', query: () => `communityId=${A}`, shows: '待使用' },
  { route: 'packageAdmin/pages/members/index', user: 'staff1', query: () => `communityId=${A}`, shows: '张阿姨' },
  { route: 'packageAdmin/pages/audit/index', user: 'staff1', query: () => `communityId=${A}` },
  { route: 'packageAdmin/pages/settings/index', user: 'staff1', query: () => `communityId=${A}` },
  { route: 'packageAdmin/pages/qr/index', user: 'staff1', query: () => `communityId=${A}` },
  { route: 'packageAdmin/pages/exports/index', user: 'staff1', query: () => `communityId=${A}` },
]
const USERS: Handle[] = ['anonymous', 'newcomer', 'resident1', 'staff1', 'unit1', 'party1', 'admin1']

/** Every page route of app.config.ts (main package and subpackages), read from the file itself. */
function configuredPages(): string[] {
  const src = readFileSync(path.join(ROOT, 'miniapp/app.config.ts'), 'utf8')
  const main = /pages:\s*\[([^\]]*)\]/.exec(src)![1]
  const routes = [...main.matchAll(/'([^']+)'/g)].map((m) => m[1])
  for (const m of src.matchAll(/root:\s*'([^']+)'[\s\S]*?pages:\s*\[([^\]]*)\]/g)) {
    for (const p of m[2].matchAll(/'([^']+)'/g)) routes.push(`${m[1]}/${p[1]}`)
  }
  return routes
}

interface PageRecord extends Pick<AuditResult, 'minFont' | 'minTap' | 'fontBreaches' | 'tapBreaches' | 'a11yBreaches' | 'layoutWarnings' | 'minFontAt' | 'minTapAt' | 'texts' | 'targets'> {
  page: string
  user: string
  mode: Mode
  url: string
  /** not a size: the page did not settle, showed an error, or sent the person elsewhere */
  problems: string[]
  allFonts?: AuditResult['allFonts']
  allTaps?: AuditResult['allTaps']
}

describe('sizes: every page at 375 px, standard and 长辈版, in the H5 build', () => {
  const h5 = useH5App('e2e_sizes')
  const sessions = new Map<Handle, { token: string; profile: unknown } | null>()
  const ids = {} as Ids
  const records: PageRecord[] = []
  const journey: PageRecord[] = []
  let visit = 0

  beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true })

    for (const h of USERS) {
      if (h === 'anonymous') {
        sessions.set(h, null)
        continue
      }
      const r = await h5.api.call('POST', '/api/auth/dev', { body: { handle: h } })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      sessions.set(h, r.body)
    }
    const tok = (h: Handle) => sessions.get(h)!.token
    const ok = async (p: Promise<{ status: number; body: any }>, status: number) => {
      const r = await p
      expect(r.status, JSON.stringify(r.body)).toBe(status)
      return r.body
    }
    const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
    const needBody = (title: string) => ({ title, description: `${title}，已经好几天了，老人进出很不方便，请社区帮忙看看。`, category: 'facility_repair' })

    // needs: one waiting (detail, triage), one triaged for units to claim, one claimed into a service project
    ids.needOpen = (await ok(h5.api.call('POST', '/api/needs', { token: tok('resident1'), body: needBody('3号楼单元门禁刷卡没反应') }), 201)).id
    ids.needTriaged = (await ok(h5.api.call('POST', '/api/needs', { token: tok('resident1'), body: needBody('5单元楼道灯不亮了') }), 201)).id
    const claimed = (await ok(h5.api.call('POST', '/api/needs', { token: tok('resident1'), body: needBody('2号楼下水管道堵塞') }), 201)).id
    for (const id of [ids.needTriaged, claimed]) {
      await ok(h5.api.call('POST', `/api/needs/${id}/triage`, { token: tok('staff1'), body: { track: 'shared', severity: 'general' } }), 200)
    }
    const resource = await ok(h5.api.call('POST', '/api/resources', {
      token: tok('unit1'),
      body: {
        title: '红星物业楼道维修队', description: '楼道灯、门禁、水电维修', kind: 'social', partnerType: 'property',
        categories: ['facility_repair'], capacity: 5, contactName: '王师傅', contactPhone: '13900000009',
      },
    }), 201)
    ids.project = (await ok(h5.api.call('POST', '/api/services/claim', { token: tok('unit1'), body: { needId: claimed, resourceId: resource.id } }), 201)).id

    // volunteers: a post with a slot party1 holds; a registration waiting for review
    const post = await ok(h5.api.call('POST', '/api/posts', {
      token: tok('staff1'),
      body: {
        title: '社区健康义诊', category: 'health_clinic', description: '社区服务中心一楼大厅，为老人量血压', place: '社区服务中心',
        lat: 39.915, lng: 116.404, radiusM: 200, beanRatePerHour: 12,
        slots: [{ startsAt: iso(60 * 24), endsAt: iso(60 * 26), capacity: 3 }, { startsAt: iso(60 * 48), endsAt: iso(60 * 50), capacity: 3 }],
      },
    }), 201)
    ids.post = post.id
    await ok(h5.api.call('POST', `/api/posts/${post.id}/claim`, { token: tok('party1'), body: { slotId: post.slots[0].id } }), 201)
    await ok(h5.api.call('POST', '/api/volunteers/register', { token: await h5.api.login('resident2'), body: { kind: 'party_member', workUnit: '市第一医院', skills: ['健康咨询'] } }), 201)

    // beans: resident1 has some, a reward to redeem and one redeemed
    await ok(h5.api.call('POST', '/api/beans/award', { token: tok('staff1'), body: { profileId: IDS.resident1, amount: 100, reason: '协助社区搬运防汛物资' } }), 201)
    const reward = await ok(h5.api.call('POST', '/api/rewards', {
      token: tok('unit1'),
      body: { title: '免费理发一次', description: '每周三下午在物业活动室', priceBeans: 30, stock: 5, perPersonLimit: { count: 2, period: 'month' } },
    }), 201)
    await ok(h5.api.call('POST', `/api/rewards/${reward.id}/redeem`, { token: tok('resident1'), headers: { 'Idempotency-Key': 'sizes-redeem-1' } }), 201)

    // deliberation: a topic, a meeting resident1 registered for, a passed motion and its resolution with an action
    await ok(h5.api.call('POST', '/api/topics', { token: tok('resident1'), body: { title: '东门加装电动车充电桩', description: '电动车在楼道充电有火灾隐患，希望在东门集中建充电桩。' } }), 201)
    const meeting = await ok(h5.api.call('POST', '/api/meetings', {
      token: tok('staff1'), body: { title: '东门充电桩议事会', form: 'street_side', startsAt: iso(10), place: '社区党群服务中心二楼', capacity: 20 },
    }), 201)
    ids.meeting = meeting.id
    await ok(h5.api.call('POST', `/api/meetings/${meeting.id}/register`, { token: tok('resident1') }), 200)
    await ok(h5.api.call('POST', `/api/meetings/${meeting.id}/comments`, { token: tok('resident1'), body: { body: '支持，越快越好' } }), 201)
    const motion = await ok(h5.api.call('POST', `/api/meetings/${meeting.id}/motions`, {
      token: tok('staff1'), body: { title: '同意在东门加装 6 个充电桩', options: ['同意', '反对', '弃权'], voters: 'residents', quorum: 1, threshold: 'majority' },
    }), 201)
    await ok(h5.api.call('POST', `/api/motions/${motion.id}/vote`, { token: tok('resident1'), body: { optionId: motion.options[0].id } }), 200)
    ids.resolution = (await ok(h5.api.call('POST', `/api/motions/${motion.id}/close`, { token: tok('staff1') }), 200)).resolutionId
    await ok(h5.api.call('POST', `/api/resolutions/${ids.resolution}/actions`, {
      token: tok('staff1'), body: { title: '联系供电公司勘察线路', ownerId: IDS.grid1, dueAt: iso(60 * 24 * 7) },
    }), 201)

    // information: a notice for the community; an invitation for the newcomer
    ids.announcement = (await ok(h5.api.call('POST', '/api/announcements', {
      token: tok('staff1'), body: { scope: 'community', communityId: A, title: '本周六停水通知', body: '因管道检修，本周六 8:00-12:00 停水，请提前储水。', pinned: true },
    }), 201)).id
    ids.invitation = (await ok(h5.api.call('POST', '/api/admin/invitations', { token: tok('staff1'), body: { communityId: A, role: 'staff' } }), 201)).code
  })

  // runs before useH5App's afterAll closes the browser and the API
  afterAll(async () => {
    if (records.length === 0 && journey.length === 0) return
    const summary: Record<string, unknown> = {}
    const lines: string[] = ['', 'sizes (CSS px at 375 px):']
    for (const mode of MODES) {
      const rs = records.filter((r) => r.mode === mode)
      if (!rs.length) continue
      const font = rs.reduce((a, b) => (b.minFont < a.minFont ? b : a))
      const tap = rs.reduce((a, b) => (b.minTap < a.minTap ? b : a))
      const breaches = rs.reduce((n, r) => n + r.fontBreaches.length + r.tapBreaches.length + r.a11yBreaches.length, 0)
      summary[mode] = {
        pages: rs.length, breaches, thresholds: THRESHOLDS[mode],
        minFont: { size: font.minFont, page: font.page, user: font.user, at: font.minFontAt },
        minTap: { size: tap.minTap, page: tap.page, user: tap.user, at: tap.minTapAt },
      }
      lines.push(
        `  ${MODE_LABEL[mode].padEnd(4)} pages ${String(rs.length).padStart(3)}  min font ${String(font.minFont).padStart(5)} (${font.page}: ${font.minFontAt?.where})` +
          `  min tap ${String(tap.minTap).padStart(5)} (${tap.page}: ${tap.minTapAt?.where})  breaches ${breaches}`,
      )
    }
    lines.push('', `  ${'page'.padEnd(48)} ${'user'.padEnd(10)} ${'font std'.padStart(8)} ${'tap std'.padStart(8)} ${'font eld'.padStart(8)} ${'tap eld'.padStart(8)}`)
    for (const spec of PAGES) {
      const std = records.find((r) => r.page === spec.route && r.user === spec.user && r.mode === 'standard')
      const eld = records.find((r) => r.page === spec.route && r.user === spec.user && r.mode === 'elder')
      const cell = (r: PageRecord | undefined, k: 'minFont' | 'minTap', mode: Mode) => {
        if (!r) return '-'.padStart(8)
        const v = r[k]
        const bad = v < THRESHOLDS[mode][k === 'minFont' ? 'font' : 'tap'] - 0.05
        return `${Number.isFinite(v) ? v : '—'}${bad ? '!' : ' '}`.padStart(8)
      }
      lines.push(`  ${spec.route.padEnd(48)} ${spec.user.padEnd(10)} ${cell(std, 'minFont', 'standard')} ${cell(std, 'minTap', 'standard')} ${cell(eld, 'minFont', 'elder')} ${cell(eld, 'minTap', 'elder')}`)
    }
    const warned = [...records, ...journey].filter((r) => r.layoutWarnings?.length)
    if (warned.length) {
      lines.push('', 'layout warnings (not failures): labels that wrap, text past the screen edge')
      for (const r of warned) {
        lines.push(`  ${r.page} (${r.user}, ${MODE_LABEL[r.mode]}):`)
        for (const w of r.layoutWarnings) lines.push(`    ${w.problem}  ${w.where}  "${w.label}"${w.count > 1 ? ` ×${w.count}` : ''}`)
      }
    }
    console.log(lines.join('\n'))
    writeFileSync(
      path.join(OUT, 'sizes.json'),
      JSON.stringify({ h5: path.relative(ROOT, H5), viewport: { width: 375, height: 812 }, thresholds: THRESHOLDS, summary, pages: records, journey }, null, 2),
    )
  })

  async function contextFor(user: Handle, mode: Mode): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await h5.browser.newContext({ ...SMALL_PHONE, locale: 'zh-CN' })
    const session = sessions.get(user) ?? null
    // Taro's storage keeps { data } in localStorage: the session as a login leaves it, and the 长辈版 switch.
    await ctx.addInitScript(
      ({ session, elder }) => {
        if (session) {
          localStorage.setItem('token', JSON.stringify({ data: session.token }))
          localStorage.setItem('profile', JSON.stringify({ data: JSON.stringify(session.profile) }))
        } else {
          localStorage.removeItem('token')
          localStorage.removeItem('profile')
        }
        if (elder) localStorage.setItem('display:elder', JSON.stringify({ data: '1' }))
        else localStorage.removeItem('display:elder')
      },
      { session, elder: mode === 'elder' },
    )
    const page = await ctx.newPage()
    page.on('pageerror', (e) => console.error(`[browser error ${user} ${mode}]`, e.message))
    return { ctx, page }
  }

  /** Opens the page as a fresh document (so every page starts as a person opening it), waits, measures. */
  async function measure(page: Page, route: string, query: string, user: string, mode: Mode, shows?: string): Promise<PageRecord> {
    const url = `/#/${route}${query ? `?${query}` : ''}`
    visit++
    await page.goto(`${h5.api.base}/?v=${visit}${url.slice(1)}`)
    const missing: string[] = []
    if (shows) {
      await page
        .locator('.taro_page_stationed:not(.taro_page_shade)', { hasText: shows })
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => missing.push(`never showed “${shows}”`))
    }
    const rec = await measureHere(page, route, url, user, mode)
    rec.problems.unshift(...missing)
    return rec
  }

  async function measureHere(page: Page, route: string, url: string, user: string, mode: Mode, shot = route): Promise<PageRecord> {
    const problems: string[] = []
    await page.waitForSelector('.taro_page_stationed:not(.taro_page_shade) .page', { timeout: 20_000 }).catch(() => problems.push('no page root (.page) within 20 s'))
    if (!(await waitForContent(page, { timeout: 12_000 }))) problems.push('still loading after 12 s')
    const at = decodeURIComponent(new URL(page.url()).hash)
    if (!at.startsWith(`#/${route}`)) problems.push(`landed on ${at} instead`)
    const errors = await page.locator('.taro_page_stationed:not(.taro_page_shade) .state-error-text').allInnerTexts()
    if (errors.length) problems.push(`error state: ${errors.join(' / ')}`)
    const { allFonts, allTaps, ...r } = await auditPage(page, THRESHOLDS[mode])
    if (r.texts === 0) problems.push('no text measured')
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${shot.replace(/\//g, '_')}-${user}-${mode}.png`) })
    return { page: route, user, mode, url, problems, ...r, ...(DUMP ? { allFonts, allTaps } : {}) }
  }

  const report = (rs: PageRecord[]) =>
    rs
      .filter((r) => r.fontBreaches.length || r.tapBreaches.length || r.a11yBreaches.length || r.problems.length)
      .map((r) => [`${r.page} (${r.user}, ${MODE_LABEL[r.mode]}):`, ...r.problems.map((p) => `  ! ${p}`), ...describeFindings(r).map((l) => `  ${l}`)].join('\n'))
      .join('\n')

  it('the audit itself: finds small text and targets, skips what nobody sees, counts an inner target once', async () => {
    const ctx = await h5.browser.newContext({ viewport: SMALL_PHONE.viewport })
    try {
      const page = await ctx.newPage()
      await page.setContent(`
        <div class="taro_page taro_page_stationed">
          <div class="page">
            <span class="ok" style="font-size:16px">够大</span>
            <span class="small" style="font-size:14px">太小</span>
            <div style="height:2000px"></div>
            <span class="below" style="font-size:13px">在下面</span>
            <span style="font-size:10px;display:none">藏起来</span>
            <div style="visibility:hidden"><span style="font-size:10px">看不见</span></div>
            <div style="opacity:0"><span style="font-size:10px">透明</span></div>
            <span style="font-size:10px;position:absolute;left:-500px">屏幕外</span>
            <div role="button" class="big" style="width:200px;height:50px;font-size:16px">大按钮<span role="button" style="display:inline-block;width:20px;height:20px">内</span></div>
            <div role="radio" class="tiny" style="width:100px;height:40px;font-size:16px">小选项</div>
            <div class="bare" style="width:100px;height:60px;font-size:16px">没角色</div>
            <div role="button" class="icon" style="width:50px;height:50px"></div>
            <div style="width:60px;font-size:16px"><div role="tab" class="wrap" style="width:60px;height:50px">三个字的标签</div></div>
          </div>
        </div>
        <div class="taro_page taro_page_stationed taro_page_shade"><span style="font-size:9px">旧页面</span></div>
        <div class="weui-tabbar"><a class="weui-tabbar__item" style="display:block;width:75px;height:40px;font-size:17px">首页</a></div>`)
      // a Taro View with onClick keeps its handler in __events
      await page.evaluate(() => {
        ;(document.querySelector('.bare') as Element & { __events?: object }).__events = { click: [() => undefined] }
      })
      const r = await auditPage(page, THRESHOLDS.standard)
      expect(r.fontBreaches.map((f) => [f.size, f.text])).toEqual([[13, '在下面'], [14, '太小']])
      expect(r.minFont).toBe(13)
      expect(r.tapBreaches.map((t) => [t.size, t.kind, t.label])).toEqual([[40, 'radio', '小选项'], [40, 'tab', '首页']])
      // the inner 20 px button sits in the 200 × 50 one: a finger hits the outer
      expect(r.allTaps.some((t) => t.size === 20)).toBe(false)
      expect(r.allTaps.find((t) => t.kind === 'no-role')?.size).toBe(60)
      expect(r.a11yBreaches.map((a) => a.problem).sort()).toEqual(['no text and no aria-label', 'tappable without a role'])
      expect(r.layoutWarnings.map((w) => w.label)).toEqual(['三个字的标签'])
    } finally {
      await ctx.close()
    }
  })

  it('the list covers every page of app.config.ts', () => {
    expect([...new Set(PAGES.map((p) => p.route))].sort()).toEqual(configuredPages().sort())
  })

  for (const mode of MODES) {
    for (const user of USERS) {
      const specs = PAGES.filter((p) => p.user === user)
      it(`${MODE_LABEL[mode]}: ${user}'s ${specs.length} page(s) read ≥ ${THRESHOLDS[mode].font} px and tap ≥ ${THRESHOLDS[mode].tap} px`, async () => {
        const { ctx, page } = await contextFor(user, mode)
        const mine: PageRecord[] = []
        try {
          for (const spec of specs) {
            const rec = await measure(page, spec.route, spec.query?.(ids) ?? '', user, mode, spec.shows)
            records.push(rec)
            mine.push(rec)
          }
        } finally {
          await ctx.close()
        }
        expect(report(mine), `size breaches in ${MODE_LABEL[mode]} for ${user}`).toBe('')
      })
    }
  }

  for (const mode of MODES) {
    it(`${MODE_LABEL[mode]}: a confirmation dialog (作废邀请) reads ≥ ${THRESHOLDS[mode].font} px with buttons ≥ ${THRESHOLDS[mode].tap} px`, async () => {
      const { ctx, page } = await contextFor('staff1', mode)
      let rec: PageRecord | undefined
      try {
        visit++
        await page.goto(`${h5.api.base}/?v=${visit}#/packageAdmin/pages/invitations/index?communityId=${A}`)
        await page.locator('.taro_page_stationed:not(.taro_page_shade) .invite-revoke').first().click({ timeout: 20_000 })
        const dialog = page.locator('.taro__modal .taro-modal__content')
        await dialog.waitFor({ timeout: 10_000 })
        // the dialog fades in
        await expect.poll(() => page.locator('.taro__modal').evaluate((el) => getComputedStyle(el).opacity)).toBe('1')
        const { allFonts, allTaps, ...r } = await auditPage(page, THRESHOLDS[mode])
        // the dialog's own words and buttons were found and measured
        expect(allFonts.some((f) => f.where.includes('taro-modal__text')), JSON.stringify(allFonts)).toBe(true)
        expect(allTaps.filter((t) => t.where.includes('taro-model__btn')).length, JSON.stringify(allTaps)).toBe(2)
        const inDialog = (w: string) => /taro-mod(a|e)l__/.test(w)
        rec = {
          ...r, page: 'packageAdmin/pages/invitations/index', user: 'staff1 作废邀请', mode, url: page.url(), problems: [],
          fontBreaches: r.fontBreaches.filter((f) => inDialog(f.where)), tapBreaches: r.tapBreaches.filter((t) => inDialog(t.where)), a11yBreaches: [],
          minFont: Math.min(...allFonts.filter((f) => inDialog(f.where)).map((f) => f.size)),
          minTap: Math.min(...allTaps.filter((t) => inDialog(t.where)).map((t) => t.size)),
        }
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `dialog-staff1-${mode}.png`) })
        await page.locator('.taro__modal .taro-model__cancel').click()
        // nothing was revoked
        const list = await h5.api.call('GET', `/api/admin/invitations?communityId=${A}`, { token: sessions.get('staff1')!.token })
        expect(list.body.items.find((i: { code: string }) => i.code === ids.invitation)?.status, JSON.stringify(list.body)).toBe('pending')
      } finally {
        await ctx.close()
      }
      journey.push(rec!)
      expect(report([rec!]), `dialog sizes in ${MODE_LABEL[mode]}`).toBe('')
    })
  }

  it('长辈版: the resident submits a need, finds it in 我的需求, opens it and rates it once resolved; nothing under 20 px', async () => {
    const mode: Mode = 'elder'
    const { ctx, page } = await contextFor('resident1', mode)
    const v = (sel: string) => page.locator(`.taro_page_stationed:not(.taro_page_shade) ${sel}`)
    const title = '楼下路灯不亮了'
    const step = async (route: string, label: string) => {
      const rec = await measureHere(page, route, new URL(page.url()).hash, `resident1 ${label}`, mode, `journey-${label}`)
      journey.push(rec)
      return rec
    }
    try {
      visit++
      await page.goto(`${h5.api.base}/?v=${visit}#/pages/needs/index`)
      await step('pages/needs/index', '我的需求')
      await v('.needs-new').first().click()
      await page.waitForURL(/packageNeeds\/pages\/create/)
      await step('packageNeeds/pages/create/index', '提交需求')
      // a refused submit shows the errors at 长辈版 size too
      await v('.need-submit').click()
      await v('.field-error-title').waitFor({ timeout: 10_000 })
      await step('packageNeeds/pages/create/index', '提交需求-未填写')
      await submitNeedForm(page, { title, description: '楼下路灯坏了一周，晚上老人出门很危险，请尽快维修。' })
      await step('pages/needs/index', '我的需求-已提交')
      await v('.need-item').filter({ hasText: title }).click()
      await page.waitForURL(/packageNeeds\/pages\/detail/, { timeout: 20_000 })
      await v('.need-detail').waitFor({ timeout: 20_000 })
      await step('packageNeeds/pages/detail/index', '需求详情')

      // staff resolve it through the API, with the result as the note
      const mine = await h5.api.call('GET', '/api/needs/mine', { token: sessions.get('resident1')!.token })
      const need = mine.body.items.find((n: { title: string }) => n.title === title)
      expect(need, JSON.stringify(mine.body)).toBeTruthy()
      const staff = sessions.get('staff1')!.token
      await triageNeed(h5.api, staff, need.id)
      for (const [to, note] of [['in_progress', '已联系物业电工'], ['resolved', '办理结果：已更换路灯灯泡，晚上已经亮了']] as const) {
        const r = await h5.api.call('POST', `/api/needs/${need.id}/transition`, { token: staff, body: { to, note } })
        expect(r.status, JSON.stringify(r.body)).toBe(200)
      }
      await page.reload()
      await v('.rating-submit').waitFor({ timeout: 20_000 })
      await step('packageNeeds/pages/detail/index', '需求详情-待评价')
      await v('.rating-star-5').click()
      await v('.rating-comment textarea').fill('师傅当天就来修好了，谢谢社区！')
      await v('.rating-submit').click()
      await v('.need-rating').waitFor({ timeout: 20_000 })
      await step('packageNeeds/pages/detail/index', '需求详情-已评价')
    } finally {
      await ctx.close()
    }
    const fonts = journey.filter((r) => r.fontBreaches.length || r.problems.length)
    expect(report(fonts.map((r) => ({ ...r, tapBreaches: [], a11yBreaches: [] }))), 'text under 20 px on the resident journey in 长辈版').toBe('')
  })
})
