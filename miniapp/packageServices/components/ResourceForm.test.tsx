import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CreateResourceRequest, Resource } from '../../../core/contracts'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../services/errors'
import { ResourceForm } from './ResourceForm'
import { deferred } from '../../testing/fixtures'

afterEach(cleanup)

const COMMUNITY = '20000000-0000-4000-8000-00000000000a'

const resource: Resource = {
  id: '6f1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01',
  title: '红星物业水电维修队',
  description: '',
  kind: 'social',
  partnerType: 'property',
  categories: ['facility_repair'],
  capacity: 5,
  period: 'month',
  load: 0,
  communityId: COMMUNITY,
  communityIds: [COMMUNITY],
  gridIds: [],
  availability: [],
  publisherId: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a03',
  publisherName: '红星物业',
  status: 'active',
  contactName: '王经理',
  contactPhone: '13800138000',
  mine: true,
  createdAt: '2024-11-22T06:30:00Z',
}


function setup(opts: { isUnit?: boolean; submit?: (input: CreateResourceRequest) => Promise<Resource>; contactName?: string } = {}) {
  const onSuccess = vi.fn()
  const submitFn = vi.fn(opts.submit ?? (async () => resource))
  const { container } = render(
    <ResourceForm
      submit={submitFn}
      onSuccess={onSuccess}
      isUnit={opts.isUnit ?? false}
      communityIds={[COMMUNITY]}
      initialContactName={opts.contactName ?? ''}
    />,
  )
  const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
  const ready = () =>
    waitFor(() => {
      expect(q('.resource-title input')).not.toBeNull()
      expect(q('.resource-capacity input')).not.toBeNull()
      expect(q('.resource-contact-name input')).not.toBeNull()
      expect(q('.resource-contact-phone input')).not.toBeNull()
    })
  const type = (cls: string, value: string) => fireEvent.input(q<HTMLInputElement>(`.${cls} input`)!, { target: { value } })
  const click = (sel: string) => fireEvent.click(q(sel)!)
  const submitForm = () => click('.resource-submit')
  const fieldError = (field: string) => q(`.field-error.field-error-${field}`)?.textContent ?? null
  const fillValid = () => {
    type('resource-title', '水电维修队')
    click('.resource-kind-social')
    click('.resource-category-facility_repair')
    click('.resource-category-housekeeping')
    type('resource-capacity', '5')
    type('resource-contact-name', '王经理')
    type('resource-contact-phone', '13800138000')
  }
  return { container, q, ready, type, click, submitForm, fieldError, fillValid, submitFn, onSuccess }
}

describe('ResourceForm', () => {
  it('shows every missing field\'s Chinese error next to it and sends nothing', async () => {
    const f = setup()
    await f.ready()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('title')).toBe('资源名称至少 2 个字'))
    expect(f.fieldError('kind')).toBe('请选择资源类型')
    expect(f.fieldError('categories')).toBe('请至少选择一个服务类别')
    expect(f.fieldError('capacity')).toBe('服务能力必须是数字')
    expect(f.fieldError('contactName')).toBe('请填写联系人')
    expect(f.fieldError('contactPhone')).toBe('联系电话格式不正确')
    expect(f.q('.resource-form-error')?.textContent).toBe('请按红字提示修改后再提交')
    expect(f.submitFn).not.toHaveBeenCalled()
  })

  it('rejects a capacity of 0 and a malformed phone with their own messages', async () => {
    const f = setup()
    await f.ready()
    f.fillValid()
    f.type('resource-capacity', '0')
    f.type('resource-contact-phone', '12ab')
    f.submitForm()
    await waitFor(() => expect(f.fieldError('capacity')).toBe('每期至少能服务 1 个需求'))
    expect(f.fieldError('contactPhone')).toBe('联系电话格式不正确')
    expect(f.fieldError('title')).toBeNull()
    expect(f.submitFn).not.toHaveBeenCalled()
  })

  it('categories are a multi-select: a second tap deselects', async () => {
    const f = setup()
    await f.ready()
    expect(f.container.querySelectorAll('[class*="resource-category-"]')).toHaveLength(12)
    f.click('.resource-category-medical')
    f.click('.resource-category-legal')
    await waitFor(() => expect(f.q('.resource-category-legal')?.className).toContain('is-selected'))
    expect(f.q('.resource-category-medical')?.className).toContain('is-selected')
    f.click('.resource-category-medical')
    await waitFor(() => expect(f.q('.resource-category-medical')?.className).not.toContain('is-selected'))
    expect(f.q('.resource-category-legal')?.className).toContain('is-selected')
  })

  it('sends the parsed request with the default community and period', async () => {
    const f = setup({ contactName: '王经理' })
    await f.ready()
    expect(f.q<HTMLInputElement>('.resource-contact-name input')?.value).toBe('王经理')
    f.fillValid()
    f.click('.resource-period-week')
    f.submitForm()
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(1))
    expect(f.submitFn.mock.calls[0][0]).toEqual({
      title: '水电维修队',
      description: '',
      kind: 'social',
      categories: ['facility_repair', 'housekeeping'],
      capacity: 5,
      period: 'week',
      communityIds: [COMMUNITY],
      gridIds: [],
      availability: [],
      contactName: '王经理',
      contactPhone: '13800138000',
    })
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledWith(resource))
  })

  it('a unit must choose its partner type; others are not offered one', async () => {
    const other = setup()
    await other.ready()
    expect(other.q('.resource-partner-red')).toBeNull()
    cleanup()

    const f = setup({ isUnit: true })
    await f.ready()
    f.fillValid()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('partnerType')).toBe('请选择合伙人类型'))
    expect(f.submitFn).not.toHaveBeenCalled()
    f.click('.resource-partner-property')
    await waitFor(() => expect(f.fieldError('partnerType')).toBeNull())
    f.submitForm()
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(1))
    expect(f.submitFn.mock.calls[0][0].partnerType).toBe('property')
  })

  it('shows the loading state while publishing and does not publish twice', async () => {
    const d = deferred<Resource>()
    const f = setup({ submit: () => d.promise })
    await f.ready()
    f.fillValid()
    f.submitForm()
    await waitFor(() => expect(f.q('.resource-submit')?.textContent).toContain('正在发布…'))
    expect(f.q('.resource-submit')?.className).toContain('is-disabled')
    f.submitForm()
    f.submitForm()
    expect(f.submitFn).toHaveBeenCalledTimes(1)
    d.resolve(resource)
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledTimes(1))
  })

  it('puts the server\'s message next to the field it names and keeps every value', async () => {
    const f = setup({ submit: async () => Promise.reject(new ApiError(400, 'request.invalid', '请选择需求类别', 'categories.1')) })
    await f.ready()
    f.fillValid()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('categories')).toBe('请选择需求类别'))
    expect(f.q<HTMLInputElement>('.resource-title input')?.value).toBe('水电维修队')
    expect(f.q<HTMLInputElement>('.resource-capacity input')?.value).toBe('5')
    expect(f.q<HTMLInputElement>('.resource-contact-phone input')?.value).toBe('13800138000')
    expect(f.q('.resource-kind-social')?.className).toContain('is-selected')
    expect(f.q('.resource-category-housekeeping')?.className).toContain('is-selected')
    // ready to try again
    expect(f.q('.resource-submit')?.textContent).toContain('发布资源')
    f.submitForm()
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(2))
    expect(f.onSuccess).not.toHaveBeenCalled()
  })

  it('a failure without a visible field is shown above the button', async () => {
    const f = setup({ submit: async () => Promise.reject(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)) })
    await f.ready()
    f.fillValid()
    f.submitForm()
    await waitFor(() => expect(f.q('.resource-form-error')?.textContent).toBe(NETWORK_ERROR_MESSAGE))
    expect(f.q('.field-error')).toBeNull()
    expect(f.q<HTMLInputElement>('.resource-title input')?.value).toBe('水电维修队')
  })

  it('clears a field\'s error once the person edits that field', async () => {
    const f = setup()
    await f.ready()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('title')).not.toBeNull())
    f.type('resource-title', '义诊')
    await waitFor(() => expect(f.fieldError('title')).toBeNull())
    expect(f.fieldError('kind')).toBe('请选择资源类型')
  })
})

describe('ResourceForm (修改)', () => {
  it('is prefilled with the resource and sends the changes to update; a refusal keeps the text', async () => {
    const update = vi.fn().mockResolvedValueOnce({ ...resource, capacity: 8 })
    const onSuccess = vi.fn()
    const { container } = render(<ResourceForm initial={resource} update={update} isUnit communityIds={[COMMUNITY]} onSuccess={onSuccess} />)
    const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
    await waitFor(() => expect(q<HTMLInputElement>('.resource-title input')?.value).toBe('红星物业水电维修队'))
    expect(q<HTMLInputElement>('.resource-capacity input')?.value).toBe('5')
    expect(q('.resource-submit')?.textContent).toBe('保存修改')
    fireEvent.input(q('.resource-capacity input')!, { target: { value: '8' } })
    fireEvent.click(q('.resource-submit')!)
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1))
    expect(update.mock.calls[0][0]).toMatchObject({
      id: resource.id, title: '红星物业水电维修队', kind: 'social', partnerType: 'property', categories: ['facility_repair'],
      capacity: 8, period: 'month', contactName: '王经理', contactPhone: '13800138000',
    })
    await waitFor(() => expect(onSuccess).toHaveBeenCalled())
  })

  it('the server refusing a field shows it there', async () => {
    const update = vi.fn().mockRejectedValue(new ApiError(409, 'resource.archived', '这项资源已经下架了'))
    const { container } = render(<ResourceForm initial={resource} update={update} isUnit communityIds={[COMMUNITY]} onSuccess={vi.fn()} />)
    const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel)
    await waitFor(() => expect(q('.resource-title input')).not.toBeNull())
    fireEvent.input(q('.resource-title input')!, { target: { value: '水电维修（夜间）' } })
    fireEvent.click(q('.resource-submit')!)
    await waitFor(() => expect(q('.resource-form-error')?.textContent).toBe('这项资源已经下架了'))
    expect(q<HTMLInputElement>('.resource-title input')?.value).toBe('水电维修（夜间）')
  })
})
