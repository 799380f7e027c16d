import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Person } from '../../../core/contracts'
import type { AwardInput, AwardResult } from '../../services/beans'
import { ApiError, TIMEOUT_ERROR_MESSAGE } from '../../services/errors'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { COMMUNITY_A, ME, deferred } from '../testing/fixtures'
import { AwardForm } from './AwardForm'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
  Taro.request.mockResolvedValue({ statusCode: 200, data: { items: [ZHOU] } })
})
afterEach(cleanup)

const ZHOU: Person = { id: ME, displayName: '周师傅', phoneMasked: '138****0008', microGridName: '2号楼', roles: ['resident', 'talent'] }

const RESULT: AwardResult = { transferId: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01', amount: 100, balance: 130 }

function setup(submit?: (input: AwardInput, key: string) => Promise<AwardResult>, initialPerson: Person | null = null) {
  const submitFn = vi.fn(submit ?? (async () => RESULT))
  const { container } = render(<AwardForm submit={submitFn} communityId={COMMUNITY_A} initialPerson={initialPerson} />)
  const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
  const ready = () => waitFor(() => expect(q('.award-amount input')).not.toBeNull())
  const type = (cls: string, value: string, tag = 'input') => fireEvent.input(q<HTMLInputElement>(`.${cls} ${tag}`)!, { target: { value } })
  const fieldError = (field: string) =>
    (field === 'profileId' ? q('.award-person .person-picker-field-error') : q(`.field-error.field-error-${field}`))?.textContent ?? null
  const submitForm = () => fireEvent.click(q('.award-submit')!)
  /** finds 周师傅 by name in the picker and taps the row */
  const pick = async () => {
    await waitFor(() => expect(q('.award-person .person-picker-search input')).not.toBeNull())
    type('person-picker-search', '周')
    await waitFor(() => expect(q('.award-person .person-picker-row')).not.toBeNull())
    fireEvent.click(q('.award-person .person-picker-row')!)
    await waitFor(() => expect(q('.award-person .person-picker-chip')?.textContent).toContain('周师傅'))
  }
  return { container, q, ready, type, fieldError, submitForm, submitFn, pick }
}

describe('AwardForm (发放金豆)', () => {
  it('checks every field before sending', async () => {
    const f = setup()
    await f.ready()
    f.type('award-amount', '0')
    f.type('award-reason', '好', 'textarea')
    f.submitForm()
    await waitFor(() => expect(f.fieldError('amount')).toBe('至少发放 1 个金豆'))
    expect(f.fieldError('profileId')).toBe('请选择发放对象')
    expect(f.fieldError('reason')).toBe('发放理由至少 2 个字')
    expect(f.submitFn).not.toHaveBeenCalled()
    // choosing someone clears the person's error
    await f.pick()
    expect(f.fieldError('profileId')).toBeNull()
  })

  it('awards with the person from the link, shows the result and empties amount and reason', async () => {
    const f = setup(undefined, ZHOU)
    await f.ready()
    expect(f.q('.award-person .person-picker-chip')?.textContent).toContain('周师傅')
    expect(f.container.textContent).not.toContain(ME)
    f.type('award-amount', '100')
    f.type('award-reason', '协助社区搬运防汛物资', 'textarea')
    f.submitForm()
    await waitFor(() => expect(f.q('.award-result')?.textContent).toContain('已发放 100 个金豆'))
    expect(f.q('.award-result')?.textContent).toContain('130')
    expect(f.submitFn.mock.calls[0][0]).toEqual({ profileId: ME, amount: 100, reason: '协助社区搬运防汛物资' })
    expect(f.q<HTMLInputElement>('.award-amount input')?.value).toBe('')
    expect(f.q('.award-person .person-picker-chip')?.textContent).toContain('周师傅')
  })

  it('after a timeout the same submission is resent with the same key; a new award gets a new one', async () => {
    const f = setup()
    f.submitFn.mockRejectedValueOnce(new ApiError(0, 'timeout', TIMEOUT_ERROR_MESSAGE))
    await f.ready()
    await f.pick()
    f.type('award-amount', '20')
    f.type('award-reason', '义务打扫楼道', 'textarea')
    f.submitForm()
    await waitFor(() => expect(f.q('.award-form-error')?.textContent).toBe(TIMEOUT_ERROR_MESSAGE))
    // the input is kept for the retry
    expect(f.q<HTMLInputElement>('.award-amount input')?.value).toBe('20')
    f.submitForm()
    await waitFor(() => expect(f.q('.award-result')).not.toBeNull())
    expect(f.submitFn.mock.calls[1][1]).toBe(f.submitFn.mock.calls[0][1])
    f.type('award-amount', '5')
    f.type('award-reason', '再次帮忙', 'textarea')
    f.submitForm()
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(3))
    expect(f.submitFn.mock.calls[2][1]).not.toBe(f.submitFn.mock.calls[0][1])
  })

  it('shows the server\'s message next to the named field, and busy while sending', async () => {
    const d = deferred<AwardResult>()
    const f = setup(() => d.promise)
    await f.ready()
    await f.pick()
    f.type('award-amount', '20')
    f.type('award-reason', '义务打扫楼道', 'textarea')
    f.submitForm()
    await waitFor(() => expect(f.q('.award-submit')?.textContent).toContain('正在发放…'))
    f.submitForm()
    expect(f.submitFn).toHaveBeenCalledTimes(1)
    d.reject(new ApiError(403, 'bean.award_self', '不能给自己发放金豆', 'profileId'))
    await waitFor(() => expect(f.fieldError('profileId')).toBe('不能给自己发放金豆'))
    expect(f.q<HTMLInputElement>('.award-reason textarea')?.value).toBe('义务打扫楼道')
  })
})
