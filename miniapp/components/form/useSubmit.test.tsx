import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../services/errors'
import { deferred } from '../../testing/fixtures'
import { resetTaroMock } from '../../testing/taroMock'
import { revealFirstError } from '../../utils/formErrors'
import { BusyButton } from '../BusyButton'
import { useSubmit, type RunOptions } from './useSubmit'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../utils/formErrors', () => ({ revealFirstError: vi.fn(() => Promise.resolve(null)) }))

const reveal = vi.mocked(revealFirstError)
beforeEach(() => {
  resetTaroMock()
  reveal.mockClear()
})
afterEach(cleanup)

function Form({ send, options }: { send: () => Promise<unknown>; options?: RunOptions<'title' | 'body'> }) {
  const f = useSubmit(['title', 'body'] as const, 'demo-error')
  return (
    <>
      {f.fieldError('title')}
      {f.fieldError('body')}
      {f.formError()}
      <BusyButton className='demo-submit' busy={f.busy} busyText='正在提交…' onClick={() => void f.run(send, options)}>
        提交
      </BusyButton>
      <BusyButton className='demo-check' busy={false} busyText='' onClick={() => f.setErrors({ body: '请填写内容' })}>
        检查
      </BusyButton>
    </>
  )
}

describe('useSubmit', () => {
  it('sends once while a write is out (a disabled Taro Button still clicks on H5) and shows it busy', async () => {
    const d = deferred<string>()
    const send = vi.fn(() => d.promise)
    const r = render(<Form send={send} />)
    const button = () => r.container.querySelector('.demo-submit')!
    fireEvent.click(button())
    fireEvent.click(button())
    fireEvent.click(button())
    await waitFor(() => expect(button().className).toContain('is-disabled'))
    expect(send).toHaveBeenCalledTimes(1)
    d.resolve('ok')
    await waitFor(() => expect(button().className).not.toContain('is-disabled'))
    fireEvent.click(button())
    expect(send).toHaveBeenCalledTimes(2)
  })

  it('puts the server\'s message next to the field it names, else under the form, and reveals it', async () => {
    const send = vi.fn().mockRejectedValueOnce(new ApiError(400, 'bad', '标题太长了', 'title')).mockRejectedValueOnce(new ApiError(400, 'bad', '不认识的字段', 'other'))
    const r = render(<Form send={send} />)
    fireEvent.click(r.container.querySelector('.demo-submit')!)
    await waitFor(() => expect(r.container.querySelector('.field-error.field-error-title')?.textContent).toBe('标题太长了'))
    expect(r.container.querySelector('.form-error')).toBeNull()
    expect(reveal).toHaveBeenCalledTimes(1)
    fireEvent.click(r.container.querySelector('.demo-submit')!)
    await waitFor(() => expect(r.container.querySelector('.form-error.demo-error')?.textContent).toBe('不认识的字段'))
    // the errors of the previous try are gone
    expect(r.container.querySelector('.field-error-title')).toBeNull()
    expect(reveal).toHaveBeenCalledTimes(2)
  })

  it('a form\'s own refusal (setErrors) reveals the first error too', async () => {
    const r = render(<Form send={vi.fn()} />)
    fireEvent.click(r.container.querySelector('.demo-check')!)
    await waitFor(() => expect(r.container.querySelector('.field-error-body')?.textContent).toBe('请填写内容'))
    expect(reveal).toHaveBeenCalledTimes(1)
  })

  it('keepBusy: stays busy after success (the page leaves), a failure frees the form', async () => {
    const send = vi.fn().mockRejectedValueOnce(new Error('网络不好')).mockResolvedValue('ok')
    const r = render(<Form send={send} options={{ keepBusy: true }} />)
    const button = () => r.container.querySelector('.demo-submit')!
    fireEvent.click(button())
    await waitFor(() => expect(r.container.querySelector('.form-error')).not.toBeNull())
    expect(button().className).not.toContain('is-disabled')
    fireEvent.click(button())
    await waitFor(() => expect(send).toHaveBeenCalledTimes(2))
    await new Promise((res) => setTimeout(res, 20))
    expect(button().className).toContain('is-disabled')
    fireEvent.click(button())
    expect(send).toHaveBeenCalledTimes(2)
  })

  it('errorsFor places a failure where the form says, and falls back to the default when it returns nothing', async () => {
    const errorsFor = (err: unknown) => (err instanceof ApiError && err.code === 'too_long' ? { body: '内容太长', form: '请按红字提示修改后再提交' } : undefined)
    const send = vi.fn().mockRejectedValueOnce(new ApiError(400, 'too_long', 'x')).mockRejectedValueOnce(new ApiError(500, 'oops', '服务器开小差了'))
    const r = render(<Form send={send} options={{ errorsFor }} />)
    fireEvent.click(r.container.querySelector('.demo-submit')!)
    await waitFor(() => expect(r.container.querySelector('.field-error-body')?.textContent).toBe('内容太长'))
    expect(r.container.querySelector('.form-error')?.textContent).toBe('请按红字提示修改后再提交')
    fireEvent.click(r.container.querySelector('.demo-submit')!)
    await waitFor(() => expect(r.container.querySelector('.form-error')?.textContent).toBe('服务器开小差了'))
  })

  it('confirm: taps are refused while the question is open, the button is busy only once it is answered yes', async () => {
    const answer = deferred<boolean>()
    const confirm = vi.fn(() => answer.promise)
    const send = vi.fn().mockResolvedValue('ok')
    const r = render(<Form send={send} options={{ confirm }} />)
    const button = () => r.container.querySelector('.demo-submit')!
    fireEvent.click(button())
    fireEvent.click(button())
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(button().className).not.toContain('is-disabled')
    answer.resolve(false)
    await new Promise((res) => setTimeout(res, 10))
    expect(send).not.toHaveBeenCalled()
    confirm.mockResolvedValueOnce(true)
    fireEvent.click(button())
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1))
  })

  it('fieldHint and topField: a nested field the server names goes to its top field, with the hint under the form', async () => {
    function Nested() {
      const f = useSubmit(['slots'] as const, 'nested-error', { fieldHint: '请按红字提示修改后再提交', topField: true })
      return (
        <>
          {f.fieldError('slots')}
          {f.formError()}
          <BusyButton className='nested-submit' busy={f.busy} busyText='' onClick={() => void f.run(() => Promise.reject(new ApiError(400, 'bad', '时段已满', 'slots.0.capacity')))}>
            提交
          </BusyButton>
        </>
      )
    }
    const r = render(<Nested />)
    fireEvent.click(r.container.querySelector('.nested-submit')!)
    await waitFor(() => expect(r.container.querySelector('.field-error-slots')?.textContent).toBe('时段已满'))
    expect(r.container.querySelector('.form-error.nested-error')?.textContent).toBe('请按红字提示修改后再提交')
  })
})
