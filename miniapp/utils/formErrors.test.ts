import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Taro, resetTaroMock } from '../testing/taroMock'
import { revealFirstError } from './formErrors'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

/** Two H5 pages in the DOM, as Taro keeps them: the hidden one below has errors too, and must be ignored. */
function pages() {
  document.body.innerHTML = `
    <div class="taro_page taro_page_stationed taro_page_shade hidden-page">
      <div class="form-field"><input class="hidden-input" /><span class="field-error field-error-title">隐藏页的错误</span></div>
    </div>
    <div class="taro_page taro_page_stationed visible-page">
      <div class="form-field"><label>标题</label><input class="title-input" /></div>
      <div class="form-field field-desc"><label>描述</label><textarea class="desc-input"></textarea><span class="field-error field-error-description">请写清楚</span></div>
      <div class="form-field"><input class="phone-input" /><span class="field-error field-error-phone">手机号不对</span></div>
    </div>`
}

beforeEach(() => {
  resetTaroMock()
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
  vi.unstubAllEnvs()
})

describe('revealFirstError (H5)', () => {
  it('scrolls to the first error of the visible page and focuses its field\'s input', async () => {
    pages()
    const field = document.querySelector('.field-desc') as HTMLElement
    const scrollIntoView = vi.fn()
    field.scrollIntoView = scrollIntoView
    const promise = revealFirstError()
    await vi.advanceTimersByTimeAsync(50)
    await expect(promise).resolves.toBe('description')
    expect(document.activeElement?.className).toBe('desc-input')
    // the field, centred: clear of the sticky title bar, whichever element scrolls (Taro H5: its page panel)
    expect(scrollIntoView).toHaveBeenCalledWith({ block: 'center', behavior: 'auto' })
  })

  it('no error on the page: nothing happens', async () => {
    document.body.innerHTML = '<div class="taro_page taro_page_stationed"><div class="form-field"><input class="x" /></div></div>'
    const promise = revealFirstError()
    await vi.advanceTimersByTimeAsync(50)
    await expect(promise).resolves.toBeNull()
    expect(document.activeElement).toBe(document.body)
  })

  it('waits for the render that shows the errors', async () => {
    document.body.innerHTML = '<div class="taro_page taro_page_stationed"><div class="form-field"><input class="late" /></div></div>'
    const promise = revealFirstError()
    // the errors arrive after the call, in the same tick the state update renders
    const err = document.createElement('span')
    err.className = 'field-error field-error-late'
    document.querySelector('.form-field')!.appendChild(err)
    await vi.advanceTimersByTimeAsync(50)
    await expect(promise).resolves.toBe('late')
    expect(document.activeElement?.className).toBe('late')
  })
})

describe('revealFirstError (WeChat)', () => {
  it('asks WeChat to scroll to the first .field-error', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    const promise = revealFirstError()
    await vi.advanceTimersByTimeAsync(50)
    await promise
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '.field-error' }))
  })
})
