import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedDetail } from '../../../core/contracts'
import type { CreateNeedInput } from '../../services/needs'
import { needDetail, profile, similar } from '../../testing/fixtures'
import type { Profile } from '../../../core/contracts'
import { beijingDay } from '../../utils/format'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../services/errors'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { NeedForm } from './NeedForm'
import { revealFirstError } from '../../utils/formErrors'
import { act } from '@testing-library/react'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../utils/formErrors', () => ({ revealFirstError: vi.fn(() => Promise.resolve(null)) }))

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
})
afterEach(cleanup)

const need: NeedDetail = needDetail({ microGridId: null, microGridName: null })

function setup(submit: (input: CreateNeedInput) => Promise<NeedDetail> = vi.fn(async () => need), extra: { profile?: Profile; withSimilar?: boolean } = {}) {
  const onSuccess = vi.fn()
  const submitFn = vi.fn(submit)
  const search = vi.fn(async () => [similar()])
  const follow = vi.fn(async (id: string) => ({ id, followers: 3, following: true }))
  const { container } = render(
    <NeedForm
      submit={submitFn}
      onSuccess={onSuccess}
      profile={extra.profile}
      searchSimilar={extra.withSimilar ? search : undefined}
      followSimilar={extra.withSimilar ? follow : undefined}
    />,
  )
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
  const type = (sel: string, value: string) => fireEvent.input(q(`${sel} input`)!, { target: { value } })
  const fillRequired = () => {
    typeTitle('三号楼楼道灯坏了')
    pick('facility_repair')
    typeDescription(GOOD_DESCRIPTION)
  }
  return { container, q, ready, typeTitle, typeDescription, pick, submitForm, fieldError, submitFn, onSuccess, type, fillRequired, search, follow }
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
    expect(f.submitFn).toHaveBeenCalledWith({ title: '三号楼楼道灯坏了', description: GOOD_DESCRIPTION, category: 'facility_repair', urgency: 'normal' })
  })

  it('disables the button while submitting and ignores further taps', async () => {
    let resolve!: (n: NeedDetail) => void
    const f = setup(() => new Promise<NeedDetail>((r) => { resolve = r }))
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
    // no disabled="false" left behind either: Taro's H5 style greys out any button with the attribute
    expect((f.q('.need-submit') as HTMLElement & { disabled?: boolean }).disabled).toBeFalsy()
    expect(f.q('.need-submit')?.hasAttribute('disabled')).toBe(false)
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
    expect(f.submitFn).toHaveBeenLastCalledWith({ title: '三号楼楼道灯坏了', description: GOOD_DESCRIPTION, category: 'facility_repair', urgency: 'normal' })
  })

  it('sends the optional details: urgency, address, people affected and a Beijing-time window', async () => {
    const f = setup()
    await f.ready()
    f.fillRequired()
    fireEvent.click(f.q('.need-urgency-urgent')!)
    f.type('.need-address', ' 3号楼2单元501 ')
    f.type('.need-people', '12')
    fireEvent.click(f.q('.need-window-day-1')!)
    fireEvent.click(f.q('.need-window-slot-afternoon')!)
    f.submitForm()
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalled())
    const tomorrow = beijingDay(1)
    expect(f.submitFn).toHaveBeenCalledWith({
      title: '三号楼楼道灯坏了', description: GOOD_DESCRIPTION, category: 'facility_repair', urgency: 'urgent',
      address: '3号楼2单元501', peopleAffected: 12,
      windowFrom: `${tomorrow}T14:00:00+08:00`, windowTo: `${tomorrow}T18:00:00+08:00`,
    })
  })

  it('a day without a time slot is an error under the time', async () => {
    const f = setup()
    await f.ready()
    f.fillRequired()
    fireEvent.click(f.q('.need-window-day-0')!)
    f.submitForm()
    await waitFor(() => expect(f.fieldError('windowFrom')).toBe('请同时选择日期和时段'))
    expect(f.submitFn).not.toHaveBeenCalled()
  })

  it('a resident is not offered 代居民提交 or 巡查发现', async () => {
    const f = setup(undefined, { profile: profile() })
    await f.ready()
    expect(f.q('.need-source-on_behalf')).toBeNull()
    expect(f.q('.need-source-patrol')).toBeNull()
  })

  it('a grid worker submits on behalf of a resident found by name: their id is sent, never shown', async () => {
    const worker = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a06', roles: ['grid_worker'], displayName: '赵网格' })
    const wang = { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a07', displayName: '王奶奶', phoneMasked: '139****0007', microGridName: '3号楼', roles: ['resident'] }
    Taro.request.mockResolvedValue({ statusCode: 200, data: { items: [wang] } })
    const f = setup(undefined, { profile: worker })
    await f.ready()
    fireEvent.click(f.q('.need-source-on_behalf')!)
    await waitFor(() => expect(f.q('.need-behalf-person .person-picker-search input')).not.toBeNull())
    expect(f.q('.need-behalf-account')?.className).toContain('is-selected')
    f.fillRequired()
    f.submitForm()
    await waitFor(() => expect(f.q('.need-behalf-person .person-picker-field-error')?.textContent).toBe('请选择替哪位居民提交'))
    expect(f.submitFn).not.toHaveBeenCalled()
    f.type('.need-behalf-person .person-picker-search', '王')
    await waitFor(() => expect(f.q('.need-behalf-person .person-picker-row')).not.toBeNull())
    expect((Taro.request.mock.calls[0][0] as { url: string }).url).toBe(`/api/people?communityId=${worker.communityId}&q=${encodeURIComponent('王')}`)
    fireEvent.click(f.q('.need-behalf-person .person-picker-row')!)
    await waitFor(() => expect(f.q('.need-behalf-person .person-picker-chip')?.textContent).toContain('王奶奶'))
    expect(f.container.textContent).not.toContain(wang.id)
    f.submitForm()
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(1))
    const sent = f.submitFn.mock.calls[0][0]
    expect(sent).toMatchObject({ source: 'on_behalf', onBehalfOf: wang.id })
    // her own micro-grid (known to the server), not the worker's; no contact fields
    expect(sent.microGridId).toBeUndefined()
    expect(sent).not.toHaveProperty('contactName')
  })

  it('a grid worker submits on behalf of a resident without an account: name and phone required, their micro-grid by default', async () => {
    const worker = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a06', roles: ['grid_worker'], displayName: '赵网格' })
    const f = setup(undefined, { profile: worker })
    await f.ready()
    expect(f.q('.need-source-hotline')).toBeNull()
    expect(f.q('.need-source-resident')?.className).toContain('is-selected')
    fireEvent.click(f.q('.need-source-on_behalf')!)
    await waitFor(() => expect(f.q('.need-behalf-contact')).not.toBeNull())
    fireEvent.click(f.q('.need-behalf-contact')!)
    await waitFor(() => expect(f.q('.need-contact-name input')).not.toBeNull())
    f.fillRequired()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('contactName')).toBe('请填写居民姓名'))
    expect(f.fieldError('contactPhone')).toBe('请填写居民的联系电话')
    expect(f.submitFn).not.toHaveBeenCalled()
    f.type('.need-contact-name', '王奶奶')
    f.type('.need-contact-phone', '12')
    f.submitForm()
    await waitFor(() => expect(f.fieldError('contactPhone')).toBe('联系电话格式不正确'))
    f.type('.need-contact-phone', '02588886666')
    f.submitForm()
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledTimes(1))
    expect(f.submitFn).toHaveBeenCalledWith(expect.objectContaining({
      source: 'on_behalf', contactName: '王奶奶', contactPhone: '02588886666', microGridId: worker.microGridId,
    }))
  })

  it('巡查发现 needs no contact and is filed in the worker\'s micro-grid; the server\'s micro-grid error shows there', async () => {
    const worker = profile({ roles: ['grid_worker'] })
    const f = setup(async () => {
      throw new ApiError(400, 'need.micro_grid_required', '请选择所在微网格', 'microGridId')
    }, { profile: worker })
    await f.ready()
    fireEvent.click(f.q('.need-source-patrol')!)
    f.fillRequired()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('microGridId')).toBe('请选择所在微网格'))
    expect(f.submitFn).toHaveBeenCalledWith(expect.objectContaining({ source: 'patrol', microGridId: worker.microGridId }))
    expect(f.submitFn.mock.calls[0][0]).not.toHaveProperty('contactName')
  })

  it('staff may also enter a hotline call', async () => {
    const f = setup(undefined, { profile: profile({ roles: ['staff'] }) })
    await f.ready()
    expect(f.q('.need-source-hotline')).not.toBeNull()
  })

  it('looks for likely duplicates in the person\'s micro-grid while the title is typed, without blocking submit', async () => {
    const f = setup(undefined, { profile: profile(), withSimilar: true })
    await f.ready()
    f.typeTitle('三号楼楼道灯坏了')
    await waitFor(() => expect(f.q('.similar-needs')).not.toBeNull(), { timeout: 2000 })
    expect(f.search).toHaveBeenCalledWith(profile().microGridId, '三号楼楼道灯坏了')
    fireEvent.click(f.q('.similar-follow')!)
    await waitFor(() => expect(f.follow).toHaveBeenCalledTimes(1))
    f.pick('facility_repair')
    f.typeDescription(GOOD_DESCRIPTION)
    f.submitForm()
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalled())
  })
})

describe('NeedForm drafts and errors (issue 15)', () => {
  const wait = () => act(async () => {
    await new Promise((r) => setTimeout(r, 400))
  })

  it('a refused submit reveals the first error; every category chip is a radio', async () => {
    vi.mocked(revealFirstError).mockClear()
    const f = setup()
    await f.ready()
    f.submitForm()
    await waitFor(() => expect(f.fieldError('title')).not.toBeNull())
    expect(revealFirstError).toHaveBeenCalledTimes(1)
    expect(f.q('.need-category-facility_repair')?.getAttribute('role')).toBe('radio')
    f.pick('facility_repair')
    await waitFor(() => expect(f.q('.need-category-facility_repair')?.getAttribute('aria-checked')).toBe('true'))
  })

  it('what was typed comes back after leaving the page, and is gone after a successful submit', async () => {
    const first = setup()
    await first.ready()
    first.typeTitle('三号楼楼道灯坏了')
    first.pick('facility_repair')
    await wait()
    cleanup()
    const again = setup()
    await waitFor(() => expect(again.q<HTMLInputElement>('.need-title input')?.value).toBe('三号楼楼道灯坏了'))
    expect(again.q('.need-category-facility_repair')?.className).toContain('is-selected')
    expect(again.q('.need-draft')?.textContent).toContain('已恢复您上次没提交的内容')
    again.typeDescription(GOOD_DESCRIPTION)
    again.submitForm()
    await waitFor(() => expect(again.submitFn).toHaveBeenCalled())
    await wait()
    expect([...storage.keys()].filter((k) => k.startsWith('draft:'))).toEqual([])
    cleanup()
    const third = setup()
    await third.ready()
    expect(third.q<HTMLInputElement>('.need-title input')?.value).toBe('')
    expect(third.q('.need-draft')).toBeNull()
  })
})
