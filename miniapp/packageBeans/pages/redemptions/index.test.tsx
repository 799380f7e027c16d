import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Redemption } from '../../../../core/contracts'
import { cancelRedemption, listMyRedemptions } from '../../../services/beans'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { rememberQr } from '../../utils/qr'
import { QR_SVG, REDEMPTION_ID, deferred, loginAs, redemption } from '../../testing/fixtures'
import RedemptionsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/beans', () => ({ listMyRedemptions: vi.fn(), cancelRedemption: vi.fn() }))

const mine = vi.mocked(listMyRedemptions)
const cancel = vi.mocked(cancelRedemption)

const VERIFIED = '4b1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02'
const page = (items: Redemption[], nextCursor: string | null = null) => ({ items, nextCursor })

beforeEach(() => {
  resetTaroMock()
  mine.mockReset()
  cancel.mockReset()
  loginAs(['talent'])
})
afterEach(cleanup)

function setup() {
  const { container } = render(<RedemptionsPage />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(container.querySelectorAll<HTMLElement>(sel))
  const item = (id: string) => container.querySelector<HTMLElement>(`.redemption-item[data-id="${id}"]`)!
  return { container, q, all, item }
}

describe('我的兑换 page', () => {
  it('a reserved redemption shows the code large, the QR, the expiry and 取消兑换; others only their status', async () => {
    rememberQr(REDEMPTION_ID, QR_SVG)
    mine.mockResolvedValue(page([
      redemption(),
      redemption({ id: VERIFIED, status: 'verified', code: null, rewardTitle: '体检一次', verifiedAt: '2024-11-23T02:00:00Z' }),
    ]))
    const f = setup()
    await waitFor(() => expect(f.all('.redemption-item')).toHaveLength(2))
    const a = f.item(REDEMPTION_ID)
    expect(a.querySelector('.redemption-status')?.textContent).toBe('待核销')
    expect(a.querySelector('.redemption-code')?.textContent).toBe('123456')
    const qr = a.querySelector('.redemption-qr')
    expect(qr).not.toBeNull()
    const src = qr?.getAttribute('src') ?? ''
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true)
    // the server's own drawing, not a placeholder
    expect(Buffer.from(src.split(',')[1], 'base64').toString('utf8')).toContain('M0 0h23v23H0z')
    expect(a.querySelector('.redemption-expiry')?.textContent).toContain('前使用')
    expect(a.querySelector('.redemption-cancel')).not.toBeNull()
    const b = f.item(VERIFIED)
    expect(b.querySelector('.redemption-status')?.textContent).toBe('已核销')
    expect(b.querySelector('.redemption-code')).toBeNull()
    expect(b.querySelector('.redemption-cancel')).toBeNull()
    expect(b.querySelector('.redemption-verified-at')).not.toBeNull()
  })

  it('without a QR kept on this phone the code alone is shown', async () => {
    mine.mockResolvedValue(page([redemption()]))
    const f = setup()
    await waitFor(() => expect(f.q('.redemption-code')?.textContent).toBe('123456'))
    expect(f.q('.redemption-qr')).toBeNull()
    expect(f.q('.redemption-qr-missing')).not.toBeNull()
  })

  it('取消兑换 asks first, then cancels and shows the item as cancelled', async () => {
    mine.mockResolvedValue(page([redemption()]))
    const d = deferred<Redemption>()
    cancel.mockReturnValue(d.promise)
    const f = setup()
    await waitFor(() => expect(f.q('.redemption-cancel')).not.toBeNull())
    fireEvent.click(f.q('.redemption-cancel')!)
    await waitFor(() => expect(f.q('.redemption-cancel-dialog')?.textContent).toContain('30 个金豆会退回'))
    expect(cancel).not.toHaveBeenCalled()
    // 不取消 closes without cancelling
    fireEvent.click(f.q('.redemption-cancel-dismiss')!)
    await waitFor(() => expect(f.q('.redemption-cancel-dialog')).toBeNull())
    fireEvent.click(f.q('.redemption-cancel')!)
    await waitFor(() => expect(f.q('.redemption-cancel-confirm')).not.toBeNull())
    fireEvent.click(f.q('.redemption-cancel-confirm')!)
    await waitFor(() => expect(f.q('.redemption-cancel-confirm')?.textContent).toContain('正在取消…'))
    fireEvent.click(f.q('.redemption-cancel-confirm')!)
    expect(cancel).toHaveBeenCalledTimes(1)
    expect(cancel).toHaveBeenCalledWith(REDEMPTION_ID)
    d.resolve(redemption({ status: 'cancelled' }))
    await waitFor(() => expect(f.q('.redemption-status')?.textContent).toBe('已取消'))
    expect(f.q('.redemption-cancel-dialog')).toBeNull()
    expect(f.q('.redemption-code')).toBeNull()
    expect(f.q('.redemption-cancel')).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消，30 个金豆已退回' }))
  })

  it('a refused cancel shows the server\'s message in the dialog and reloads the list', async () => {
    mine.mockResolvedValueOnce(page([redemption()])).mockResolvedValueOnce(page([redemption({ status: 'verified', code: null, verifiedAt: '2024-11-23T02:00:00Z' })]))
    cancel.mockRejectedValue(new ApiError(409, 'redemption.not_cancellable', '这条兑换已核销或已取消'))
    const f = setup()
    await waitFor(() => expect(f.q('.redemption-cancel')).not.toBeNull())
    fireEvent.click(f.q('.redemption-cancel')!)
    await waitFor(() => expect(f.q('.redemption-cancel-confirm')).not.toBeNull())
    fireEvent.click(f.q('.redemption-cancel-confirm')!)
    await waitFor(() => expect(f.q('.redemption-cancel-error')?.textContent).toBe('这条兑换已核销或已取消'))
    await waitFor(() => expect(f.q('.redemption-status')?.textContent).toBe('已核销'))
    expect(mine).toHaveBeenCalledTimes(2)
  })

  it('pages: the next page comes on reaching the bottom and on 加载更多, then 没有更多了', async () => {
    const older = redemption({ id: VERIFIED, status: 'verified', code: null, rewardTitle: '体检一次', verifiedAt: '2024-11-23T02:00:00Z' })
    mine.mockResolvedValueOnce(page([redemption()], 'c1')).mockResolvedValueOnce(page([older]))
    const f = setup()
    await waitFor(() => expect(f.all('.redemption-item')).toHaveLength(1))
    expect(mine).toHaveBeenLastCalledWith(undefined)
    expect(f.q('.redemptions-end')).toBeNull()
    triggerReachBottom()
    await waitFor(() => expect(f.all('.redemption-item')).toHaveLength(2))
    expect(mine).toHaveBeenLastCalledWith('c1')
    expect(f.q('.redemptions-more')).toBeNull()
    expect(f.q('.redemptions-end')?.textContent).toBe('没有更多了')
  })

  it('empty: sends the person to 兑换; error: 重试', async () => {
    mine.mockResolvedValueOnce(page([]))
    let f = setup()
    await waitFor(() => expect(f.q('.redemptions-empty')).not.toBeNull())
    fireEvent.click(f.q('.redemptions-go-rewards')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageBeans/pages/rewards/index' })
    cleanup()
    mine.mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试')).mockResolvedValueOnce(page([redemption()]))
    f = setup()
    await waitFor(() => expect(f.q('.redemptions-error')?.textContent).toContain('网络不给力'))
    fireEvent.click(f.q('.redemptions-retry')!)
    await waitFor(() => expect(f.q('.redemption-item')).not.toBeNull())
  })
})
