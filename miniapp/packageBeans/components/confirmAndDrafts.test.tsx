import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Person } from '../../../core/contracts'
import type { AwardResult } from '../../services/beans'
import { ApiError } from '../../services/errors'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { COMMUNITY_A, ME, loginAs, reward } from '../testing/fixtures'
import { revealSpy } from '../../testing/reveal'
import { AwardForm } from './AwardForm'
import { RewardForm } from './RewardForm'

// Issue 15: awarding beans names the person and the amount first; the forms keep drafts and bring the first error
// into view.
vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

const LI: Person = { id: ME, displayName: '李师傅', phoneMasked: '138****0008', microGridName: '2号楼', roles: ['resident'] }
const RESULT: AwardResult = { transferId: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01', amount: 100, balance: 130 }
const NO = { confirm: false, cancel: true, content: '', errMsg: 'ok' }

beforeEach(() => {
  resetTaroMock()
  loginAs(['staff'])
})
afterEach(cleanup)

function award(submit = vi.fn(async (_input: unknown, _key: string) => RESULT), person: Person | null = LI) {
  const view = render(<AwardForm submit={submit} communityId={COMMUNITY_A} initialPerson={person} />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => view.container.querySelector<T>(sel)
  const type = (cls: string, value: string, tag = 'input') => fireEvent.input(q(`.${cls} ${tag}`)!, { target: { value } })
  return { ...view, q, type, submit }
}

const draftKeys = () => [...storage.keys()].filter((k) => k.startsWith('draft:'))

describe('发放金豆: confirmation naming the person and amount', () => {
  it('asks "确认给 李师傅 发放 100 金豆？" first; cancelling sends nothing, confirming sends once', async () => {
    const f = award()
    await waitFor(() => expect(f.q('.award-amount input')).not.toBeNull())
    f.type('award-amount', '100')
    f.type('award-reason', '协助社区搬运防汛物资', 'textarea')
    Taro.showModal.mockResolvedValueOnce(NO)
    fireEvent.click(f.q('.award-submit')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(Taro.showModal.mock.calls[0][0]?.content).toContain('确认给 李师傅 发放 100 金豆？')
    await new Promise((r) => setTimeout(r, 20))
    expect(f.submit).not.toHaveBeenCalled()
    fireEvent.click(f.q('.award-submit')!)
    await waitFor(() => expect(f.submit).toHaveBeenCalledTimes(1))
    expect(f.submit.mock.calls[0][0]).toMatchObject({ profileId: ME, amount: 100 })
    await waitFor(() => expect(f.q('.award-result')?.textContent).toContain('已发放 100 个金豆'))
  })

  it('a refused submit shows the errors and brings the first into view, without asking', async () => {
    const spy = revealSpy()
    const f = award()
    await waitFor(() => expect(f.q('.award-amount input')).not.toBeNull())
    fireEvent.click(f.q('.award-submit')!)
    await waitFor(() => expect(f.q('.field-error-amount')).not.toBeNull())
    await spy.revealed()
    expect(spy.focused()).toBe(f.q('.award-amount input'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    // a 400 naming a field is revealed too
    spy.scroll.mockClear()
    f.submit.mockRejectedValueOnce(new ApiError(400, 'request.invalid', '发放理由至少 2 个字', 'reason'))
    f.type('award-amount', '5')
    f.type('award-reason', '搬运', 'textarea')
    fireEvent.click(f.q('.award-submit')!)
    await waitFor(() => expect(f.q('.field-error-reason')?.textContent).toBe('发放理由至少 2 个字'))
    await spy.revealed()
  })

  it('keeps a draft: restored after leaving and coming back, cleared after the award', async () => {
    const first = award(undefined, null)
    await waitFor(() => expect(first.q('.award-amount input')).not.toBeNull())
    first.type('award-amount', '50')
    first.type('award-reason', '清扫楼道', 'textarea')
    await waitFor(() => expect(draftKeys()).toHaveLength(1), { timeout: 2000 })
    first.unmount()

    const again = award(undefined, LI)
    await waitFor(() => expect(again.q<HTMLInputElement>('.award-amount input')?.value).toBe('50'))
    expect(again.q<HTMLTextAreaElement>('.award-reason textarea')?.value).toBe('清扫楼道')
    expect(again.q('.award-draft-note')?.textContent).toContain('已恢复您上次没提交的内容')
    fireEvent.click(again.q('.award-submit')!)
    await waitFor(() => expect(again.submit).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(draftKeys()).toHaveLength(0))
    again.unmount()
    const third = award(undefined, LI)
    await new Promise((r) => setTimeout(r, 50))
    expect(third.q<HTMLInputElement>('.award-amount input')?.value).toBe('')
    expect(third.q('.award-draft-note')).toBeNull()
  })

  it('清空 throws the restored draft away', async () => {
    const first = award(undefined, LI)
    await waitFor(() => expect(first.q('.award-amount input')).not.toBeNull())
    first.type('award-amount', '20')
    await waitFor(() => expect(draftKeys()).toHaveLength(1), { timeout: 2000 })
    first.unmount()
    const again = award(undefined, LI)
    await waitFor(() => expect(again.q('.award-draft-note')).not.toBeNull())
    fireEvent.click(again.q('.award-draft-note .draft-discard')!)
    // Taro's Input re-creates its inner <input> asynchronously after the value changes
    await waitFor(() => expect(again.q<HTMLInputElement>('.award-amount input')?.value).toBe(''))
    expect(again.q('.award-draft-note .draft-discard')).toBeNull()
  })
})

describe('发布兑换 / 修改: drafts and the first error', () => {
  function rewardForm(submit = vi.fn(async () => reward())) {
    const onSuccess = vi.fn()
    const view = render(<RewardForm submit={submit} onSuccess={onSuccess} />)
    const q = <T extends HTMLElement = HTMLElement>(sel: string) => view.container.querySelector<T>(sel)
    const type = (cls: string, value: string) => fireEvent.input(q(`.${cls} input`)!, { target: { value } })
    return { ...view, q, type, submit, onSuccess }
  }

  it('a missing title is brought into view and its input focused', async () => {
    const spy = revealSpy()
    const f = rewardForm()
    await waitFor(() => expect(f.q('.reward-title input')).not.toBeNull())
    fireEvent.click(f.q('.reward-submit')!)
    await waitFor(() => expect(f.q('.field-error-title')).not.toBeNull())
    await spy.revealed()
    expect(spy.focused()).toBe(f.q('.reward-title input'))
    expect(f.submit).not.toHaveBeenCalled()
  })

  it('choices are radios; the draft comes back after leaving and is cleared once published', async () => {
    const f = rewardForm()
    await waitFor(() => expect(f.q('.reward-title input')).not.toBeNull())
    expect(f.q('.reward-limit-none')?.getAttribute('role')).toBe('radio')
    expect(f.q('.reward-limit-none')?.getAttribute('aria-checked')).toBe('true')
    f.type('reward-title', '免费理发一次')
    f.type('reward-price', '30')
    fireEvent.click(f.q('.reward-limit-month')!)
    expect(f.q('.reward-limit-month')?.getAttribute('aria-checked')).toBe('true')
    await waitFor(() => expect(draftKeys()).toHaveLength(1), { timeout: 2000 })
    f.unmount()

    const again = rewardForm()
    await waitFor(() => expect(again.q<HTMLInputElement>('.reward-title input')?.value).toBe('免费理发一次'))
    expect(again.q<HTMLInputElement>('.reward-price input')?.value).toBe('30')
    expect(again.q('.reward-limit-month')?.className).toContain('is-selected')
    again.type('reward-stock', '5')
    fireEvent.click(again.q('.reward-submit')!)
    await waitFor(() => expect(again.onSuccess).toHaveBeenCalledTimes(1))
    expect(draftKeys()).toHaveLength(0)
  })
})
