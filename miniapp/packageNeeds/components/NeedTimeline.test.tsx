import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { at, event } from '../../testing/fixtures'
import { NeedTimeline } from './NeedTimeline'

afterEach(cleanup)

const items = (c: HTMLElement) => Array.from(c.querySelectorAll('.timeline-item'))
const text = (el: Element, sel: string) => el.querySelector(sel)?.textContent ?? null

describe('NeedTimeline', () => {
  it('shows every step in order with its status label, who did it, the Beijing time and the note', () => {
    const { container } = render(
      <NeedTimeline
        events={[
          event({ id: 1, to: 'submitted', actor: 'owner', actorName: '张阿姨', at: at('11-22T06:30:00Z') }),
          event({ id: 2, from: 'submitted', to: 'triaged', actor: 'staff', actorName: '陈主任', note: '已联系物业电工', at: at('11-22T07:00:00Z') }),
          event({ id: 3, from: 'triaged', to: 'in_progress', actor: 'grid_worker', actorName: '赵网格', at: at('11-22T07:05:00Z') }),
          event({ id: 4, from: 'in_progress', to: 'escalated', actor: 'system', actorName: null, note: '超过办理时限，自动上报', at: at('11-22T09:00:00Z') }),
        ]}
      />,
    )
    const steps = items(container)
    expect(steps).toHaveLength(4)
    expect(steps.map((s) => text(s, '.timeline-status'))).toEqual(['已提交', '已研判', '处理中', '已上报'])
    expect(steps.map((s) => text(s, '.timeline-actor'))).toEqual(['张阿姨（居民）', '陈主任（社区工作者）', '赵网格（网格员）', '系统'])
    expect(text(steps[0], '.timeline-time')).toBe('11月22日 14:30')
    expect(text(steps[1], '.timeline-note')).toBe('已联系物业电工')
    expect(steps[0].querySelector('.timeline-note')).toBeNull()
    expect(text(steps[3], '.timeline-note')).toBe('超过办理时限，自动上报')
    // each item carries its status for styling and for tests
    expect(steps[1].className).toContain('timeline-item-triaged')
  })

  it('highlights only the latest step and draws the connecting line between steps, not after the last', () => {
    const { container } = render(
      <NeedTimeline events={[event({ id: 1 }), event({ id: 2, from: 'submitted', to: 'triaged', actor: 'staff', actorName: '陈主任' })]} />,
    )
    const [first, last] = items(container)
    expect(first.className).not.toContain('is-latest')
    expect(last.className).toContain('is-latest')
    expect(first.querySelector('.timeline-line')).not.toBeNull()
    expect(last.querySelector('.timeline-line')).toBeNull()
  })

  it('names the role when the person has no name, and marks a reopening', () => {
    const { container } = render(
      <NeedTimeline
        events={[
          event({ id: 1, to: 'resolved', from: 'in_progress', actor: 'staff', actorName: null }),
          event({ id: 2, from: 'resolved', to: 'in_progress', actor: 'owner', actorName: '张阿姨', note: '灯又不亮了' }),
        ]}
      />,
    )
    const [resolved, reopened] = items(container)
    expect(text(resolved, '.timeline-actor')).toBe('社区工作者')
    expect(text(reopened, '.timeline-status')).toBe('处理中（重新办理）')
  })

  it('says so when there is nothing yet', () => {
    const { container } = render(<NeedTimeline events={[]} />)
    expect(items(container)).toHaveLength(0)
    expect(container.textContent).toContain('暂无办理记录')
  })
})
