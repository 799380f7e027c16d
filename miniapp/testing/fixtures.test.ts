import { beforeEach, describe, expect, it } from 'vitest'
import { ZNeedDetail, ZNeedFull, ZProfile, ZSimilarNeed } from '../../core/contracts'
import { deferred, needDetail, needFull, profile, signIn, signInAs, similar, storyItem } from './fixtures'
import { resetTaroMock, storage } from './taroMock'

beforeEach(() => resetTaroMock())

describe('shared test fixtures', () => {
  it('the need builders match the contracts, with the outcome and story a detail carries', () => {
    expect(ZNeedFull.safeParse(needFull()).success).toBe(true)
    expect(ZNeedDetail.safeParse(needDetail({ story: [storyItem()] })).success).toBe(true)
    expect(ZSimilarNeed.safeParse(similar()).success).toBe(true)
    expect(needDetail()).toMatchObject({ outcome: null, story: [] })
  })

  it('signIn stores a token and the profile the way the app caches them', () => {
    signIn(profile())
    expect(storage.get('token')).toBe('tok')
    expect(JSON.parse(storage.get('profile') as string)).toEqual(profile())
  })

  it('signInAs: a street admin has no community and runs the street; staff and residents belong to the community', () => {
    const where = { id: '50000000-0000-4000-8000-000000000010', streetId: '10000000-0000-4000-8000-000000000001', streetName: '鼓楼街道', communityId: '20000000-0000-4000-8000-00000000000a', communityName: '和平社区' }
    signInAs('street_admin', where)
    const admin = ZProfile.parse(JSON.parse(storage.get('profile') as string))
    expect(admin).toMatchObject({ displayName: '吴科长', communityId: null, roles: ['admin'], adminStreetIds: [where.streetId] })
    signInAs('staff', where)
    expect(JSON.parse(storage.get('profile') as string)).toMatchObject({ displayName: '陈主任', communityId: where.communityId, communityName: '和平社区', roles: ['resident', 'staff'], adminStreetIds: [] })
    signInAs('resident', where)
    expect(JSON.parse(storage.get('profile') as string)).toMatchObject({ displayName: '张阿姨', roles: ['resident'] })
  })

  it('deferred settles when the test says so', async () => {
    const d = deferred<string>()
    let got = ''
    void d.promise.then((v) => (got = v))
    await Promise.resolve()
    expect(got).toBe('')
    d.resolve('done')
    await d.promise
    expect(got).toBe('done')
  })
})
