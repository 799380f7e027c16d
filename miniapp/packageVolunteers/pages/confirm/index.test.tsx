import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Shift } from '../../../../core/contracts'
import { ApiError } from '../../../services/errors'
import { listShifts } from '../../../services/volunteers'
import { resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { inMinutes, loginAs, shift } from '../../testing/fixtures'
import ConfirmPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/volunteers', () => ({
  listShifts: vi.fn(),
  confirmShift: vi.fn(),
  resolveShiftClose: vi.fn(),
  photoUrl: (key: string) => `/api/files?key=${encodeURIComponent(key)}`,
}))

const list = vi.mocked(listShifts)
const page = (items: Shift[], nextCursor: string | null = null) => ({ items, nextCursor })
const waiting = (n: number, name: string) =>
  shift({ id: `7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9c${String(n).padStart(2, '0')}`, volunteerName: name, status: 'checked_out', checkInAt: inMinutes(-200 - n), checkOutAt: inMinutes(-100 - n), startsAt: inMinutes(-200 - n), endsAt: inMinutes(-100 - n) })

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
  loginAs(['staff'])
})
afterEach(cleanup)

function open() {
  const r = render(<ConfirmPage />)
  const q = (sel: string) => r.container.querySelector<HTMLElement>(sel)
  const names = () => Array.from(r.container.querySelectorAll<HTMLElement>('.confirm-volunteer')).map((e) => e.textContent)
  return { ...r, q, names }
}

describe('工作纪实确认 page (staff)', () => {
  it('lists the waiting shifts a page at a time: reaching the bottom and 加载更多 ask with the cursor', async () => {
    list.mockResolvedValueOnce(page([waiting(1, '孙先生')], 'c1')).mockResolvedValueOnce(page([waiting(2, '周师傅')], 'c2')).mockResolvedValueOnce(page([waiting(3, '王大姐')]))
    const f = open()
    await waitFor(() => expect(f.names()).toEqual(['孙先生']))
    expect(list).toHaveBeenCalledWith('to_confirm', undefined)
    expect(f.q('.confirm-end')).toBeNull()
    triggerReachBottom()
    await waitFor(() => expect(f.names()).toEqual(['孙先生', '周师傅']))
    expect(list).toHaveBeenLastCalledWith('to_confirm', 'c1')
    fireEvent.click(f.q('.confirm-more')!)
    await waitFor(() => expect(f.names()).toEqual(['孙先生', '周师傅', '王大姐']))
    expect(list).toHaveBeenLastCalledWith('to_confirm', 'c2')
    expect(f.q('.confirm-more')).toBeNull()
    expect(f.q('.confirm-end')?.textContent).toBe('没有更多了')
  })

  it('empty says so; an error offers 重试', async () => {
    list.mockResolvedValueOnce(page([]))
    let f = open()
    await waitFor(() => expect(f.q('.confirm-empty')?.textContent).toBe('没有待确认的服务记录'))
    cleanup()
    list.mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试')).mockResolvedValueOnce(page([waiting(1, '孙先生')]))
    f = open()
    await waitFor(() => expect(f.q('.confirm-error-state')?.textContent).toContain('网络不给力'))
    fireEvent.click(f.q('.confirm-retry')!)
    await waitFor(() => expect(f.names()).toEqual(['孙先生']))
  })

  it('someone who is not staff gets no request', () => {
    loginAs(['party_member'])
    const f = open()
    expect(f.q('.confirm-forbidden')).not.toBeNull()
    expect(list).not.toHaveBeenCalled()
  })
})
