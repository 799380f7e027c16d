import { cleanup, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { evaluateService } from '../../services/services'
import { resetTaroMock, storage } from '../../testing/taroMock'
import { revealFirstError } from '../../utils/formErrors'
import { COMMUNITY_A, PROJECT_ID, detail, loginAs, resource } from '../testing/fixtures'
import { RatingForm } from './RatingForm'
import { ResourceForm } from './ResourceForm'
import { harness } from '../../testing/harness'

// Issue 15: 发布资源 and 评价 keep what was typed until it goes through, and bring a refused field into view.

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/services', () => ({ evaluateService: vi.fn() }))
vi.mock('../../utils/formErrors', () => ({ revealFirstError: vi.fn(() => Promise.resolve(null)) }))

const reveal = vi.mocked(revealFirstError)
const saved = () => new Promise((r) => setTimeout(r, 400))
const draftKeys = (form: string) => [...storage.keys()].filter((k) => k.startsWith('draft:') && k.endsWith(`:${form}`))

beforeEach(() => {
  resetTaroMock()
  loginAs(['unit'])
  reveal.mockClear()
})
afterEach(cleanup)
vi.setConfig({ testTimeout: 20_000 })


describe('发布资源 form', () => {
  const form = (submit = vi.fn().mockResolvedValue(resource())) => (
    <ResourceForm submit={submit} onSuccess={vi.fn()} isUnit={false} communityIds={[COMMUNITY_A]} />
  )

  it('a refused submit brings the first error into view; chips carry their roles', async () => {
    const f = harness(form())
    f.click('.resource-submit')
    await waitFor(() => expect(f.q('.field-error-title')).not.toBeNull())
    expect(reveal).toHaveBeenCalled()
    expect(f.q('.resource-kind-social')?.getAttribute('role')).toBe('radio')
    expect(f.q('.resource-category-facility_repair')?.getAttribute('role')).toBe('checkbox')
  })

  it('the draft comes back after leaving and goes once published', async () => {
    const submit = vi.fn().mockResolvedValue(resource())
    const a = harness(form(submit))
    await a.type('.resource-title input', '水电维修队')
    a.click('.resource-kind-social')
    a.click('.resource-category-facility_repair')
    await a.type('.resource-capacity input', '5')
    await saved()
    a.unmount()
    expect(draftKeys('resource:new')).toHaveLength(1)

    const b = harness(form(submit))
    await waitFor(() => expect(b.q<HTMLInputElement>('.resource-title input')?.value).toBe('水电维修队'))
    expect(b.q('.resource-category-facility_repair')?.getAttribute('aria-checked')).toBe('true')
    expect(b.q('.resource-draft-note')).not.toBeNull()
    await b.type('.resource-contact-name input', '王经理')
    await b.type('.resource-contact-phone input', '13800138000')
    await saved()
    b.click('.resource-submit')
    await waitFor(() => expect(submit).toHaveBeenCalled())
    await saved()
    expect(draftKeys('resource:new')).toEqual([])
  })
})

describe('评价 form', () => {
  it('no star: refused and scrolled to; stars and comment come back per project, and go once rated', async () => {
    const p = detail({ status: 'completed', canEvaluate: true })
    const a = harness(<RatingForm project={p} onChange={vi.fn()} />)
    a.click('.service-rate')
    await waitFor(() => expect(a.q('.field-error-rating')).not.toBeNull())
    expect(reveal).toHaveBeenCalled()
    a.click('.service-star-4')
    expect(a.q('.service-star-4')?.getAttribute('aria-checked')).toBe('true')
    await a.type('.service-rate-comment textarea', '师傅很细心')
    await saved()
    a.unmount()
    expect(draftKeys(`service-rating:${PROJECT_ID}`)).toHaveLength(1)

    vi.mocked(evaluateService).mockResolvedValue(detail({ status: 'evaluated', rating: 4 }))
    const b = harness(<RatingForm project={p} onChange={vi.fn()} />)
    await waitFor(() => expect(b.q<HTMLTextAreaElement>('.service-rate-comment textarea')?.value).toBe('师傅很细心'))
    expect(b.q('.service-star-4')?.className).toContain('is-on')
    await saved()
    b.click('.service-rate')
    await waitFor(() => expect(evaluateService).toHaveBeenCalledWith({ id: PROJECT_ID, rating: 4, comment: '师傅很细心' }))
    await saved()
    expect(draftKeys(`service-rating:${PROJECT_ID}`)).toEqual([])
  })
})
