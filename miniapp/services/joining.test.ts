import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AcceptInvitationResponse, CommunityPublic, InvitationPreview, Profile } from '../../core/contracts'
import { IDS, profile } from '../testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import { getProfile } from './session'
import {
  acceptInvitation,
  bindPhone,
  codeFromScan,
  getInvitation,
  joinCommunity,
  listCommunities,
  listMicroGrids,
  listStreets,
  sceneValue,
  updateMyName,
} from './joining'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

const STREET = '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a31'
const GRID = '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a32'
const COMMUNITY: CommunityPublic = { id: IDS.community, name: '和平社区', code: 'HP01', streetId: STREET, streetName: '和平街道' }
const PREVIEW: InvitationPreview = {
  code: 'ABCD2345', role: 'grid_worker', communityName: '和平社区', streetName: '和平街道', gridName: '第一网格',
  unitName: null, invitedByName: '陈主任', expiresAt: '2030-01-01T00:00:00Z', status: 'pending',
}

describe('services/joining', () => {
  it('listStreets and listMicroGrids validate the response', async () => {
    ok({ items: [{ id: STREET, name: '和平街道', code: 'S01' }] })
    expect(await listStreets()).toEqual([{ id: STREET, name: '和平街道', code: 'S01' }])
    expect(sent()).toMatchObject({ url: '/api/streets', method: 'GET' })
    ok({ items: [{ id: IDS.microGrid, name: '1号楼', gridId: GRID, gridName: '第一网格' }] })
    expect(await listMicroGrids(IDS.community)).toHaveLength(1)
    expect(sent(1).url).toBe(`/api/communities/${IDS.community}/micro-grids`)
    await expect(listMicroGrids('nope')).rejects.toMatchObject({ status: 400, field: 'communityId' })
    expect(Taro.request).toHaveBeenCalledTimes(2)
    ok({ items: [{ id: 'x' }] })
    await expect(listStreets()).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('listCommunities sends only the parameters that are set', async () => {
    ok({ items: [COMMUNITY], nextCursor: null })
    expect((await listCommunities()).items).toEqual([COMMUNITY])
    expect(sent().url).toBe('/api/communities')
    await listCommunities({ q: ' 和平 ', streetId: STREET })
    expect(sent(1).url).toBe(`/api/communities?q=${encodeURIComponent('和平')}&streetId=${STREET}`)
    await listCommunities({ q: '  ', cursor: 'abc' })
    expect(sent(2).url).toBe('/api/communities?cursor=abc')
  })

  it('joinCommunity posts the choice and caches the returned profile', async () => {
    const joined: Profile = profile({ communityName: '和平社区', streetId: STREET, streetName: '和平街道' })
    ok(joined)
    await joinCommunity(IDS.community, IDS.microGrid)
    expect(sent()).toMatchObject({ url: '/api/me/community', method: 'POST', data: { communityId: IDS.community, microGridId: IDS.microGrid } })
    expect(getProfile()).toEqual(joined)
    await joinCommunity(IDS.community)
    expect(sent(1).data).toEqual({ communityId: IDS.community })
  })

  it('bindPhone checks the code, posts it and caches the profile', async () => {
    await expect(bindPhone(' ')).rejects.toMatchObject({ status: 400, field: 'code', message: '缺少手机号授权凭证' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(profile({ phone: '13800000001' }))
    await bindPhone('wx-code-1')
    expect(sent()).toMatchObject({ url: '/api/me/phone', method: 'POST', data: { code: 'wx-code-1' } })
    expect(getProfile()?.phone).toBe('13800000001')
  })

  it('invitations: the code is checked and upper-cased; accepting caches the new profile', async () => {
    await expect(getInvitation('abc')).rejects.toMatchObject({ status: 400, field: 'code', message: '邀请码是 8 位字母和数字' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(PREVIEW)
    expect(await getInvitation(' abcd2345 ')).toEqual(PREVIEW)
    expect(sent()).toMatchObject({ url: '/api/invitations/ABCD2345', method: 'GET' })
    const accepted: AcceptInvitationResponse = {
      role: 'grid_worker', communityId: IDS.community, communityName: '和平社区', unitId: null,
      profile: profile({ roles: ['resident', 'grid_worker'] }),
    }
    ok(accepted)
    await acceptInvitation('abcd2345')
    expect(sent(1)).toMatchObject({ url: '/api/invitations/ABCD2345/accept', method: 'POST' })
    expect(getProfile()?.roles).toEqual(['resident', 'grid_worker'])
  })

  it('updateMyName PATCHes the name and caches the profile', async () => {
    await expect(updateMyName(' ')).rejects.toMatchObject({ status: 400, field: 'displayName' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok(profile({ displayName: '王小明' }))
    await updateMyName('王小明')
    expect(sent()).toMatchObject({ url: '/api/me', method: 'PATCH', data: { displayName: '王小明' } })
    expect(getProfile()?.displayName).toBe('王小明')
  })

  it('a 410 keeps the server\'s Chinese message', async () => {
    ok({ error: { code: 'invitation.expired', message: '邀请已过期' } }, 410)
    await expect(getInvitation('ABCD2345')).rejects.toMatchObject({ status: 410, message: '邀请已过期' })
  })

  it('codeFromScan reads key= from a link or takes a bare code', () => {
    const bare = /^[A-Za-z0-9-]{2,40}$/
    expect(codeFromScan('https://x.cn/join?community=HP01&from=qr', 'community', bare)).toBe('HP01')
    expect(codeFromScan('pages/join?community=%E5%92%8C', 'community', bare)).toBe('和')
    expect(codeFromScan(' HP01 ', 'community', bare)).toBe('HP01')
    expect(codeFromScan('加入社区', 'community', bare)).toBe('')
    expect(codeFromScan('/packageJoin/pages/accept/index?code=ABCD2345', 'code', bare)).toBe('ABCD2345')
    expect(codeFromScan('', 'code', bare)).toBe('')
  })

  it('sceneValue reads c= and i= from the scene a 小程序码 hands to its page, encoded or not', () => {
    expect(sceneValue(encodeURIComponent('c=320102-2U3-001'), 'c')).toBe('320102-2U3-001')
    expect(sceneValue('i=ABCD2345', 'i')).toBe('ABCD2345')
    expect(sceneValue('c=320102-2U3-001', 'i')).toBe('')
    expect(sceneValue(undefined, 'c')).toBe('')
    expect(sceneValue('%E0%A4%A', 'c')).toBe('')
  })
})
