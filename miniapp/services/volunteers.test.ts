import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COMMUNITY_A, ME_ID, POST_ID, REG_ID, SHIFT_ID, SLOT_ID, WHISTLE_ID, bands, inMinutes, me, post, registration, shift, whistle } from '../packageVolunteers/testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import {
  cancelShift,
  checkIn,
  checkOut,
  claimSlot,
  confirmShift,
  createPost,
  createWhistle,
  downloadCsv,
  getPost,
  listPosts,
  listShifts,
  listVolunteers,
  listWhistles,
  parseCsv,
  participation,
  photoUrl,
  recommendTalent,
  registerVolunteer,
  requestShiftClose,
  resolveShiftClose,
  respondWhistle,
  reviewVolunteer,
  uploadPhoto,
  volunteerMe,
  volunteerReport,
} from './volunteers'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

describe('services/volunteers', () => {
  it('registerVolunteer checks the contract first: a party member needs a work unit', async () => {
    await expect(registerVolunteer({ kind: 'party_member', workUnit: '' })).rejects.toMatchObject({ status: 400, field: 'workUnit', message: '在职党员请填写工作单位' })
    await expect(registerVolunteer({ kind: 'talent', skills: [] })).rejects.toMatchObject({ field: 'skills' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(registration(), 201)
    await registerVolunteer({ kind: 'party_member', workUnit: '市第一医院', skills: ['健康咨询'] })
    expect(sent()).toMatchObject({ url: '/api/volunteers/register', method: 'POST', data: { kind: 'party_member', workUnit: '市第一医院', skills: ['健康咨询'] } })
  })

  it('reviewVolunteer puts the id in the path and needs a reason to reject', async () => {
    await expect(reviewVolunteer({ id: REG_ID, approve: false })).rejects.toMatchObject({ field: 'reason' })
    ok(registration({ status: 'approved' }))
    await reviewVolunteer({ id: REG_ID, approve: true })
    expect(sent()).toMatchObject({ url: `/api/volunteers/${REG_ID}/review`, method: 'POST', data: { approve: true } })
  })

  it('listVolunteers sends only the filters that are set', async () => {
    const reg = registration()
    ok({ items: [reg], nextCursor: 'c1' })
    expect(await listVolunteers({ status: 'pending', skill: '  维修 ' })).toEqual({ items: [reg], nextCursor: 'c1' })
    expect(sent()).toMatchObject({ url: `/api/volunteers?status=pending&skill=${encodeURIComponent('维修')}`, method: 'GET' })
    expect(sent().url).not.toContain('cursor')
    await listVolunteers({ status: 'pending' }, 'c1')
    expect(sent(1)).toMatchObject({ url: '/api/volunteers?status=pending&cursor=c1' })
    await expect(listVolunteers({}, 'a b')).rejects.toMatchObject({ status: 400, field: 'cursor' })
    ok({ items: [registration()] })
    await expect(listVolunteers()).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('posts: list with a category, create validated, claim by slot', async () => {
    ok({ items: [post()], nextCursor: null })
    expect((await listPosts({ category: 'health_clinic' })).items).toHaveLength(1)
    expect(sent()).toMatchObject({ url: '/api/posts?category=health_clinic' })
    await listPosts({ category: 'health_clinic' }, 'c1')
    expect(sent(1)).toMatchObject({ url: '/api/posts?category=health_clinic&cursor=c1' })
    Taro.request.mockClear()

    await expect(createPost({ title: '义诊', category: 'health_clinic', lat: 32, lng: 118, radiusM: 5, beanRatePerHour: 10, slots: [] }))
      .rejects.toMatchObject({ status: 400 })
    expect(Taro.request).not.toHaveBeenCalled()

    ok(shift(), 201)
    await claimSlot(POST_ID, SLOT_ID)
    expect(sent()).toMatchObject({ url: `/api/posts/${POST_ID}/claim`, method: 'POST', data: { slotId: SLOT_ID } })
  })

  it('shifts: scope, cancel, check-in/out with the position, confirm', async () => {
    ok({ items: [shift()], nextCursor: null })
    await listShifts('to_confirm')
    expect(sent()).toMatchObject({ url: '/api/shifts?scope=to_confirm' })
    await listShifts('mine', 'c1')
    expect(sent(1)).toMatchObject({ url: '/api/shifts?scope=mine&cursor=c1' })

    for (const [call, url, data] of [
      [() => cancelShift(SHIFT_ID), `/api/shifts/${SHIFT_ID}/cancel`, {}],
      [() => checkIn(SHIFT_ID, { lat: 32.04, lng: 118.78 }), `/api/shifts/${SHIFT_ID}/check-in`, { lat: 32.04, lng: 118.78 }],
      [() => checkOut({ id: SHIFT_ID, lat: 32.04, lng: 118.78, notes: '量血压', photos: ['shifts/a/b.png'] }), `/api/shifts/${SHIFT_ID}/check-out`, { lat: 32.04, lng: 118.78, notes: '量血压', photos: ['shifts/a/b.png'] }],
      [() => confirmShift({ id: SHIFT_ID, approve: true }), `/api/shifts/${SHIFT_ID}/confirm`, { approve: true }],
    ] as const) {
      Taro.request.mockReset()
      ok(shift())
      await call()
      expect(sent()).toMatchObject({ url, method: 'POST', data })
    }
    await expect(checkOut({ id: SHIFT_ID, lat: 32, lng: 118, photos: ['a', 'b', 'c', 'd'] })).rejects.toMatchObject({ field: 'photos', message: '最多上传 3 张照片' })
    await expect(confirmShift({ id: SHIFT_ID, approve: false, reason: ' ' })).rejects.toMatchObject({ field: 'reason' })
  })

  it('uploadPhoto refuses a type the server does not take', async () => {
    await expect(uploadPhoto({ contentType: 'image/gif' as 'image/png', dataBase64: 'R0lGOD' })).rejects.toMatchObject({ field: 'contentType' })
    ok({ key: 'shifts/x/y.png', url: '/api/files?key=shifts%2Fx%2Fy.png' }, 201)
    expect(await uploadPhoto({ contentType: 'image/png', dataBase64: 'iVBORw0KGgo=' })).toMatchObject({ key: 'shifts/x/y.png' })
    expect(photoUrl('shifts/x/y.png')).toBe('/api/files?key=shifts%2Fx%2Fy.png&token=tok')
  })

  it('the report comes back as text without the BOM, with the token; an error body is still read', async () => {
    ok('\uFEFF工作单位,党员,2025年服务时长（小时）,服务岗位数\n市第一医院,孙先生,1,1\n')
    const text = await volunteerReport(COMMUNITY_A, 2025)
    expect(sent()).toMatchObject({ url: `/api/volunteers/report?communityId=${COMMUNITY_A}&year=2025`, method: 'GET', dataType: 'text' })
    expect(sent().header.Authorization).toBe('Bearer tok')
    expect(text.startsWith('工作单位')).toBe(true)
    expect(parseCsv(text)).toEqual([['工作单位', '党员', '2025年服务时长（小时）', '服务岗位数'], ['市第一医院', '孙先生', '1', '1']])

    Taro.request.mockReset()
    ok(JSON.stringify({ error: { code: 'auth.forbidden', message: '您没有权限进行这个操作' } }), 403)
    await expect(volunteerReport(COMMUNITY_A)).rejects.toMatchObject({ status: 403, message: '您没有权限进行这个操作' })
  })

  it('parseCsv handles quotes, doubled quotes and CRLF', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n1,2,3')).toEqual([['a', 'b,c', 'say "hi"'], ['1', '2', '3']])
  })

  it('listWhistles pages with the cursor', async () => {
    const w = whistle()
    ok({ items: [w], nextCursor: 'c1' })
    expect(await listWhistles()).toEqual({ items: [w], nextCursor: 'c1' })
    expect(sent()).toMatchObject({ url: '/api/whistles', method: 'GET' })
    await listWhistles(COMMUNITY_A, 'c1')
    expect(sent(1)).toMatchObject({ url: `/api/whistles?communityId=${COMMUNITY_A}&cursor=c1` })
  })

  it('respondWhistle posts to the whistle', async () => {
    ok(whistle({ answered: true, responded: 3 }))
    expect((await respondWhistle(WHISTLE_ID)).answered).toBe(true)
    expect(sent()).toMatchObject({ url: `/api/whistles/${WHISTLE_ID}/respond`, method: 'POST' })
  })

  it('recommendTalent needs a reason; volunteerMe and participation read their pages', async () => {
    await expect(recommendTalent({ profileId: ME_ID, reason: '好', skills: ['维修'] })).rejects.toMatchObject({ field: 'reason', message: '推荐理由至少 4 个字' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(registration(), 201)
    await recommendTalent({ profileId: ME_ID, reason: '家电维修很拿手', skills: ['维修'] })
    expect(sent()).toMatchObject({ url: '/api/volunteers/recommend', method: 'POST', data: { profileId: ME_ID, reason: '家电维修很拿手', skills: ['维修'] } })
    ok(me({ hoursThisYear: 5 }))
    expect((await volunteerMe()).hoursThisYear).toBe(5)
    expect(sent(1)).toMatchObject({ url: '/api/volunteers/me', method: 'GET' })
    ok(bands())
    expect((await participation(COMMUNITY_A)).residents).toBe(200)
    expect(sent(2)).toMatchObject({ url: `/api/volunteers/participation?communityId=${COMMUNITY_A}`, method: 'GET' })
    await expect(participation('x')).rejects.toMatchObject({ status: 400, field: 'communityId' })
    expect(Taro.request).toHaveBeenCalledTimes(3)
  })

  it('getPost reads one post by id; a broken id never leaves the phone', async () => {
    ok(post())
    expect((await getPost(POST_ID)).id).toBe(POST_ID)
    expect(sent()).toMatchObject({ url: `/api/posts/${POST_ID}`, method: 'GET' })
    await expect(getPost('../x')).rejects.toMatchObject({ status: 400, field: 'id' })
    expect(Taro.request).toHaveBeenCalledTimes(1)
  })

  it('补签退: the request and the decision put the shift in the path and the rest in the body', async () => {
    await expect(requestShiftClose({ id: SHIFT_ID, minutes: 0, note: '忘记签退' })).rejects.toMatchObject({ field: 'minutes' })
    await expect(resolveShiftClose({ id: SHIFT_ID, approve: false })).rejects.toMatchObject({ field: 'reason', message: '退回时请填写原因' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(shift())
    await requestShiftClose({ id: SHIFT_ID, minutes: 90, note: ' 忘记签退 ' })
    expect(sent()).toMatchObject({ url: `/api/shifts/${SHIFT_ID}/close-request`, method: 'POST', data: { minutes: 90, note: '忘记签退' } })
    await resolveShiftClose({ id: SHIFT_ID, approve: true, minutes: 60 })
    expect(sent(1)).toMatchObject({ url: `/api/shifts/${SHIFT_ID}/close-resolve`, method: 'POST', data: { approve: true, minutes: 60 } })
    expect(sent(1).data).not.toHaveProperty('id')
  })

  it('createWhistle is checked with the contract, then posted', async () => {
    const startsAt = inMinutes(60)
    await expect(createWhistle({ title: '防汛巡查', place: '河堤', startsAt, headcount: 0 })).rejects.toMatchObject({ field: 'headcount', message: '至少需要 1 人' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(whistle(), 201)
    await createWhistle({ title: '防汛巡查', place: '和平河堤', startsAt, headcount: 5 })
    expect(sent()).toMatchObject({ url: '/api/whistles', method: 'POST', data: { title: '防汛巡查', place: '和平河堤', startsAt, headcount: 5 } })
  })

  it('downloadCsv saves a file only on H5', () => {
    expect(downloadCsv('a,b\n', 'report.csv')).toBe(false)
  })
})
