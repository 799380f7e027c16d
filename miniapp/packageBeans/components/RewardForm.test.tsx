import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Reward } from '../../../core/contracts'
import type { CreateRewardInput } from '../../services/beans'
import { ApiError } from '../../services/errors'
import { beijingDay } from '../../utils/format'
import { deferred, reward } from '../testing/fixtures'
import { RewardForm } from './RewardForm'

afterEach(cleanup)

function setup(submit?: (input: CreateRewardInput) => Promise<Reward>) {
  const onSuccess = vi.fn()
  const submitFn = vi.fn(submit ?? (async () => reward()))
  const { container } = render(<RewardForm submit={submitFn} onSuccess={onSuccess} />)
  const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
  const ready = () => waitFor(() => expect(q('.reward-title input')).not.toBeNull())
  const type = (cls: string, value: string, tag = 'input') => fireEvent.input(q<HTMLInputElement>(`.${cls} ${tag}`)!, { target: { value } })
  const click = (sel: string) => fireEvent.click(q(sel)!)
  const fieldError = (field: string) => q(`.field-error.field-error-${field}`)?.textContent ?? null
  const fillValid = () => {
    type('reward-title', '免费理发一次')
    type('reward-price', '30')
    type('reward-stock', '5')
  }
  return { container, q, ready, type, click, fieldError, fillValid, submitFn, onSuccess }
}

describe('RewardForm (发布兑换)', () => {
  it('shows each missing field\'s Chinese error next to it and sends nothing', async () => {
    const f = setup()
    await f.ready()
    f.click('.reward-submit')
    await waitFor(() => expect(f.fieldError('title')).toBe('名称至少 2 个字'))
    expect(f.fieldError('priceBeans')).toBe('所需金豆必须是数字')
    expect(f.fieldError('stock')).toBe('库存必须是数字')
    expect(f.q('.reward-form-error')?.textContent).toBe('请按红字提示修改后再提交')
    expect(f.submitFn).not.toHaveBeenCalled()
  })

  it('rejects a price of 0, a negative stock and a missing limit count', async () => {
    const f = setup()
    await f.ready()
    f.fillValid()
    f.type('reward-price', '0')
    f.type('reward-stock', '-1')
    f.click('.reward-limit-week')
    await waitFor(() => expect(f.q('.reward-limit-count input')).not.toBeNull())
    f.type('reward-limit-count', '')
    f.click('.reward-submit')
    await waitFor(() => expect(f.fieldError('priceBeans')).toBe('至少需要 1 个金豆'))
    expect(f.fieldError('stock')).toBe('库存不能为负数')
    expect(f.fieldError('perPersonLimit')).toBe('请填写次数，至少 1 次')
    expect(f.fieldError('title')).toBeNull()
    expect(f.submitFn).not.toHaveBeenCalled()
  })

  it('sends the parsed request with limit, validity and credit level', async () => {
    const f = setup()
    await f.ready()
    f.fillValid()
    f.click('.reward-limit-month')
    await waitFor(() => expect(f.q('.reward-limit-count input')).not.toBeNull())
    f.type('reward-limit-count', '2')
    f.click('.reward-valid-30')
    f.click('.reward-credit-2')
    f.type('reward-desc', '周三下午', 'textarea')
    f.click('.reward-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(1))
    expect(f.submitFn.mock.calls[0][0]).toEqual({
      title: '免费理发一次',
      description: '周三下午',
      priceBeans: 30,
      stock: 5,
      perPersonLimit: { count: 2, period: 'month' },
      validUntil: `${beijingDay(30)}T23:59:59+08:00`,
      minCreditLevel: 2,
    })
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledWith(reward()))
  })

  it('defaults: no limit, no end date, no credit requirement', async () => {
    const f = setup()
    await f.ready()
    f.fillValid()
    expect(f.q('.reward-limit-none')?.className).toContain('is-selected')
    expect(f.q('.reward-limit-count')).toBeNull()
    f.click('.reward-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(1))
    expect(f.submitFn.mock.calls[0][0]).toEqual({ title: '免费理发一次', priceBeans: 30, stock: 5 })
  })

  it('shows the loading state while publishing and does not publish twice', async () => {
    const d = deferred<Reward>()
    const f = setup(() => d.promise)
    await f.ready()
    f.fillValid()
    f.click('.reward-submit')
    await waitFor(() => expect(f.q('.reward-submit')?.textContent).toContain('正在发布…'))
    f.click('.reward-submit')
    expect(f.submitFn).toHaveBeenCalledTimes(1)
    d.resolve(reward())
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledTimes(1))
  })

  it('puts the server\'s message next to the field it names and keeps every value', async () => {
    const f = setup(() => Promise.reject(new ApiError(400, 'reward.validity_invalid', '截止日期要晚于现在', 'validUntil')))
    await f.ready()
    f.fillValid()
    f.click('.reward-valid-90')
    f.click('.reward-submit')
    await waitFor(() => expect(f.fieldError('validUntil')).toBe('截止日期要晚于现在'))
    expect(f.q<HTMLInputElement>('.reward-title input')?.value).toBe('免费理发一次')
    expect(f.q<HTMLInputElement>('.reward-price input')?.value).toBe('30')
    expect(f.q('.reward-valid-90')?.className).toContain('is-selected')
    expect(f.q('.reward-submit')?.textContent).toContain('发布兑换项目')
  })

  it('a refusal without a field (e.g. 403) is shown above the button', async () => {
    const f = setup(() => Promise.reject(new ApiError(403, 'auth.forbidden', '您没有权限进行这个操作')))
    await f.ready()
    f.fillValid()
    f.click('.reward-submit')
    await waitFor(() => expect(f.q('.reward-form-error')?.textContent).toBe('您没有权限进行这个操作'))
    expect(f.q('.field-error')).toBeNull()
  })
})

describe('RewardForm (修改)', () => {
  function edit(initial: Reward, update: ReturnType<typeof vi.fn> = vi.fn(async (_input: unknown) => initial)) {
    const onSuccess = vi.fn()
    const { container } = render(<RewardForm initial={initial} update={update} onSuccess={onSuccess} />)
    const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
    const type = (cls: string, value: string) => fireEvent.input(q<HTMLInputElement>(`.${cls} input`)!, { target: { value } })
    return { q, type, update, onSuccess, ready: () => waitFor(() => expect(q('.reward-title input')).not.toBeNull()) }
  }

  it('is prefilled, keeps the end date unless changed, says a new price applies from now on, and sends no stock', async () => {
    const f = edit(reward({ perPersonLimit: 2, limitPeriod: 'month', validUntil: '2099-12-31T15:59:59Z' }))
    await f.ready()
    expect(f.q<HTMLInputElement>('.reward-title input')?.value).toBe('免费理发一次')
    expect(f.q('.reward-limit-month')?.className).toContain('is-selected')
    expect(f.q('.reward-valid-keep')?.className).toContain('is-selected')
    expect(f.q('.reward-stock input')).toBeNull()
    expect(f.q('.reward-stock-note')?.textContent).toContain('现有 5 份')
    f.type('reward-price', '40')
    await waitFor(() => expect(f.q('.reward-price-note')?.textContent).toContain('已兑换的按原价'))
    fireEvent.click(f.q('.reward-limit-none')!)
    fireEvent.click(f.q('.reward-submit')!)
    await waitFor(() => expect(f.update).toHaveBeenCalled())
    expect(f.update.mock.calls[0][0]).toEqual({
      id: reward().id, title: '免费理发一次', description: '周三下午在物业活动室', priceBeans: 40, perPersonLimit: null, minCreditLevel: 0,
    })
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalled())
  })

  it('a refusal lands next to its field and keeps what was typed', async () => {
    const f = edit(reward(), vi.fn().mockRejectedValue(new ApiError(409, 'reward.archived', '这个兑换项目已经下架了')))
    await f.ready()
    f.type('reward-title', '免费理发两次')
    fireEvent.click(f.q('.reward-submit')!)
    await waitFor(() => expect(f.q('.reward-form-error')?.textContent).toBe('这个兑换项目已经下架了'))
    expect(f.q<HTMLInputElement>('.reward-title input')?.value).toBe('免费理发两次')
  })
})
