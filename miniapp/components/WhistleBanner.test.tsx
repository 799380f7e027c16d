import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { whistle } from '../packageVolunteers/testing/fixtures'
import { WhistleBanner } from './WhistleBanner'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)
vi.mock('../services/volunteers', () => ({ respondWhistle: vi.fn() }))

afterEach(cleanup)

describe('社区吹哨 banner: who answered', () => {
  it('staff (the server sends them the responders) see names, kinds and masked phones under the count', () => {
    const w = whistle({
      responded: 2,
      responders: [
        { profileId: '50000000-0000-4000-8000-000000000007', displayName: '孙先生', kinds: ['party_member'], phoneMasked: '138****0007', respondedAt: '2026-11-28T02:00:00.000000Z' },
        { profileId: '50000000-0000-4000-8000-000000000008', displayName: '周师傅', kinds: ['party_member', 'talent'], phoneMasked: null, respondedAt: '2026-11-28T02:05:00.000000Z' },
      ],
    })
    const { container } = render(<WhistleBanner whistles={[w]} canRespond={false} onChange={vi.fn()} />)
    const rows = Array.from(container.querySelectorAll('.whistle-responder'))
    expect(rows).toHaveLength(2)
    expect(rows[0].querySelector('.whistle-responder-name')?.textContent).toBe('孙先生')
    expect(rows[0].querySelector('.whistle-responder-kind')?.textContent).toBe('在职党员')
    expect(rows[0].querySelector('.whistle-responder-phone')?.textContent).toBe('138****0007')
    expect(rows[1].querySelector('.whistle-responder-kind')?.textContent).toBe('在职党员、社区能人')
    expect(rows[1].querySelector('.whistle-responder-phone')).toBeNull()
    expect(container.querySelector('.whistle-count')?.textContent).toBe('已响应 2 / 需要 5 人')
  })

  it('everyone else sees only the count', () => {
    const { container } = render(<WhistleBanner whistles={[whistle({ responded: 2, responders: null })]} canRespond onChange={vi.fn()} />)
    expect(container.querySelector('.whistle-count')?.textContent).toBe('已响应 2 / 需要 5 人')
    expect(container.querySelector('.whistle-responders')).toBeNull()
  })
})
