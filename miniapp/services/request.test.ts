import { beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import { ApiError, DEFAULT_TIMEOUT_MS, buildUrl, fileUrl, request } from './request'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const ZThing = z.object({ id: z.number(), name: z.string() })

beforeEach(() => {
  resetTaroMock()
})

describe('buildUrl', () => {
  it('joins base and path with exactly one slash', () => {
    expect(buildUrl('/api/me', 'https://api.example.com/')).toBe('https://api.example.com/api/me')
    expect(buildUrl('api/me', 'https://api.example.com')).toBe('https://api.example.com/api/me')
    expect(buildUrl('/api/me', '')).toBe('/api/me')
  })
})

describe('request', () => {
  it('sends the stored token, JSON body and timeout, and returns the validated body', async () => {
    storage.set('token', 'tok-123')
    Taro.request.mockResolvedValue({ statusCode: 201, data: { id: 1, name: 'x', extra: true } })
    const out = await request({ method: 'POST', path: '/api/things', data: { a: 1 }, schema: ZThing })
    expect(out).toEqual({ id: 1, name: 'x' })
    const opts = Taro.request.mock.calls[0][0]
    expect(opts).toMatchObject({ url: '/api/things', method: 'POST', data: { a: 1 }, timeout: DEFAULT_TIMEOUT_MS })
    expect(opts.header.Authorization).toBe('Bearer tok-123')
  })

  it('sends no Authorization header without a token or when auth is off', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { id: 1, name: 'x' } })
    await request({ path: '/api/a', schema: ZThing })
    storage.set('token', 'tok')
    await request({ path: '/api/b', schema: ZThing, auth: false })
    expect(Taro.request.mock.calls[0][0].header.Authorization).toBeUndefined()
    expect(Taro.request.mock.calls[1][0].header.Authorization).toBeUndefined()
  })

  it('sends extra headers such as Idempotency-Key, but keeps its own Content-Type and Authorization', async () => {
    storage.set('token', 'tok-9')
    Taro.request.mockResolvedValue({ statusCode: 201, data: { id: 1, name: 'x' } })
    await request({
      method: 'POST', path: '/api/things', data: {}, schema: ZThing,
      header: { 'Idempotency-Key': 'key-12345678', 'Content-Type': 'text/plain', Authorization: 'Bearer forged' },
    })
    expect(Taro.request.mock.calls[0][0].header).toEqual({
      'Idempotency-Key': 'key-12345678', 'Content-Type': 'application/json', Authorization: 'Bearer tok-9',
    })
  })

  it('rejects a 2xx body that does not match the contract', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { id: 'one' } })
    await expect(request({ path: '/api/a', schema: ZThing })).rejects.toMatchObject({ status: 200, code: 'bad_response' })
  })

  it('maps a 400 body to an ApiError with the field and keeps the session', async () => {
    storage.set('token', 'tok')
    Taro.request.mockResolvedValue({ statusCode: 400, data: { error: { code: 'validation', message: '请填写标题', field: 'title' } } })
    const err = await request({ path: '/api/a', schema: ZThing }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, field: 'title', message: '请填写标题' })
    expect(storage.get('token')).toBe('tok')
    expect(Taro.reLaunch).not.toHaveBeenCalled()
  })

  it('on 401 clears the session and sends the person to the login page', async () => {
    storage.set('token', 'expired')
    storage.set('profile', '{}')
    Taro.request.mockResolvedValue({ statusCode: 401, data: { error: { code: 'auth.expired', message: '登录已过期，请重新登录' } } })
    await expect(request({ path: '/api/me', schema: ZThing })).rejects.toMatchObject({ status: 401, message: '登录已过期，请重新登录' })
    expect(storage.has('token')).toBe(false)
    expect(storage.has('profile')).toBe(false)
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('several 401s at once redirect only once', async () => {
    storage.set('token', 'expired')
    Taro.request.mockResolvedValue({ statusCode: 401, data: null })
    await Promise.allSettled([1, 2, 3].map(() => request({ path: '/api/me', schema: ZThing })))
    expect(Taro.reLaunch).toHaveBeenCalledTimes(1)
  })

  it('a 401 from a login endpoint (auth: false) is an error to show, not a redirect', async () => {
    Taro.request.mockResolvedValue({ statusCode: 401, data: { error: { code: 'auth.wechat', message: '微信登录失败' } } })
    await expect(request({ method: 'POST', path: '/api/auth/wechat', schema: ZThing, auth: false })).rejects.toMatchObject({ message: '微信登录失败' })
    expect(Taro.reLaunch).not.toHaveBeenCalled()
  })

  it('does not redirect to login when already on the login page', async () => {
    storage.set('token', 'x')
    Taro.getCurrentPages.mockImplementation(() => [{ route: 'pages/login/index' }])
    Taro.request.mockResolvedValue({ statusCode: 401, data: null })
    await expect(request({ path: '/api/me', schema: ZThing })).rejects.toMatchObject({ status: 401 })
    expect(Taro.reLaunch).not.toHaveBeenCalled()
  })

  it('turns a network failure and a timeout into Chinese messages', async () => {
    Taro.request.mockRejectedValueOnce({ errMsg: 'request:fail timeout' })
    await expect(request({ path: '/api/a', schema: ZThing })).rejects.toMatchObject({ status: 0, code: 'timeout', message: expect.stringContaining('网络不给力') })
    Taro.request.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await expect(request({ path: '/api/a', schema: ZThing })).rejects.toMatchObject({ status: 0, code: 'network', message: expect.stringContaining('网络不给力') })
  })
})

describe('request: text answers', () => {
  it('asks for text and hands the body over as it came; a body that is not text reads as empty', async () => {
    storage.set('token', 'tok')
    Taro.request.mockResolvedValue({ statusCode: 200, data: 'a,b\n1,2\n' })
    expect(await request({ path: '/api/report', schema: z.string(), text: true })).toBe('a,b\n1,2\n')
    expect(Taro.request.mock.calls[0][0]).toMatchObject({ dataType: 'text', responseType: 'text' })
    expect(Taro.request.mock.calls[0][0].header.Authorization).toBe('Bearer tok')
    Taro.request.mockResolvedValue({ statusCode: 200, data: null })
    expect(await request({ path: '/api/report', schema: z.string(), text: true })).toBe('')
  })

  it('still reads the JSON error body sent as text, and falls back to the status otherwise', async () => {
    Taro.request.mockResolvedValue({ statusCode: 403, data: JSON.stringify({ error: { code: 'auth.forbidden', message: '只有社区工作者可以导出' } }) })
    await expect(request({ path: '/api/report', schema: z.string(), text: true })).rejects.toMatchObject({ status: 403, message: '只有社区工作者可以导出' })
    Taro.request.mockResolvedValue({ statusCode: 502, data: '<html>Bad Gateway</html>' })
    await expect(request({ path: '/api/report', schema: z.string(), text: true })).rejects.toMatchObject({ status: 502, code: 'server_error' })
  })

  it('a JSON request keeps asking for JSON', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { id: 1, name: 'x' } })
    await request({ path: '/api/a', schema: ZThing })
    expect(Taro.request.mock.calls[0][0].dataType).toBe('json')
    expect(Taro.request.mock.calls[0][0]).not.toHaveProperty('responseType')
  })
})

describe('fileUrl', () => {
  it('names the photo and carries the token in the query (an <Image> sends no headers)', () => {
    expect(fileUrl('shifts/x/y.png')).toBe('/api/files?key=shifts%2Fx%2Fy.png')
    storage.set('token', 't&k')
    expect(fileUrl('shifts/x/y.png')).toBe('/api/files?key=shifts%2Fx%2Fy.png&token=t%26k')
  })
})
