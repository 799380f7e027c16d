import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { haversineM } from '../../core/volunteers/rules'
import { Taro, resetTaroMock } from '../testing/taroMock'
import { LocationError, classifyLocationFailure, gcj02ToWgs84, getCurrentLocation, locationMessage, wgs84ToGcj02 } from './geo'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(() => resetTaroMock())
afterEach(() => vi.useRealTimers())

describe('WGS-84 → GCJ-02', () => {
  // Reference pairs of the standard GCJ-02 transform (the Beijing and Shanghai pairs are the usual test
  // vectors of GCJ-02 libraries), to 1e-7 degrees (≈1 cm).
  it.each([
    ['北京', { lat: 39.915, lng: 116.404 }, { lat: 39.91640428150164, lng: 116.41024449916938 }],
    ['上海', { lat: 31.2304, lng: 121.4737 }, { lat: 31.22845773757727, lng: 121.47822305927693 }],
    ['广州', { lat: 23.1291, lng: 113.2644 }, { lat: 23.126423339922844, lng: 113.26972959210308 }],
  ])('%s', (_, wgs, gcj) => {
    const got = wgs84ToGcj02(wgs)
    expect(got.lat).toBeCloseTo(gcj.lat, 7)
    expect(got.lng).toBeCloseTo(gcj.lng, 7)
  })

  it('moves a point in mainland China by a few hundred metres: enough to fail a 200 m check-in radius', () => {
    const wgs = { lat: 32.0416, lng: 118.7784 }
    const d = haversineM(wgs, wgs84ToGcj02(wgs))
    expect(d).toBeGreaterThan(300)
    expect(d).toBeLessThan(800)
  })

  it('leaves points outside China alone', () => {
    expect(wgs84ToGcj02({ lat: 51.5072, lng: -0.1276 })).toEqual({ lat: 51.5072, lng: -0.1276 })
  })

  it('the inverse lands back on the same GCJ-02 point within 0.1 m (used to fake a browser GPS)', () => {
    const site = { lat: 32.0416, lng: 118.7784 }
    expect(haversineM(site, wgs84ToGcj02(gcj02ToWgs84(site)))).toBeLessThan(0.1)
  })
})

describe('getCurrentLocation', () => {
  it('weapp: asks WeChat for GCJ-02 and returns it unchanged', async () => {
    Taro.getLocation.mockResolvedValue({ latitude: 32.0416, longitude: 118.7784, errMsg: 'getLocation:ok' })
    await expect(getCurrentLocation({ platform: 'weapp' })).resolves.toEqual({ lat: 32.0416, lng: 118.7784 })
    expect(Taro.getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }))
  })

  it('H5: asks the browser for WGS-84 and converts it to GCJ-02', async () => {
    Taro.getLocation.mockResolvedValue({ latitude: 39.915, longitude: 116.404, errMsg: '' })
    const got = await getCurrentLocation({ platform: 'h5' })
    expect(Taro.getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'wgs84' }))
    expect(got.lat).toBeCloseTo(39.91640428150164, 7)
    expect(got.lng).toBeCloseTo(116.41024449916938, 7)
  })

  it('a refusal becomes a Chinese message that says where to allow it', async () => {
    Taro.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    const err = await getCurrentLocation({ platform: 'weapp' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LocationError)
    expect((err as LocationError).reason).toBe('denied')
    expect((err as LocationError).message).toBe('请在设置中允许获取位置，以便签到')
  })

  it('the browser\'s "User denied Geolocation" is a refusal too; the message fits the purpose', async () => {
    Taro.getLocation.mockRejectedValue({ errMsg: 'User denied Geolocation' })
    const err = (await getCurrentLocation({ platform: 'h5', purpose: 'post' }).catch((e: unknown) => e)) as LocationError
    expect(err.reason).toBe('denied')
    expect(err.message).toContain('直接填写岗位的经纬度')
  })

  it('gives up when the device never answers', async () => {
    vi.useFakeTimers()
    Taro.getLocation.mockReturnValue(new Promise(() => undefined))
    const p = getCurrentLocation({ platform: 'h5', timeoutMs: 5000 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(5001)
    const err = (await p) as LocationError
    expect(err.reason).toBe('timeout')
    expect(err.message).toBe(locationMessage('timeout'))
  })

  it('an answer without numbers is "unavailable", not a position at 0,0', async () => {
    Taro.getLocation.mockResolvedValue({ errMsg: 'getLocation:ok' })
    const err = (await getCurrentLocation({ platform: 'weapp' }).catch((e: unknown) => e)) as LocationError
    expect(err.reason).toBe('unavailable')
    expect(err.message).toContain('打开手机的定位')
  })

  it('classifies platform failures', () => {
    expect(classifyLocationFailure({ errMsg: 'getLocation:fail system permission denied' })).toBe('denied')
    expect(classifyLocationFailure({ code: 1, message: '' })).toBe('denied')
    expect(classifyLocationFailure({ code: 3, message: '' })).toBe('timeout')
    expect(classifyLocationFailure({ errMsg: 'The current browser does not support this feature' })).toBe('unavailable')
    expect(classifyLocationFailure(undefined)).toBe('unavailable')
  })
})
