import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getMyBeans, listRewards, redeemReward, type RedeemResult } from '../../../services/beans'
import { archiveReward, restockReward } from '../../../services/editing'
import { ApiError, TIMEOUT_ERROR_MESSAGE } from '../../../services/errors'
import { Taro, resetTaroMock, triggerReachBottom } from '../../../testing/taroMock'
import { recallQr } from '../../utils/qr'
import { ME, QR_SVG, REDEMPTION_ID, REWARD_2, REWARD_ID, deferred, loginAs, redeemed, reward } from '../../testing/fixtures'
import RewardsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/beans', async (orig) => ({
  ...(await orig<typeof import('../../../services/beans')>()),
  getMyBeans: vi.fn(),
  listRewards: vi.fn(),
  redeemReward: vi.fn(),
}))

vi.mock('../../../services/editing', () => ({ archiveReward: vi.fn(), restockReward: vi.fn() }))

const beans = vi.mocked(getMyBeans)
const rewards = vi.mocked(listRewards)
const redeem = vi.mocked(redeemReward)

beforeEach(() => {
  resetTaroMock()
  for (const fn of [beans, rewards, redeem]) fn.mockReset()
  loginAs(['talent'])
  beans.mockResolvedValue({ balance: 100, movements: [], nextCursor: null })
  rewards.mockResolvedValue({ items: [
    reward({ perPersonLimit: 1, limitPeriod: 'month', validUntil: '2024-12-31T15:59:59Z', minCreditLevel: 2 }),
    reward({ id: REWARD_2, title: '家电维修', priceBeans: 200, stock: 0 }),
  ], nextCursor: null })
})
afterEach(cleanup)

function setup() {
  const { container } = render(<RewardsPage />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(container.querySelectorAll<HTMLElement>(sel))
  const item = (id: string) => container.querySelector<HTMLElement>(`.reward-item[data-id="${id}"]`)!
  return { container, q, all, item }
}

async function openDialog(f: ReturnType<typeof setup>) {
  await waitFor(() => expect(f.all('.reward-item')).toHaveLength(2))
  fireEvent.click(f.item(REWARD_ID).querySelector('.reward-redeem')!)
  await waitFor(() => expect(f.q('.redeem-dialog')).not.toBeNull())
}

describe('兑换 page', () => {
  it('lists rewards with price, stock, limit, validity and credit requirement; a sold-out one cannot be redeemed', async () => {
    const f = setup()
    expect(f.q('.rewards-loading')).not.toBeNull()
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(2))
    expect(f.q('.rewards-balance')?.textContent).toBe('100')
    const a = f.item(REWARD_ID)
    expect(a.querySelector('.reward-cost')?.textContent).toBe('30 金豆')
    expect(a.querySelector('.reward-left')?.textContent).toBe('5 份')
    expect(a.querySelector('.reward-limit')?.textContent).toBe('每月每人限 1 次')
    // shown in Beijing time
    expect(a.querySelector('.reward-validity')?.textContent).toMatch(/^至 (2024年)?12月31日 23:59$/)
    expect(a.querySelector('.reward-credit')?.textContent).toBe('「良好」及以上')
    expect(a.querySelector('.reward-provider')?.textContent).toBe('红星物业')
    const b = f.item(REWARD_2)
    expect(b.querySelector('.reward-redeem')).toBeNull()
    expect(b.querySelector('.reward-soldout')?.textContent).toBe('已兑完')
    expect(b.querySelector('.reward-limit')).toBeNull()
    expect(b.querySelector('.reward-validity')?.textContent).toBe('长期有效')
    // a resident does not publish rewards
    expect(f.q('.rewards-create')).toBeNull()
  })

  it('兑换 asks first, showing the balance after; 确认兑换 redeems with an Idempotency-Key and shows the code', async () => {
    const d = deferred<RedeemResult>()
    redeem.mockReturnValue(d.promise)
    const f = setup()
    await openDialog(f)
    expect(redeem).not.toHaveBeenCalled()
    expect(f.q('.redeem-after')?.textContent).toBe('您现有 100 个，兑换后剩余 70 个')
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(f.q('.redeem-confirm')?.textContent).toContain('正在兑换…'))
    // no second debit from a double tap, and no way to close the dialog mid-request
    fireEvent.click(f.q('.redeem-confirm')!)
    expect(redeem).toHaveBeenCalledTimes(1)
    expect(f.q('.redeem-dismiss')).toBeNull()
    const [rewardId, key] = redeem.mock.calls[0]
    expect(rewardId).toBe(REWARD_ID)
    expect(key).toMatch(/^[\x21-\x7e]{8,100}$/)
    beans.mockResolvedValue({ balance: 70, movements: [], nextCursor: null })
    d.resolve(redeemed({ code: '654321' }))
    await waitFor(() => expect(f.q('.redeem-success .redeem-code')?.textContent).toBe('654321'))
    // the QR is kept for 我的兑换, whose list does not carry it
    expect(recallQr(REDEMPTION_ID)).toBe(QR_SVG)
    await waitFor(() => expect(f.q('.rewards-balance')?.textContent).toBe('70'))
    fireEvent.click(f.q('.redeem-view')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageBeans/pages/redemptions/index' })
  })

  it('a timeout keeps the dialog; 再试一次 resends the same Idempotency-Key, so a retry never debits twice', async () => {
    redeem.mockRejectedValueOnce(new ApiError(0, 'timeout', TIMEOUT_ERROR_MESSAGE)).mockResolvedValueOnce(redeemed())
    const f = setup()
    await openDialog(f)
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(f.q('.redeem-error')?.textContent).toBe(TIMEOUT_ERROR_MESSAGE))
    expect(f.q('.redeem-confirm')?.textContent).toContain('再试一次')
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(f.q('.redeem-success')).not.toBeNull())
    expect(redeem).toHaveBeenCalledTimes(2)
    expect(redeem.mock.calls[1][1]).toBe(redeem.mock.calls[0][1])
  })

  it('closing after a timeout and tapping 兑换 again still resends the unfinished key; after success a new tap gets a new key', async () => {
    redeem.mockRejectedValueOnce(new ApiError(502, 'server_error', '服务暂时不可用，请稍后再试')).mockResolvedValue(redeemed())
    const f = setup()
    await openDialog(f)
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(f.q('.redeem-error')).not.toBeNull())
    fireEvent.click(f.q('.redeem-dismiss')!)
    await waitFor(() => expect(f.q('.redeem-dialog')).toBeNull())
    await openDialog(f)
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(f.q('.redeem-success')).not.toBeNull())
    expect(redeem.mock.calls[1][1]).toBe(redeem.mock.calls[0][1])
    fireEvent.click(f.q('.redeem-dismiss')!)
    await openDialog(f)
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(redeem).toHaveBeenCalledTimes(3))
    expect(redeem.mock.calls[2][1]).not.toBe(redeem.mock.calls[0][1])
  })

  it('金豆余额不足 from the server is shown in the dialog, with no retry, and the balance is refreshed', async () => {
    redeem.mockRejectedValue(new ApiError(409, 'bean.insufficient', '金豆余额不足'))
    const f = setup()
    await openDialog(f)
    beans.mockResolvedValue({ balance: 10, movements: [], nextCursor: null })
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(f.q('.redeem-error')?.textContent).toBe('金豆余额不足'))
    expect(f.q('.redeem-confirm')).toBeNull()
    expect(f.q('.redeem-dismiss')?.textContent).toBe('知道了')
    await waitFor(() => expect(f.q('.rewards-balance')?.textContent).toBe('10'))
    expect(f.q('.redeem-short')?.textContent).toContain('还差 20 个')
    expect(redeem).toHaveBeenCalledTimes(1)
  })

  it('when the known balance is too small the dialog says so and offers no confirm', async () => {
    beans.mockResolvedValue({ balance: 20, movements: [], nextCursor: null })
    const f = setup()
    await openDialog(f)
    expect(f.q('.redeem-short')?.textContent).toBe('金豆不够：您现有 20 个，还差 10 个')
    expect(f.q('.redeem-confirm')).toBeNull()
    expect(f.q('.redeem-after')).toBeNull()
  })

  it('other refusals (out of stock, limit, credit) are shown with the server\'s words', async () => {
    redeem.mockRejectedValue(new ApiError(403, 'reward.credit_too_low', '社区信用等级不够，暂不能兑换'))
    const f = setup()
    await openDialog(f)
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(f.q('.redeem-error')?.textContent).toBe('社区信用等级不够，暂不能兑换'))
    // the refusal was final: a new tap starts a new attempt with a new key
    fireEvent.click(f.q('.redeem-dismiss')!)
    await openDialog(f)
    fireEvent.click(f.q('.redeem-confirm')!)
    await waitFor(() => expect(redeem).toHaveBeenCalledTimes(2))
    expect(redeem.mock.calls[1][1]).not.toBe(redeem.mock.calls[0][1])
  })

  it('units and staff get 发布兑换项目', async () => {
    loginAs(['unit'])
    const f = setup()
    await waitFor(() => expect(f.q('.rewards-create')).not.toBeNull())
    fireEvent.click(f.q('.rewards-create')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageBeans/pages/reward-create/index' })
  })

  it('the catalogue still works when the balance cannot be loaded', async () => {
    beans.mockRejectedValue(new ApiError(0, 'network', '网络不给力'))
    const f = setup()
    await openDialog(f)
    expect(f.q('.rewards-balance')?.textContent).toBe('—')
    expect(f.q('.redeem-after')).toBeNull()
    expect(f.q('.redeem-confirm')).not.toBeNull()
  })

  it('pages: the next rewards come on reaching the bottom, then 没有更多了', async () => {
    rewards.mockReset()
    rewards.mockResolvedValueOnce({ items: [reward()], nextCursor: 'c1' }).mockResolvedValueOnce({ items: [reward({ id: REWARD_2, title: '家电维修' })], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(1))
    expect(rewards).toHaveBeenLastCalledWith(undefined, undefined)
    expect(f.q('.rewards-more')).not.toBeNull()
    triggerReachBottom()
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(2))
    expect(rewards).toHaveBeenLastCalledWith(undefined, 'c1')
    expect(f.q('.rewards-more')).toBeNull()
    expect(f.q('.rewards-end')?.textContent).toBe('没有更多了')
  })

  it('empty and error states', async () => {
    rewards.mockResolvedValueOnce({ items: [], nextCursor: null })
    let f = setup()
    await waitFor(() => expect(f.q('.rewards-empty')).not.toBeNull())
    cleanup()
    rewards.mockRejectedValueOnce(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试'))
    f = setup()
    await waitFor(() => expect(f.q('.rewards-error')?.textContent).toContain('服务暂时不可用'))
    fireEvent.click(f.q('.rewards-retry')!)
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(2))
  })
})

describe('管理兑换项目 (provider, staff)', () => {
  const restock = vi.mocked(restockReward)
  const archive = vi.mocked(archiveReward)
  beforeEach(() => {
    restock.mockReset()
    archive.mockReset()
    // REWARD_ID is mine; REWARD_2 is another provider's
    rewards.mockResolvedValue({ items: [reward({ providerId: ME }), reward({ id: REWARD_2, title: '家电维修' })], nextCursor: null })
  })

  it('a resident sees no management; a provider manages only their own; staff manage all of the community', async () => {
    let f = setup()
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(2))
    expect(f.item(REWARD_ID).querySelector('.reward-manage')).not.toBeNull()
    expect(f.item(REWARD_2).querySelector('.reward-manage')).toBeNull()
    fireEvent.click(f.item(REWARD_ID).querySelector('.reward-edit')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageBeans/pages/reward-create/index?id=${REWARD_ID}` })
    cleanup()
    loginAs(['staff'])
    f = setup()
    await waitFor(() => expect(f.all('.reward-manage')).toHaveLength(2))
  })

  it('补库存 asks how many, refuses nonsense, and shows the new stock', async () => {
    const f = setup()
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(2))
    fireEvent.click(f.item(REWARD_ID).querySelector('.reward-restock')!)
    await waitFor(() => expect(f.q('.restock-dialog')).not.toBeNull())
    fireEvent.click(f.q('.restock-confirm')!)
    await waitFor(() => expect(f.q('.field-error-add')?.textContent).toBe('请填写要增加的份数（正整数）'))
    expect(restock).not.toHaveBeenCalled()
    await waitFor(() => expect(f.q('.restock-count input')).not.toBeNull())
    fireEvent.input(f.q('.restock-count input')!, { target: { value: '10' } })
    restock.mockResolvedValue(reward({ providerId: ME, stock: 15 }))
    fireEvent.click(f.q('.restock-confirm')!)
    await waitFor(() => expect(restock).toHaveBeenCalledWith(REWARD_ID, 10))
    await waitFor(() => expect(f.q('.restock-dialog')).toBeNull())
    expect(f.item(REWARD_ID).querySelector('.reward-left')?.textContent).toBe('15 份')
  })

  it('下架 is confirmed first, says open redemptions stay valid, and takes the reward off the list', async () => {
    const f = setup()
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(2))
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.item(REWARD_ID).querySelector('.reward-archive')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('还没核销的仍然有效') })))
    // it names the reward and is drawn as a danger (red confirm)
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ content: expect.stringContaining('确定下架「免费理发一次」？'), confirmColor: '#c8102e' })
    expect(archive).not.toHaveBeenCalled()
    archive.mockResolvedValue(reward({ providerId: ME, status: 'archived' }))
    fireEvent.click(f.item(REWARD_ID).querySelector('.reward-archive')!)
    await waitFor(() => expect(archive).toHaveBeenCalledWith(REWARD_ID))
    await waitFor(() => expect(f.all('.reward-item')).toHaveLength(1))
  })
})
