import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getHonourRoll, getMyCredit } from '../../../services/beans'
import { ApiError } from '../../../services/errors'
import { resetTaroMock } from '../../../testing/taroMock'
import { COMMUNITY_A, credit, loginAs } from '../../testing/fixtures'
import CreditPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/beans', () => ({ getMyCredit: vi.fn(), getHonourRoll: vi.fn() }))

const mine = vi.mocked(getMyCredit)
const honour = vi.mocked(getHonourRoll)

beforeEach(() => {
  resetTaroMock()
  mine.mockReset()
  honour.mockReset()
  loginAs(['talent'])
  honour.mockResolvedValue({ items: [], nextCursor: null })
})
afterEach(cleanup)

function setup() {
  const { container } = render(<CreditPage />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(container.querySelectorAll<HTMLElement>(sel))
  return { container, q, all }
}

describe('信用 page', () => {
  it('shows the score, the level name, both parts as bars and every explanation line', async () => {
    mine.mockResolvedValue(credit())
    const f = setup()
    expect(f.q('.credit-loading')).not.toBeNull()
    await waitFor(() => expect(f.q('.credit-score')?.textContent).toBe('62'))
    expect(f.q('.credit-level')?.textContent).toBe('优秀')
    expect(f.q('.credit-next')?.textContent).toBe('再得 18 分升为「模范」')
    expect(f.q('.credit-contribution .credit-bar-value')?.textContent).toBe('30 / 60')
    expect(f.q('.credit-contribution .credit-fill')?.style.width).toBe('50%')
    expect(f.q('.credit-integrity .credit-bar-value')?.textContent).toBe('32 / 40')
    expect(f.q('.credit-integrity .credit-fill')?.style.width).toBe('80%')
    expect(f.q('.credit-integrity')?.textContent).toContain('未到岗 1 次')
    const lines = f.all('.credit-explanation .credit-explanation-line').map((e) => e.textContent)
    expect(lines.slice(0, 3)).toEqual(credit().explanation)
  })

  it('the top level has no next step; the month\'s honour roll is listed when there is one', async () => {
    mine.mockResolvedValue(credit({ score: 90, level: 4, levelName: '模范' }))
    honour.mockResolvedValue({ items: [{ displayName: '周师傅', beans: 120 }, { displayName: '李阿姨', beans: 80 }], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.q('.credit-level')?.textContent).toBe('模范'))
    expect(f.q('.credit-next')).toBeNull()
    await waitFor(() => expect(f.all('.honour-item')).toHaveLength(2))
    expect(f.all('.honour-item')[0].textContent).toContain('周师傅')
    expect(honour).toHaveBeenCalledWith(COMMUNITY_A, expect.stringMatching(/^\d{4}-\d{2}$/), { cursor: undefined, limit: 10 })
    expect(f.q('.honour-more')).toBeNull()
  })

  it('the honour roll shows ten at a time; 查看更多 adds the next ten, numbered on', async () => {
    mine.mockResolvedValue(credit())
    const first = Array.from({ length: 10 }, (_, i) => ({ displayName: `居民${i + 1}`, beans: 200 - i }))
    honour.mockResolvedValueOnce({ items: first, nextCursor: 'c1' })
    honour.mockResolvedValueOnce({ items: [{ displayName: '居民11', beans: 150 }], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.all('.honour-item')).toHaveLength(10))
    fireEvent.click(f.q('.honour-more')!)
    await waitFor(() => expect(f.all('.honour-item')).toHaveLength(11))
    expect(honour).toHaveBeenLastCalledWith(COMMUNITY_A, expect.stringMatching(/^\d{4}-\d{2}$/), { cursor: 'c1', limit: 10 })
    expect(f.all('.honour-item')[10].textContent).toContain('11. 居民11')
    expect(f.q('.honour-more')).toBeNull()
  })

  it('a failing honour roll does not spoil the page', async () => {
    mine.mockResolvedValue(credit())
    honour.mockRejectedValue(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试'))
    const f = setup()
    await waitFor(() => expect(f.q('.credit-score')).not.toBeNull())
    expect(f.q('.honour-roll')).toBeNull()
    expect(f.q('.credit-error')).toBeNull()
  })

  it('error with 重试', async () => {
    mine.mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试')).mockResolvedValueOnce(credit())
    const f = setup()
    await waitFor(() => expect(f.q('.credit-error')?.textContent).toContain('网络不给力'))
    fireEvent.click(f.q('.credit-retry')!)
    await waitFor(() => expect(f.q('.credit-score')?.textContent).toBe('62'))
  })
})
