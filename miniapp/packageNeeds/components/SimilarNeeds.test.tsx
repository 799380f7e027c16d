import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FollowNeedResponse, SimilarNeed } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { IDS, similar } from '../../testing/fixtures'
import { SimilarNeeds } from './SimilarNeeds'

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const other = similar()
const mine = similar({ id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a12', title: '三号楼灯坏了', mine: true, followers: 0 })

function setup(search = vi.fn(async (_g: string, _t: string): Promise<SimilarNeed[]> => [other, mine]), follow = vi.fn(async (id: string): Promise<FollowNeedResponse> => ({ id, followers: 3, following: true }))) {
  const view = render(<SimilarNeeds microGridId={IDS.microGrid} title='' search={search} follow={follow} />)
  const type = (title: string, microGridId: string | null = IDS.microGrid) =>
    view.rerender(<SimilarNeeds microGridId={microGridId} title={title} search={search} follow={follow} />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  return { ...view, type, q, search, follow }
}

const flush = () => act(async () => { await Promise.resolve() })

describe('SimilarNeeds', () => {
  it('waits 500 ms after the last keystroke and asks once with the trimmed title', async () => {
    const f = setup()
    f.type('三号')
    f.type('三号楼')
    f.type('三号楼灯')
    f.type(' 三号楼灯坏 ')
    await act(async () => { vi.advanceTimersByTime(499) })
    expect(f.search).not.toHaveBeenCalled()
    await act(async () => { vi.advanceTimersByTime(1) })
    expect(f.search).toHaveBeenCalledTimes(1)
    expect(f.search).toHaveBeenCalledWith(IDS.microGrid, '三号楼灯坏')
  })

  it('does not look up titles under 4 characters or without a micro-grid', async () => {
    const f = setup()
    f.type('灯坏了')
    await act(async () => { vi.advanceTimersByTime(1000) })
    f.type('三号楼灯坏了', null)
    await act(async () => { vi.advanceTimersByTime(1000) })
    expect(f.search).not.toHaveBeenCalled()
    expect(f.q('.similar-needs')).toBeNull()
  })

  it('lists the matches with title, status and followers; +1 关注 only on others\' needs', async () => {
    const f = setup()
    f.type('三号楼灯坏了')
    await act(async () => { vi.advanceTimersByTime(500) })
    await flush()
    expect(f.q('.similar-needs')?.textContent).toContain('附近已有相似需求')
    const items = Array.from(f.container.querySelectorAll('.similar-item'))
    expect(items).toHaveLength(2)
    expect(items[0].textContent).toContain('三号楼楼道灯不亮')
    expect(items[0].textContent).toContain('已提交')
    expect(items[0].textContent).toContain('2 人关注')
    expect(items[0].querySelector('.similar-follow')?.textContent).toBe('+1 关注')
    expect(items[1].querySelector('.similar-follow')).toBeNull()
    expect(items[1].textContent).toContain('您提交的')
  })

  it('+1 关注 follows the need and updates its count', async () => {
    const f = setup()
    f.type('三号楼灯坏了')
    await act(async () => { vi.advanceTimersByTime(500) })
    await flush()
    fireEvent.click(f.q('.similar-follow')!)
    await flush()
    expect(f.follow).toHaveBeenCalledWith(other.id)
    const first = f.container.querySelector('.similar-item')!
    expect(first.textContent).toContain('3 人关注')
    expect(first.textContent).toContain('已关注')
    expect(first.querySelector('.similar-follow')).toBeNull()
  })

  it('shows a failed follow next to the item and keeps the button', async () => {
    const follow = vi.fn(async (): Promise<FollowNeedResponse> => {
      throw new ApiError(409, 'need.follow_closed', '这条需求已办结，不能再关注')
    })
    const f = setup(undefined, follow)
    f.type('三号楼灯坏了')
    await act(async () => { vi.advanceTimersByTime(500) })
    await flush()
    fireEvent.click(f.q('.similar-follow')!)
    await flush()
    expect(f.q('.similar-error')?.textContent).toBe('这条需求已办结，不能再关注')
    expect(f.q('.similar-follow')).not.toBeNull()
  })

  it('a slow earlier answer never replaces a newer one, and a failed look-up shows nothing', async () => {
    let answerFirst!: (v: SimilarNeed[]) => void
    const search = vi.fn()
      .mockImplementationOnce(() => new Promise<SimilarNeed[]>((r) => { answerFirst = r }))
      .mockImplementationOnce(async () => [similar({ title: '新的结果' })])
      .mockImplementationOnce(async () => { throw new ApiError(0, 'network', '网络不给力') })
    const f = setup(search)
    f.type('三号楼灯坏了')
    await act(async () => { vi.advanceTimersByTime(500) })
    f.type('三号楼路灯坏了')
    await act(async () => { vi.advanceTimersByTime(500) })
    await flush()
    answerFirst([similar({ title: '旧的结果' })])
    await flush()
    expect(f.container.textContent).toContain('新的结果')
    expect(f.container.textContent).not.toContain('旧的结果')
    f.type('三号楼路灯全坏了')
    await act(async () => { vi.advanceTimersByTime(500) })
    await flush()
    expect(f.q('.similar-needs')).toBeNull()
  })
})
