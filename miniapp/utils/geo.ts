import Taro from '@tarojs/taro'
import gcoord from 'gcoord'
import type { Point } from '../../core/volunteers/rules'

/**
 * Where the person is, in GCJ-02: the coordinate system of WeChat maps and of the posts we store.
 * WeChat gives GCJ-02 directly (`type: 'gcj02'`); a browser gives WGS-84 (GPS), which in mainland China
 * lies 300-600 m off GCJ-02 — enough to fail a 200 m check-in radius — so H5 converts it first.
 */

export type LocationFailure = 'denied' | 'unavailable' | 'timeout'

export class LocationError extends Error {
  readonly reason: LocationFailure

  constructor(reason: LocationFailure, message: string) {
    super(message)
    this.name = 'LocationError'
    this.reason = reason
  }
}

export function isLocationError(err: unknown): err is LocationError {
  return err instanceof LocationError
}

/** What the location is for decides the words: a volunteer checking in, or staff placing a post. */
export type LocationPurpose = 'check_in' | 'post' | 'distance'

const DENIED: Record<LocationPurpose, string> = {
  check_in: '请在设置中允许获取位置，以便签到',
  post: '请在设置中允许获取位置，或直接填写岗位的经纬度',
  distance: '允许获取位置后，可以看到岗位离您有多远',
}

export function locationMessage(reason: LocationFailure, purpose: LocationPurpose = 'check_in'): string {
  if (reason === 'denied') return DENIED[purpose]
  if (reason === 'timeout') return '定位超时了，请到开阔的地方再试一次'
  return purpose === 'post' ? '暂时无法获取位置，请打开手机定位后再试，或直接填写经纬度' : '暂时无法获取位置，请打开手机的定位（GPS）后再试'
}

/** WGS-84 (GPS, browsers) → GCJ-02 (WeChat, our posts). Points outside China pass through unchanged. */
export function wgs84ToGcj02(p: Point): Point {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number]
  return { lat, lng }
}

/** GCJ-02 → WGS-84: the inverse (iterative in gcoord, centimetre-exact); used by tests to place a fake GPS. */
export function gcj02ToWgs84(p: Point): Point {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
  return { lat, lng }
}

/** Sorts a platform's failure text into the three cases a person can act on. */
export function classifyLocationFailure(err: unknown): LocationFailure {
  const e = (err ?? {}) as { errMsg?: unknown; message?: unknown; code?: unknown }
  const text = `${typeof e.errMsg === 'string' ? e.errMsg : ''} ${typeof e.message === 'string' ? e.message : ''}`
  // W3C GeolocationPositionError: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT
  if (e.code === 1) return 'denied'
  if (e.code === 3) return 'timeout'
  // "system permission denied" means the phone's location switch for WeChat is off: also a setting to change
  if (/auth den|auth deny|denied|permission|authorize|未授权|拒绝/i.test(text)) return 'denied'
  if (/timeout|timed out|超时/i.test(text)) return 'timeout'
  return 'unavailable'
}

export type Platform = 'weapp' | 'h5'

export function currentPlatform(): Platform {
  return process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'
}

export interface LocateOptions {
  purpose?: LocationPurpose
  platform?: Platform
  /** give up after this long: a browser waits forever while its permission prompt is ignored */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 15_000

/** The person's position in GCJ-02, or a LocationError with a Chinese message saying what to do. */
export async function getCurrentLocation(options: LocateOptions = {}): Promise<Point> {
  const { purpose = 'check_in', platform = currentPlatform(), timeoutMs = DEFAULT_TIMEOUT_MS } = options
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject({ errMsg: 'getLocation:fail timeout' }), timeoutMs)
  })
  try {
    // Taro's H5 getLocation speaks only WGS-84 (it refuses any other type); WeChat converts to GCJ-02 itself.
    const res = await Promise.race([
      Taro.getLocation(
        platform === 'h5'
          ? { type: 'wgs84', isHighAccuracy: true, highAccuracyExpireTime: timeoutMs }
          : { type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: Math.min(timeoutMs, 10_000) },
      ),
      timeout,
    ])
    const lat = Number(res.latitude)
    const lng = Number(res.longitude)
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) throw { errMsg: 'getLocation:fail no position' }
    return platform === 'h5' ? wgs84ToGcj02({ lat, lng }) : { lat, lng }
  } catch (err) {
    const reason = classifyLocationFailure(err)
    throw new LocationError(reason, locationMessage(reason, purpose))
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}

/** weapp: opens the mini-program's settings so a person who refused can allow location; H5 has no such page. */
export async function openLocationSettings(platform: Platform = currentPlatform()): Promise<boolean> {
  if (platform === 'h5') return false
  try {
    const res = await Taro.openSetting()
    return !!res.authSetting?.['scope.userLocation']
  } catch {
    return false
  }
}
