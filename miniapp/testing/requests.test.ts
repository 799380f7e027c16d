import { beforeEach, describe, expect, it } from 'vitest'
import { ok, resetSignedIn, sent } from './requests'
import { Taro, storage } from './taroMock'

beforeEach(resetSignedIn)

describe('the request helpers of the service tests', () => {
  it('start signed in, answer every request, and read back what was sent', async () => {
    expect(storage.get('token')).toBe('tok')
    ok({ a: 1 }, 201)
    const answer = await Taro.request({ url: '/x', method: 'POST', data: { b: 2 } })
    expect(answer).toEqual({ statusCode: 201, data: { a: 1 } })
    await Taro.request({ url: '/y', method: 'GET' })
    expect(sent()).toMatchObject({ url: '/x', method: 'POST', data: { b: 2 } })
    expect(sent(1).url).toBe('/y')
  })
})
