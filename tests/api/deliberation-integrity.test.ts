import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZMeetingDetail, ZMotion, ZResolution } from '../../core/contracts/deliberation'
import { IDS } from '../helpers/db'
import { startTestApi, type TestApi } from '../helpers/api'

// Issue 13 over HTTP: check-in only in the meeting's window with attempt limits (429 + Retry-After), abstention by
// flag, and action items accepted or returned by staff.
const iso = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

describe('deliberation integrity over HTTP', () => {
  let api: TestApi
  const t: Record<string, string> = {}
  beforeAll(async () => {
    api = await startTestApi('deliberation_integrity_api')
    for (const h of ['resident1', 'resident2', 'staff1', 'grid1']) t[h] = await api.login(h)
  })
  afterAll(async () => {
    await api?.close()
  })

  async function meeting(startsIn: number, body: Record<string, unknown> = {}) {
    const r = await api.call('POST', '/api/meetings', { token: t.staff1, body: { title: '车棚议事会', form: 'street_side', startsAt: iso(startsIn), place: '3号楼下', capacity: 20, ...body } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const m = ZMeetingDetail.parse(r.body)
    for (const h of ['resident1', 'resident2']) expect((await api.call('POST', `/api/meetings/${m.id}/register`, { token: t[h] })).status).toBe(200)
    return m
  }

  it('a meeting has endsAt (two hours by default, or as asked); an end before the start is a 400 naming endsAt', async () => {
    const m = await meeting(120)
    expect(Date.parse(m.endsAt) - Date.parse(m.startsAt)).toBe(2 * 3600_000)
    const bad = await api.call('POST', '/api/meetings', { token: t.staff1, body: { title: '议事会', form: 'online', startsAt: iso(120), endsAt: iso(60), place: '线上', capacity: 5 } })
    expect([bad.status, bad.body.error.field, bad.body.error.code]).toEqual([400, 'endsAt', 'meeting.ends_invalid'])
    const endsAt = new Date(Date.parse(m.startsAt) + 90 * 60_000).toISOString()
    const patched = await api.call('PATCH', `/api/meetings/${m.id}`, { token: t.staff1, body: { endsAt } })
    expect(patched.status).toBe(200)
    expect(Date.parse(patched.body.endsAt) - Date.parse(patched.body.startsAt)).toBe(90 * 60_000)
  })

  it('check-in a week early is refused with 409 even with the right code', async () => {
    const m = await meeting(7 * 24 * 60)
    const r = await api.call('POST', `/api/meetings/${m.id}/check-in`, { token: t.resident1, body: { code: m.checkInCode } })
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({ code: 'meeting.check_in_closed', message: '签到时间为会议开始前 30 分钟至会议结束' })
  })

  it('wrong codes: 400 naming the code with the tries left, then 429 with Retry-After, even for the right code', async () => {
    const m = await meeting(10)
    const wrong = m.checkInCode === '000000' ? '111111' : '000000'
    for (let left = 4; left >= 1; left--) {
      const r = await api.call('POST', `/api/meetings/${m.id}/check-in`, { token: t.resident1, body: { code: wrong } })
      expect(r.status).toBe(400)
      expect(r.body.error).toMatchObject({ code: 'meeting.check_in_code_invalid', field: 'code' })
      expect(r.body.error.message).toContain(`还可再试 ${left} 次`)
    }
    const fifth = await api.call('POST', `/api/meetings/${m.id}/check-in`, { token: t.resident1, body: { code: wrong } })
    expect(fifth.status).toBe(429)
    expect(Number(fifth.headers.get('retry-after'))).toBe(600)
    const right = await api.call('POST', `/api/meetings/${m.id}/check-in`, { token: t.resident1, body: { code: m.checkInCode } })
    expect(right.status).toBe(429)
    expect(right.body.error.code).toBe('attempt.too_many')
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(590)
    expect((await api.call('POST', `/api/meetings/${m.id}/check-in`, { token: t.resident2, body: { code: m.checkInCode } })).body.checkedIn).toBe(true)
  })

  it('abstention by flag: the default 弃权 is flagged; a renamed abstention is not counted toward the threshold', async () => {
    const m = await meeting(10)
    const byDefault = ZMotion.parse((await api.call('POST', `/api/meetings/${m.id}/motions`, { token: t.staff1, body: { title: '是否改造车棚', voters: 'residents', quorum: 1, threshold: 'majority' } })).body)
    expect(byDefault.options.map((o) => [o.label, o.abstain])).toEqual([['同意', false], ['反对', false], ['弃权', true]])
    const created = await api.call('POST', `/api/meetings/${m.id}/motions`, {
      token: t.staff1, body: { title: '是否加装路灯', options: ['同意', '反对', { label: '不表态', abstain: true }], voters: 'residents', quorum: 1, threshold: 'majority' },
    })
    expect(created.status).toBe(201)
    const motion = ZMotion.parse(created.body)
    await api.call('POST', `/api/motions/${motion.id}/vote`, { token: t.resident1, body: { optionId: motion.options[0].id } })
    await api.call('POST', `/api/motions/${motion.id}/vote`, { token: t.resident2, body: { optionId: motion.options[2].id } })
    const closed = ZMotion.parse((await api.call('POST', `/api/motions/${motion.id}/close`, { token: t.staff1 })).body)
    expect(closed.tally).toMatchObject({ cast: 2, counted: 1, yes: 1 })
    expect(closed.result).toBe('passed')
    const first = await api.call('POST', `/api/meetings/${m.id}/motions`, {
      token: t.staff1, body: { title: '是否加装路灯', options: [{ label: '弃权', abstain: true }, '同意'], voters: 'residents', quorum: 1, threshold: 'majority' },
    })
    expect([first.status, first.body.error.field]).toEqual([400, 'options'])
  })

  it('an action item: the owner reports, staff return it with a reason, then accept; only staff may', async () => {
    const m = await meeting(10)
    const motion = ZMotion.parse((await api.call('POST', `/api/meetings/${m.id}/motions`, { token: t.staff1, body: { title: '修缮凉亭', options: ['同意', '反对'], voters: 'residents', quorum: 1, threshold: 'majority' } })).body)
    await api.call('POST', `/api/motions/${motion.id}/vote`, { token: t.resident1, body: { optionId: motion.options[0].id } })
    const rid = ZMotion.parse((await api.call('POST', `/api/motions/${motion.id}/close`, { token: t.staff1 })).body).resolutionId!
    const action = ZResolution.parse((await api.call('POST', `/api/resolutions/${rid}/actions`, { token: t.staff1, body: { title: '更换凉亭顶棚', ownerId: IDS.grid1, dueAt: iso(60 * 24 * 7) } })).body).actions[0]

    expect((await api.call('POST', `/api/actions/${action.id}/accept`, { token: t.staff1 })).status).toBe(409)
    const reported = ZResolution.parse((await api.call('POST', `/api/actions/${action.id}/progress`, { token: t.grid1, body: { note: '顶棚已换好', percent: 100 } })).body)
    expect(reported.status).toBe('in_progress')
    expect(reported.actions[0]).toMatchObject({ status: 'reported', doneAt: null })

    expect((await api.call('POST', `/api/actions/${action.id}/accept`, { token: t.grid1 })).status).toBe(403)
    expect((await api.call('POST', `/api/actions/${action.id}/return`, { token: t.resident1, body: { reason: '我觉得不行' } })).status).toBe(403)
    const noReason = await api.call('POST', `/api/actions/${action.id}/return`, { token: t.staff1, body: { reason: ' ' } })
    expect([noReason.status, noReason.body.error.field]).toEqual([400, 'reason'])
    const returned = await api.call('POST', `/api/actions/${action.id}/return`, { token: t.staff1, body: { reason: '一角漏雨，修好再报' } })
    expect(returned.status).toBe(200)
    expect(ZResolution.parse(returned.body).actions[0]).toMatchObject({ status: 'in_progress', returnReason: '一角漏雨，修好再报' })
    const seen = ZResolution.parse((await api.call('GET', `/api/resolutions/${rid}`, { token: t.grid1 })).body)
    expect(seen.actions[0].returnReason).toBe('一角漏雨，修好再报')

    await api.call('POST', `/api/actions/${action.id}/progress`, { token: t.grid1, body: { note: '漏雨处已修补', percent: 100 } })
    const accepted = await api.call('POST', `/api/actions/${action.id}/accept`, { token: t.staff1 })
    expect(accepted.status).toBe(200)
    expect(ZResolution.parse(accepted.body)).toMatchObject({ status: 'completed' })
    expect(accepted.body.actions[0].status).toBe('done')
    expect((await api.call('POST', `/api/actions/${action.id}/progress`, { token: t.grid1, body: { note: '再报', percent: 100 } })).status).toBe(409)
  })
})
