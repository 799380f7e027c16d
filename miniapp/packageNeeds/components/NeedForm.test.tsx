import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CreateNeedRequest, Need } from '../../../core/contracts'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../services/errors'
import { NeedForm } from './NeedForm'

afterEach(cleanup)

const need: Need = {
  id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01',
  title: '三号楼楼道灯坏了',
  description: '三号楼二单元楼道灯坏了一个星期，晚上老人上下楼很不方便。',
  category: 'facility_repair',
  status: 'submitted',
  communityId: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a02',
  microGridId: null,
  createdBy: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a03',
  createdAt: '2024-11-22T06:30:00Z',
  updatedAt: '2024-11-22T06:30:00Z',
}

function setup(submit: (input: CreateNeedRequest) => Promise<Need> = vi.fn(async () => need)) {
  const onSuccess = vi.fn()
  const submitFn = vi.fn(submit)
  const { container } = render(<NeedForm submit={submitFn} onSuccess={onSuccess} />)
  const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
  const ready = () => waitFor(() => {
    expect(q('.need-title input')).not.toBeNull()
    expect(q('.need-description textarea')).not.toBeNull()
  })
  const typeTitle = (value: string) => fireEvent.input(q<HTMLInputElement>('.need-title input')!, { target: { value } })
  const typeDescription = (value: string) => fireEvent.input(q<HTMLTextAreaElement>('.need-description textarea')!, { target: { value } })
  const pick = (key: string) => fireEvent.click(q(`.need-category-${key}`)!)
  const submitForm = () => fireEvent.click(q('.need-submit')!)
  const fieldError = (field: string) => q(`.field-error.field-error-${field}`)?.textContent ?? null
  return { container, q, ready, typeTitle, typeDescription, pick, submitForm, fieldError, submitFn, onSuccess }
}

const GOOD_DESCRIPTION = '三号楼二单元楼道灯坏了一个星期，晚上老人上下楼很不方便。'

describe('NeedForm', () => {
  it('offers every category as a big button with its Chinese label', async () => {
    const f = setup()
    await f.ready()
    expect(f.q('.need-category-facility_repair')?.textContent).toBe('设施维修')
    expect(f.container.querySelectorAll('.category-option')).toHaveLength(12)
    f.pick('parking')
    await waitFor(() => expect(f.q('.need-category-parking')?.className).toContain('is-selected'))
    expect(f.q('.need-category-facility_repair')?.className).not.toContain('is-selected')
  })

  it('shows each field\'s Chinese error and does not submit an invalid form', async () => {
    const f = setup()
    await f.ready()
    f.typeTitle('灯坏')
    f.typeDescription('坏了')
    f.submitForm()
    await waitFor(() => expect(f.fieldError('title')).toBe('标题至少 4 个字'))
    expect(f.fieldError('description')).toBe('描述至少 10 个字，请说清楚遇到了什么问题')
    expect(f.fieldError('category')).toBe('请选择需求类别')
    expect(f.submitFn).not.toHaveBeenCalled()
  })

  it('an empty title and a whitespace-only description get their own messages', async () => {
    const f = setup()
    await f.ready()
    f.pick('other')
    f.typeDescription('          ')
    f.submitForm()
    await waitFor(() => expect(f.fieldError('title')).toBe('标题至少 4 个字'))
    expect(f.fieldError('description')).toBe('描述至少 10 个字，请说清楚遇到了什么问题')
    expect(f.fieldError('category')).toBeNull()
  })

  it('clears a field\'s error once the person edits that field', async () => {
    const f = setup()
    await f.ready()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('title')).not.toBeNull())
    f.typeTitle('楼道灯坏了')
    await waitFor(() => expect(f.fieldError('title')).toBeNull())
    expect(f.fieldError('description')).not.toBeNull()
  })

  it('counts description characters live', async () => {
    const f = setup()
    await f.ready()
    expect(f.q('.need-description-count')?.textContent).toBe('0/1000')
    f.typeDescription('楼道灯坏了')
    await waitFor(() => expect(f.q('.need-description-count')?.textContent).toBe('5/1000'))
  })

  it('submits the trimmed values and reports success', async () => {
    const f = setup()
    await f.ready()
    f.typeTitle('  三号楼楼道灯坏了 ')
    f.pick('facility_repair')
    f.typeDescription(GOOD_DESCRIPTION)
    f.submitForm()
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledWith(need))
    expect(f.submitFn).toHaveBeenCalledWith({ title: '三号楼楼道灯坏了', description: GOOD_DESCRIPTION, category: 'facility_repair' })
  })

  it('disables the button while submitting and ignores further taps', async () => {
    let resolve!: (n: Need) => void
    const f = setup(() => new Promise<Need>((r) => { resolve = r }))
    await f.ready()
    f.typeTitle('三号楼楼道灯坏了')
    f.pick('facility_repair')
    f.typeDescription(GOOD_DESCRIPTION)
    f.submitForm()
    await waitFor(() => expect(f.q('.need-submit')?.className).toContain('is-disabled'))
    const button = f.q('.need-submit') as HTMLElement & { disabled?: boolean }
    expect(button.disabled).toBe(true)
    expect(button.querySelector('.btn-spinner.is-on')).not.toBeNull()
    expect(button.textContent).toContain('正在提交')
    f.submitForm()
    f.submitForm()
    expect(f.submitFn).toHaveBeenCalledTimes(1)
    resolve(need)
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledTimes(1))
  })

  it('shows a server 400 next to the named field and keeps everything typed', async () => {
    const f = setup(async () => {
      throw new ApiError(400, 'validation', '标题里有不允许的词语', 'title')
    })
    await f.ready()
    f.typeTitle('三号楼楼道灯坏了')
    f.pick('facility_repair')
    f.typeDescription(GOOD_DESCRIPTION)
    f.submitForm()
    await waitFor(() => expect(f.fieldError('title')).toBe('标题里有不允许的词语'))
    expect(f.fieldError('description')).toBeNull()
    expect(f.q<HTMLInputElement>('.need-title input')!.value).toBe('三号楼楼道灯坏了')
    expect(f.q<HTMLTextAreaElement>('.need-description textarea')!.value).toBe(GOOD_DESCRIPTION)
    expect(f.q('.need-category-facility_repair')?.className).toContain('is-selected')
    // The button is usable again for a corrected retry.
    expect(f.q('.need-submit')?.className).not.toContain('is-disabled')
    expect((f.q('.need-submit') as HTMLElement & { disabled?: boolean }).disabled).toBe(false)
    expect(f.onSuccess).not.toHaveBeenCalled()
  })

  it('shows a network failure as a form error, keeps the input, and can retry', async () => {
    let calls = 0
    const f = setup(async () => {
      calls += 1
      if (calls === 1) throw new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)
      return need
    })
    await f.ready()
    f.typeTitle('三号楼楼道灯坏了')
    f.pick('facility_repair')
    f.typeDescription(GOOD_DESCRIPTION)
    f.submitForm()
    await waitFor(() => expect(f.q('.need-form-error')?.textContent).toBe(NETWORK_ERROR_MESSAGE))
    expect(f.q<HTMLInputElement>('.need-title input')!.value).toBe('三号楼楼道灯坏了')
    f.submitForm()
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledTimes(1))
    expect(f.submitFn).toHaveBeenLastCalledWith({ title: '三号楼楼道灯坏了', description: GOOD_DESCRIPTION, category: 'facility_repair' })
  })
})
