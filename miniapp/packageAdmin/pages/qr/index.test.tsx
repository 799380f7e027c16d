import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getCommunityQr } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import { COMMUNITY_A, loginAs } from '../../testing/fixtures'
import CommunityQrPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({ getCommunityQr: vi.fn() }))

const get = vi.mocked(getCommunityQr)
const QR = {
  communityId: COMMUNITY_A,
  name: '和平社区',
  code: '320102-2U3-001',
  link: '/packageJoin/pages/join/index?community=320102-2U3-001',
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M0 0h7v7H0z"/></svg>',
  miniProgramCode: null as string | null,
}

beforeEach(() => {
  resetTaroMock()
  get.mockReset()
  loginAs('staff')
  router.params = { communityId: COMMUNITY_A }
})
afterEach(cleanup)

describe('社区二维码 page', () => {
  it('shows the community, its QR image and its code, which can be copied', async () => {
    get.mockResolvedValue(QR)
    const r = render(<CommunityQrPage />)
    await waitFor(() => expect(r.container.querySelector('.community-qr-code')?.textContent).toBe('320102-2U3-001'))
    expect(get).toHaveBeenCalledWith(COMMUNITY_A)
    expect(r.container.querySelector('.community-qr-name')?.textContent).toBe('和平社区')
    expect(r.container.querySelector('.community-qr-image')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    fireEvent.click(r.container.querySelector('.community-qr-copy')!)
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: '320102-2U3-001' })
  })

  it('shows the 小程序码 image (for WeChat\'s own scanner) when the server made one', async () => {
    get.mockResolvedValue({ ...QR, miniProgramCode: 'data:image/png;base64,iVBORw0KGgo=' })
    const r = render(<CommunityQrPage />)
    await waitFor(() => expect(r.container.querySelector('.community-qr-image')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo='))
    expect(r.container.querySelector('.community-qr-hint')?.textContent).toContain('微信扫一扫')
  })

  it('a refusal shows the reason with 重试, which loads again', async () => {
    get.mockRejectedValueOnce(new ApiError(403, 'auth.forbidden', '您没有权限进行此操作')).mockResolvedValueOnce(QR)
    const r = render(<CommunityQrPage />)
    await waitFor(() => expect(r.container.querySelector('.community-qr-error')?.textContent).toContain('没有权限'))
    fireEvent.click(r.container.querySelector('.community-qr-retry')!)
    await waitFor(() => expect(r.container.querySelector('.community-qr-code')).not.toBeNull())
  })
})
