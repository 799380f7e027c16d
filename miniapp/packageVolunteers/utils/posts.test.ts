import { describe, expect, it } from 'vitest'
import { post, shift, slot } from '../testing/fixtures'
import { arrangePosts, formatMinutes, orderShifts, rangeEnd, visibleSlots } from './posts'

// Wednesday 2024-11-20 10:00 in Beijing (02:00 UTC)
const NOW = new Date('2024-11-20T02:00:00Z')
const at = (bj: string) => new Date(`${bj}+08:00`).toISOString()

describe('岗位 date ranges (Beijing days)', () => {
  it('今天 ends at Beijing midnight, 本周 at Sunday midnight, 全部 never', () => {
    expect(new Date(rangeEnd('today', NOW)!).toISOString()).toBe(at('2024-11-21T00:00:00'))
    expect(new Date(rangeEnd('week', NOW)!).toISOString()).toBe(at('2024-11-25T00:00:00'))
    expect(rangeEnd('all', NOW)).toBeNull()
    // on a Sunday, 本周 is the rest of that day
    expect(new Date(rangeEnd('week', new Date(at('2024-11-24T20:00:00')))!).toISOString()).toBe(at('2024-11-25T00:00:00'))
    // 07:30 Beijing is still the previous UTC day: the Beijing day counts
    expect(new Date(rangeEnd('today', new Date(at('2024-11-20T07:30:00')))!).toISOString()).toBe(at('2024-11-21T00:00:00'))
  })

  it('shows running and later slots in range, never ended ones', () => {
    const p = post({
      slots: [
        slot({ id: 'a', startsAt: at('2024-11-20T08:00:00'), endsAt: at('2024-11-20T09:00:00') }), // over
        slot({ id: 'b', startsAt: at('2024-11-20T09:30:00'), endsAt: at('2024-11-20T11:00:00') }), // running
        slot({ id: 'c', startsAt: at('2024-11-23T09:00:00'), endsAt: at('2024-11-23T11:00:00') }), // Saturday
        slot({ id: 'd', startsAt: at('2024-11-26T09:00:00'), endsAt: at('2024-11-26T11:00:00') }), // next week
      ],
    })
    expect(visibleSlots(p, 'today', NOW).map((s) => s.id)).toEqual(['b'])
    expect(visibleSlots(p, 'week', NOW).map((s) => s.id)).toEqual(['b', 'c'])
    expect(visibleSlots(p, 'all', NOW).map((s) => s.id)).toEqual(['b', 'c', 'd'])
  })

  it('orders by the first slot in range, or nearest first when asked; drops posts with nothing in range', () => {
    const late = post({ id: 'late', title: '晚', lat: 32.0416, lng: 118.7784, slots: [slot({ startsAt: at('2024-11-20T15:00:00'), endsAt: at('2024-11-20T16:00:00') })] })
    const early = post({ id: 'early', title: '早', lat: 32.06, lng: 118.7784, slots: [slot({ startsAt: at('2024-11-20T11:00:00'), endsAt: at('2024-11-20T12:00:00') })] })
    const nextWeek = post({ id: 'next', title: '下周', slots: [slot({ startsAt: at('2024-11-27T11:00:00'), endsAt: at('2024-11-27T12:00:00') })] })
    const here = { lat: 32.0416, lng: 118.7784 }
    const byTime = arrangePosts([late, nextWeek, early], { range: 'week', now: NOW, here, order: 'time' })
    expect(byTime.map((x) => x.post.id)).toEqual(['early', 'late'])
    expect(byTime[1].distanceM).toBeCloseTo(0, 5)
    expect(byTime[0].distanceM).toBeGreaterThan(2000)
    const byDistance = arrangePosts([late, nextWeek, early], { range: 'all', now: NOW, here, order: 'distance' })
    // late and next are both on the spot (a tie goes by time); early is 2 km away
    expect(byDistance.map((x) => x.post.id)).toEqual(['late', 'next', 'early'])
    // without a position, distance order falls back to time
    expect(arrangePosts([late, early], { range: 'all', now: NOW, here: null, order: 'distance' }).map((x) => x.post.id)).toEqual(['early', 'late'])
  })
})

describe('formatMinutes', () => {
  it.each([
    [45, '45 分钟'],
    [60, '1 小时'],
    [90, '1 小时 30 分钟'],
    [0, '0 分钟'],
  ])('%i → %s', (m, text) => expect(formatMinutes(m)).toBe(text))
})

describe('orderShifts', () => {
  it('puts the shift under way first, then upcoming soonest first, then history as sent', () => {
    const items = [
      shift({ id: 'done', status: 'confirmed', startsAt: at('2024-11-19T09:00:00') }),
      shift({ id: 'later', status: 'claimed', startsAt: at('2024-11-22T09:00:00') }),
      shift({ id: 'sooner', status: 'claimed', startsAt: at('2024-11-21T09:00:00') }),
      shift({ id: 'now', status: 'checked_in', startsAt: at('2024-11-20T09:00:00') }),
      shift({ id: 'gone', status: 'cancelled', startsAt: at('2024-11-18T09:00:00') }),
    ]
    expect(orderShifts(items).map((s) => s.id)).toEqual(['now', 'sooner', 'later', 'done', 'gone'])
  })
})
