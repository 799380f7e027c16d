import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IDS } from '../testing/fixtures'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import { searchPeople } from './people'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(resetSignedIn)

const PERSON = { id: IDS.staff, displayName: '陈主任', phoneMasked: '138****0004', microGridName: null, roles: ['staff'] }

describe('services/people', () => {
  it('searchPeople sends the community, the trimmed text and the role', async () => {
    ok({ items: [PERSON] })
    expect(await searchPeople({ communityId: IDS.community, q: ' 陈 ', role: 'staff' })).toEqual([PERSON])
    expect(sent()).toMatchObject({ url: `/api/people?communityId=${IDS.community}&q=${encodeURIComponent('陈')}&role=staff`, method: 'GET' })
    await searchPeople({ communityId: IDS.community, q: '' })
    expect(sent(1).url).toBe(`/api/people?communityId=${IDS.community}`)
  })

  it('checks the input and the response', async () => {
    await expect(searchPeople({ communityId: 'x' })).rejects.toMatchObject({ status: 400, field: 'communityId' })
    await expect(searchPeople({ communityId: IDS.community, q: '一二三四五六七八九十一二三四五六七八九十一' })).rejects.toMatchObject({ field: 'q' })
    expect(Taro.request).not.toHaveBeenCalled()
    ok({ items: Array.from({ length: 21 }, () => PERSON) })
    await expect(searchPeople({ communityId: IDS.community, q: '陈' })).rejects.toMatchObject({ code: 'bad_response' })
  })
})
