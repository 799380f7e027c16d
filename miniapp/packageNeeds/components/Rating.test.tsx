import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resetTaroMock, storage } from '../../testing/taroMock'
import { revealFirstError } from '../../utils/formErrors'
import type { NeedDetail } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { needDetail } from '../../testing/fixtures'
import { RatingForm, RatingView } from './Rating'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../utils/formErrors', () => ({ revealFirstError: vi.fn(() => Promise.resolve(null)) }))

beforeEach(() => {
  resetTaroMock()
  vi.mocked(revealFirstError).mockClear()
})
afterEach(cleanup)

const rated = needDetail({ status: 'evaluated', rating: 4, ratingComment: '很快' })

function setup(submit: (rating: number, comment?: string) => Promise<NeedDetail> = async () => rated) {
  const submitFn = vi.fn(submit)
  const onSuccess = vi.fn()
  const { container } = render(<RatingForm needId='need-1' submit={submitFn} onSuccess={onSuccess} />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const star = (n: number) => fireEvent.click(q(`.rating-star-${n}`)!)
  const typeComment = (value: string) => fireEvent.input(q('.rating-comment textarea')!, { target: { value } })
  const send = () => fireEvent.click(q('.rating-submit')!)
  return { container, q, star, typeComment, send, submitFn, onSuccess }
}

describe('RatingForm', () => {
  it('offers five big stars and fills them up to the tapped one', async () => {
    const f = setup()
    for (const n of [1, 2, 3, 4, 5]) expect(f.q(`.rating-star-${n}`)).not.toBeNull()
    f.star(3)
    await waitFor(() => expect(f.q('.rating-star-3')?.className).toContain('is-on'))
    expect(f.q('.rating-star-1')?.className).toContain('is-on')
    expect(f.q('.rating-star-4')?.className).not.toContain('is-on')
    expect(f.q('.rating-choice')?.textContent).toBe('3 星 · 一般')
  })

  it('must pick stars before submitting: shows the Chinese error and sends nothing', async () => {
    const f = setup()
    f.send()
    await waitFor(() => expect(f.q('.field-error-rating')?.textContent).toBe('请选择 1 到 5 星'))
    expect(f.submitFn).not.toHaveBeenCalled()
    f.star(5)
    await waitFor(() => expect(f.q('.field-error-rating')).toBeNull())
  })

  it('submits the stars and the trimmed comment, then hands over the rated need', async () => {
    const f = setup()
    await waitFor(() => expect(f.q('.rating-comment textarea')).not.toBeNull())
    f.star(4)
    f.typeComment('  师傅来得很快  ')
    f.send()
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledWith(rated))
    expect(f.submitFn).toHaveBeenCalledWith(4, '师傅来得很快')
  })

  it('sends no comment when none was written', async () => {
    const f = setup()
    f.star(5)
    f.send()
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledWith(5, undefined))
  })

  it('shows the busy state, ignores double taps, and on failure keeps the stars and shows the server message', async () => {
    let reject!: (e: unknown) => void
    const f = setup(() => new Promise<NeedDetail>((_, rej) => { reject = rej }))
    await waitFor(() => expect(f.q('.rating-comment textarea')).not.toBeNull())
    f.star(2)
    f.typeComment('还没修好')
    f.send()
    await waitFor(() => expect(f.q('.rating-submit')?.className).toContain('is-disabled'))
    expect(f.q('.rating-submit')?.textContent).toContain('正在提交')
    f.send()
    expect(f.submitFn).toHaveBeenCalledTimes(1)
    reject(new ApiError(409, 'need.not_resolved', '只能评价已解决的需求'))
    await waitFor(() => expect(f.q('.rating-error')?.textContent).toBe('只能评价已解决的需求'))
    expect(f.q('.rating-star-2')?.className).toContain('is-on')
    expect((f.q('.rating-comment textarea') as HTMLTextAreaElement).value).toBe('还没修好')
    expect(f.q('.rating-submit')?.className).not.toContain('is-disabled')
    expect(f.onSuccess).not.toHaveBeenCalled()
  })

  it('puts a server error about the comment next to the comment', async () => {
    const f = setup(async () => {
      throw new ApiError(400, 'validation', '评价最多 500 个字', 'comment')
    })
    f.star(1)
    f.send()
    await waitFor(() => expect(f.q('.field-error-comment')?.textContent).toBe('评价最多 500 个字'))
  })
})

describe('RatingView', () => {
  it('shows the given stars, the words and the comment', () => {
    const { container } = render(<RatingView rating={4} comment='很快' />)
    const view = container.querySelector('.need-rating')!
    expect(view.querySelectorAll('.rating-star-view')).toHaveLength(5)
    expect(view.querySelectorAll('.rating-star-view.is-on')).toHaveLength(4)
    expect(view.textContent).toContain('4 星 · 满意')
    expect(view.querySelector('.rating-comment-view')?.textContent).toBe('很快')
  })
})

describe('RatingForm a11y, errors and drafts (issue 15)', () => {
  it('each star is a radio named by its stars; a refused submit reveals the error', async () => {
    const f = setup()
    expect([1, 2, 3, 4, 5].map((n) => f.q(`.rating-star-${n}`)?.getAttribute('aria-label'))).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星'])
    expect(f.q('.rating-star-4')?.getAttribute('role')).toBe('radio')
    f.send()
    await waitFor(() => expect(f.q('.field-error-rating')).not.toBeNull())
    expect(revealFirstError).toHaveBeenCalledTimes(1)
    f.star(4)
    await waitFor(() => expect(f.q('.rating-star-4')?.getAttribute('aria-checked')).toBe('true'))
  })

  it('the stars and comment come back after leaving, and are gone after sending', async () => {
    const f = setup()
    f.star(4)
    await waitFor(() => expect(f.q('.rating-comment textarea')).not.toBeNull())
    f.typeComment('师傅很耐心')
    await act(async () => { await new Promise((r) => setTimeout(r, 400)) })
    cleanup()
    const g = setup()
    await waitFor(() => expect(g.q('.rating-star-4')?.className).toContain('is-on'))
    await waitFor(() => expect((g.q('.rating-comment textarea') as HTMLTextAreaElement | null)?.value).toBe('师傅很耐心'))
    expect(g.q('.rating-draft')).not.toBeNull()
    g.send()
    await waitFor(() => expect(g.onSuccess).toHaveBeenCalled())
    expect(g.submitFn).toHaveBeenCalledWith(4, '师傅很耐心')
    await act(async () => { await new Promise((r) => setTimeout(r, 500)) })
    expect([...storage.keys()].filter((k) => k.startsWith('draft:'))).toEqual([])
  })
})
