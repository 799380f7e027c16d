import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sent } from '../testing/requests'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import { askToSubscribe, prepareSubscribe, resetSubscribeCache } from './subscriptions'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const templates = { need_status: 'T-need', service: 'T-service', meeting: null, redemption: 'T-need' }
const credits = { need_status: 0, service: 0, meeting: 0, redemption: 0 }
const flush = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => {
  resetTaroMock()
  resetSubscribeCache()
  storage.set('token', 'tok')
  vi.stubEnv('TARO_ENV', 'weapp')
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('services/subscriptions', () => {
  it('prepareSubscribe fetches the template ids once and keeps them in storage', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { templates, credits } })
    await prepareSubscribe()
    await prepareSubscribe()
    expect(Taro.request).toHaveBeenCalledTimes(1)
    expect(sent()).toMatchObject({ url: '/api/me/subscriptions', method: 'GET' })
    expect(storage.get('subscribe-templates')).toMatchObject({ templates })
  })

  it('asks WeChat synchronously for the configured templates, then reports accepted and rejected groups', async () => {
    storage.set('subscribe-templates', { at: Date.now(), templates })
    Taro.requestSubscribeMessage.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', 'T-need': 'accept', 'T-service': 'reject' })
    Taro.request.mockResolvedValue({ statusCode: 200, data: { templates, credits: { ...credits, need_status: 1 } } })
    const done = askToSubscribe(['need_status', 'service', 'meeting'])
    // the sheet opens before anything is awaited (WeChat only shows it from the tap itself)
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['T-need', 'T-service'] })
    await done
    expect(sent()).toMatchObject({ url: '/api/me/subscriptions', method: 'POST', data: { accepted: ['need_status'], rejected: ['service'] } })
  })

  it('one template id shared by two groups counts for both', async () => {
    storage.set('subscribe-templates', { at: Date.now(), templates })
    Taro.requestSubscribeMessage.mockResolvedValueOnce({ errMsg: 'ok', 'T-need': 'accept' })
    Taro.request.mockResolvedValue({ statusCode: 200, data: { templates, credits } })
    await askToSubscribe(['need_status', 'redemption'])
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['T-need'] })
    expect(sent().data).toEqual({ accepted: ['need_status', 'redemption'], rejected: [] })
  })

  it('does nothing on H5, for a group without a template, or before the ids are known (then fetches them)', async () => {
    storage.set('subscribe-templates', { at: Date.now(), templates })
    await askToSubscribe(['meeting'])
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()
    vi.stubEnv('TARO_ENV', 'h5')
    await askToSubscribe(['need_status'])
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()
    expect(Taro.request).not.toHaveBeenCalled()
    vi.stubEnv('TARO_ENV', 'weapp')
    storage.delete('subscribe-templates')
    resetSubscribeCache()
    Taro.request.mockResolvedValue({ statusCode: 200, data: { templates, credits } })
    await askToSubscribe(['need_status'])
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()
    await flush()
    expect(sent()).toMatchObject({ url: '/api/me/subscriptions', method: 'GET' })
  })

  it('never fails: a refused sheet, a thrown call or a failing report are swallowed and logged', async () => {
    storage.set('subscribe-templates', { at: Date.now(), templates })
    Taro.requestSubscribeMessage.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20004 })
    await expect(askToSubscribe(['need_status'])).resolves.toBeUndefined()
    Taro.requestSubscribeMessage.mockImplementationOnce(() => {
      throw new Error('not supported')
    })
    await expect(askToSubscribe(['need_status'])).resolves.toBeUndefined()
    Taro.requestSubscribeMessage.mockResolvedValueOnce({ errMsg: 'ok', 'T-need': 'accept' })
    Taro.request.mockRejectedValue({ errMsg: 'request:fail' })
    await expect(askToSubscribe(['need_status'])).resolves.toBeUndefined()
    expect(console.warn).toHaveBeenCalledTimes(3)
  })
})
