import { act, cleanup, fireEvent, render } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IDS, profile, signIn } from '../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import { DRAFT_TTL_MS, clearDraft, draftKey, readDraft, useDraft, writeDraft } from './draft'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const OTHER = '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a99'

function loginAs(id: string) {
  signIn(profile({ id }))
}

beforeEach(() => {
  resetTaroMock()
  loginAs(IDS.resident)
  vi.useFakeTimers({ shouldAdvanceTime: false })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

/** A small form: a title, a submit that "succeeds", and the 已恢复 note with 清空. */
function Form({ name = 'need-create', enabled = true }: { name?: string; enabled?: boolean }) {
  const [title, setTitle] = useState('')
  const { restored, clear, discard } = useDraft(name, { title }, (d) => setTitle(d.title), { isEmpty: (v) => v.title.trim() === '', enabled })
  return (
    <div>
      <input className='title' value={title} onChange={(e) => setTitle(e.target.value)} />
      {restored && (
        <p className='restored'>
          已恢复您上次没提交的内容
          <button
            className='discard'
            onClick={() => {
              discard()
              setTitle('')
            }}
          >
            清空
          </button>
        </p>
      )}
      <button className='submit' onClick={() => clear()}>
        提交
      </button>
    </div>
  )
}

const type = (c: HTMLElement, value: string) => fireEvent.change(c.querySelector('.title')!, { target: { value } })
const settle = () => act(() => vi.advanceTimersByTime(400))

describe('draft storage', () => {
  it('the key holds the person: another account on the same phone sees nothing', () => {
    writeDraft('f', { a: 1 })
    expect(draftKey('f')).toBe(`draft:${IDS.resident}:f`)
    expect(readDraft('f')).toEqual({ a: 1 })
    loginAs(OTHER)
    expect(draftKey('f')).toBe(`draft:${OTHER}:f`)
    expect(readDraft('f')).toBeNull()
    loginAs(IDS.resident)
    expect(readDraft('f')).toEqual({ a: 1 })
  })

  it('a draft older than the TTL is dropped (and removed); a younger one is kept', () => {
    const t0 = 1_800_000_000_000
    writeDraft('f', { a: 1 }, t0)
    expect(readDraft('f', t0 + DRAFT_TTL_MS - 1)).toEqual({ a: 1 })
    expect(readDraft('f', t0 + DRAFT_TTL_MS + 1)).toBeNull()
    expect(storage.has(draftKey('f'))).toBe(false)
  })

  it('broken storage content is no draft; clearDraft removes', () => {
    storage.set(draftKey('f'), '{not json')
    expect(readDraft('f')).toBeNull()
    writeDraft('f', { a: 1 })
    clearDraft('f')
    expect(readDraft('f')).toBeNull()
  })
})

describe('useDraft', () => {
  it('saves as the person types, restores after the page is closed and opened again, and says so', () => {
    const first = render(<Form />)
    type(first.container, '楼道灯坏了')
    settle()
    expect(JSON.parse(storage.get(draftKey('need-create')) as string).value).toEqual({ title: '楼道灯坏了' })
    first.unmount()

    const second = render(<Form />)
    expect((second.container.querySelector('.title') as HTMLInputElement).value).toBe('楼道灯坏了')
    expect(second.container.querySelector('.restored')?.textContent).toContain('已恢复您上次没提交的内容')
  })

  it('a successful submit clears the draft; the submitted text is not saved again, new typing is', () => {
    const first = render(<Form />)
    type(first.container, '楼道灯坏了')
    settle()
    fireEvent.click(first.container.querySelector('.submit')!)
    expect(storage.has(draftKey('need-create'))).toBe(false)
    // the form still shows the submitted text until the page goes away: not saved again, not even on leaving
    settle()
    expect(storage.has(draftKey('need-create'))).toBe(false)
    first.unmount()
    const second = render(<Form />)
    expect((second.container.querySelector('.title') as HTMLInputElement).value).toBe('')
    expect(second.container.querySelector('.restored')).toBeNull()
    // a form that stays open for the next one (an invitation after another): new work is kept again
    type(second.container, '下一条')
    settle()
    fireEvent.click(second.container.querySelector('.submit')!)
    type(second.container, '再下一条')
    settle()
    expect(storage.has(draftKey('need-create'))).toBe(true)
    second.unmount()
  })

  it('typing just before leaving the page is kept (the pending save is written on unmount)', () => {
    const r = render(<Form />)
    type(r.container, '刚写完就离开')
    r.unmount()
    const again = render(<Form />)
    expect((again.container.querySelector('.title') as HTMLInputElement).value).toBe('刚写完就离开')
  })

  it('emptying the form removes the draft (isEmpty), and 清空 throws it away', () => {
    const r = render(<Form />)
    type(r.container, '有字')
    settle()
    expect(storage.has(draftKey('need-create'))).toBe(true)
    type(r.container, '  ')
    settle()
    expect(storage.has(draftKey('need-create'))).toBe(false)

    type(r.container, '再写一次')
    settle()
    r.unmount()
    const again = render(<Form />)
    fireEvent.click(again.container.querySelector('.discard')!)
    expect(storage.has(draftKey('need-create'))).toBe(false)
    expect(again.container.querySelector('.restored')).toBeNull()
    expect((again.container.querySelector('.title') as HTMLInputElement).value).toBe('')
  })

  it('another person on the same phone does not get the draft; an edit form keyed by id keeps its own', () => {
    const r = render(<Form name='need-edit:1' />)
    type(r.container, '一号的草稿')
    settle()
    r.unmount()
    const other = render(<Form name='need-edit:2' />)
    expect((other.container.querySelector('.title') as HTMLInputElement).value).toBe('')
    other.unmount()
    loginAs(OTHER)
    const stranger = render(<Form name='need-edit:1' />)
    expect((stranger.container.querySelector('.title') as HTMLInputElement).value).toBe('')
    stranger.unmount()
    loginAs(IDS.resident)
    const mine = render(<Form name='need-edit:1' />)
    expect((mine.container.querySelector('.title') as HTMLInputElement).value).toBe('一号的草稿')
  })

  it('not enabled (still loading): nothing read or written', () => {
    writeDraft('need-create', { title: '旧的' })
    const r = render(<Form enabled={false} />)
    expect((r.container.querySelector('.title') as HTMLInputElement).value).toBe('')
    type(r.container, '新的')
    settle()
    expect(readDraft('need-create')).toEqual({ title: '旧的' })
    expect(Taro.setStorageSync).toHaveBeenCalledTimes(1)
  })
})
