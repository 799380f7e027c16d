import { describe, expect, it } from 'vitest'
import { canRequestClose, checkOutMissed, describeDistance, haversineM, insideCheckWindow, insideGeofence, isLateCancel, maxCloseMinutes } from './rules'

// 南京新街口 and points around it
const post = { lat: 32.0416, lng: 118.7784, radiusM: 200 }

describe('geofence (haversine)', () => {
  it('is zero at the same point and symmetric', () => {
    expect(haversineM(post, post)).toBe(0)
    const p = { lat: 32.05, lng: 118.79 }
    expect(haversineM(post, p)).toBeCloseTo(haversineM(p, post), 6)
  })
  it('matches known distances: 0.001° of latitude ≈ 111 m; Nanjing–Shanghai ≈ 270 km', () => {
    expect(haversineM({ lat: 32, lng: 118 }, { lat: 32.001, lng: 118 })).toBeCloseTo(111.2, 0)
    const d = haversineM({ lat: 32.0603, lng: 118.7969 }, { lat: 31.2304, lng: 121.4737 })
    expect(d).toBeGreaterThan(265_000)
    expect(d).toBeLessThan(275_000)
  })
  it('accepts inside the radius and refuses outside', () => {
    expect(insideGeofence(post, { lat: 32.0416 + 0.0017, lng: 118.7784 })).toBe(true) // ~189 m north
    expect(insideGeofence(post, { lat: 32.0416 + 0.0019, lng: 118.7784 })).toBe(false) // ~211 m north
  })
  it('describes distances in Chinese', () => {
    expect(describeDistance(85.4)).toBe('85 米')
    expect(describeDistance(1234)).toBe('1.2 公里')
  })
})

describe('check-in window', () => {
  const slot = { startsAt: '2026-11-22T01:00:00.000Z', endsAt: '2026-11-22T03:00:00.000Z' }
  it.each([
    ['2026-11-22T00:29:59.000Z', false],
    ['2026-11-22T00:30:00.000Z', true],
    ['2026-11-22T02:00:00.000Z', true],
    ['2026-11-22T03:30:00.000Z', true],
    ['2026-11-22T03:30:01.000Z', false],
  ])('at %s inside=%s', (now, inside) => {
    expect(insideCheckWindow(slot, new Date(now))).toBe(inside)
  })
  it('a cancellation less than 2 hours before the start is late', () => {
    expect(isLateCancel(slot, new Date('2026-11-21T22:59:00.000Z'))).toBe(false)
    expect(isLateCancel(slot, new Date('2026-11-21T23:01:00.000Z'))).toBe(true)
  })
})

describe('补签退 (a forgotten check-out)', () => {
  const s = { status: 'checked_in', startsAt: '2026-11-22T01:00:00.000Z', endsAt: '2026-11-22T03:00:00.000Z', checkInAt: '2026-11-22T00:50:00.000Z', closure: null }
  const at = (iso: string) => new Date(iso)
  it('asks for at most the slot, and during the slot no more than has passed since check-in', () => {
    expect(maxCloseMinutes(s, at('2026-11-22T05:00:00.000Z'))).toBe(120)
    expect(maxCloseMinutes(s, at('2026-11-22T01:30:30.000Z'))).toBe(40)
    expect(maxCloseMinutes({ ...s, checkInAt: null }, at('2026-11-22T05:00:00.000Z'))).toBe(0)
  })
  it('check-out is missed 30 minutes after the slot ends', () => {
    expect(checkOutMissed(s, at('2026-11-22T03:30:00.000Z'))).toBe(false)
    expect(checkOutMissed(s, at('2026-11-22T03:31:00.000Z'))).toBe(true)
    expect(checkOutMissed({ ...s, status: 'checked_out' }, at('2026-11-22T05:00:00.000Z'))).toBe(false)
  })
  it('is offered once, for a checked-in shift, until 7 days after the slot', () => {
    expect(canRequestClose(s, at('2026-11-29T02:59:00.000Z'))).toBe(true)
    expect(canRequestClose(s, at('2026-11-29T03:01:00.000Z'))).toBe(false)
    expect(canRequestClose({ ...s, closure: { minutes: 30 } }, at('2026-11-22T05:00:00.000Z'))).toBe(false)
    expect(canRequestClose({ ...s, status: 'claimed' }, at('2026-11-22T05:00:00.000Z'))).toBe(false)
    expect(canRequestClose(s, at('2026-11-22T00:50:20.000Z'))).toBe(false)
  })
})
