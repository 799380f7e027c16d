import { cleanup, fireEvent, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BusyButton } from './BusyButton'
import { EmptyState, ErrorState, Loaded, LoadingState, Pending } from './States'
import { ProjectStatusBadge, starText } from './ProjectStatusBadge'
import { StatusBadge } from './StatusBadge'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)
afterEach(cleanup)

describe('States', () => {
  it('loading, empty (with what to do next) and error with 重试', () => {
    const retry = vi.fn()
    const { container } = render(
      <>
        <LoadingState className='l' />
        <EmptyState className='e' text='还没有需求'>
          <span className='next'>去提交</span>
        </EmptyState>
        <ErrorState className='x' message='网络不给力' onRetry={retry} retryClassName='x-retry' />
      </>,
    )
    expect(container.querySelector('.l .state-text')?.textContent).toBe('正在加载…')
    expect(container.querySelector('.e .state-text')?.textContent).toBe('还没有需求')
    expect(container.querySelector('.e .next')).not.toBeNull()
    const error = container.querySelector('.x .state-error-text')!
    expect(error.textContent).toBe('网络不给力')
    // announced by a screen reader when it appears
    expect(error.getAttribute('role')).toBe('alert')
    const button = container.querySelector('.x-retry')!
    expect(button.textContent).toBe('重试')
    expect(button.className).toContain('btn')
    fireEvent.click(button)
    expect(retry).toHaveBeenCalledTimes(1)
  })
})

describe('Loaded', () => {
  const paged = (items: string[]) => ({ kind: 'ready' as const, message: '', items, nextCursor: null, more: false, moreError: '', page: null })

  it('loading, error with 重试, and nothing while idle', () => {
    const retry = vi.fn()
    const view = (state: { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: string }) => (
      <Loaded state={state} name='x' onRetry={retry}>{(d: string) => <span className='data'>{d}</span>}</Loaded>
    )
    const { container, rerender } = render(view({ kind: 'loading' }))
    expect(container.querySelector('.x-loading .state-text')?.textContent).toBe('正在加载…')
    rerender(view({ kind: 'error', message: '网络不给力' }))
    expect(container.querySelector('.x-error .state-error-text')?.textContent).toBe('网络不给力')
    fireEvent.click(container.querySelector('.x-retry')!)
    expect(retry).toHaveBeenCalledTimes(1)
    rerender(view({ kind: 'idle' }))
    expect(container.innerHTML).toBe('')
    rerender(view({ kind: 'ready', data: '好' }))
    expect(container.querySelector('.data')?.textContent).toBe('好')
  })

  it('Pending: loading or the error for a page that returns early; nothing once ready', () => {
    const retry = vi.fn()
    const { container, rerender } = render(<Pending state={{ kind: 'loading' }} name='p' onRetry={retry} loadingText='正在统计…' />)
    expect(container.querySelector('.p-loading .state-text')?.textContent).toBe('正在统计…')
    rerender(<Pending state={{ kind: 'error', message: '断网了' }} name='p' onRetry={retry} />)
    fireEvent.click(container.querySelector('.p-retry')!)
    expect(retry).toHaveBeenCalledTimes(1)
    rerender(<Pending state={{ kind: 'ready' }} name='p' onRetry={retry} />)
    expect(container.innerHTML).toBe('')
  })

  it('a paged list: the items, or the empty text or view; a detail says when it is empty', () => {
    const { container, rerender } = render(
      <Loaded state={paged(['a', 'b'])} name='l' onRetry={() => undefined} empty='还没有'>
        {(items) => items.map((i) => <span key={i} className='item'>{i}</span>)}
      </Loaded>,
    )
    expect(container.querySelectorAll('.item')).toHaveLength(2)
    rerender(
      <Loaded state={paged([])} name='l' onRetry={() => undefined} empty='还没有'>
        {(items) => items.map((i) => <span key={i} className='item'>{i}</span>)}
      </Loaded>,
    )
    expect(container.querySelector('.l-empty .state-text')?.textContent).toBe('还没有')
    rerender(
      <Loaded state={paged([])} name='l' onRetry={() => undefined} empty={<EmptyState className='custom' text='去提交' />}>
        {(items) => items.map((i) => <span key={i} className='item'>{i}</span>)}
      </Loaded>,
    )
    expect(container.querySelector('.custom')).not.toBeNull()
    rerender(
      <Loaded state={{ kind: 'ready', data: { n: 0 } }} name='d' onRetry={() => undefined} empty='没有数' isEmpty={(d) => d.n === 0}>
        {(d) => <span className='n'>{d.n}</span>}
      </Loaded>,
    )
    expect(container.querySelector('.d-empty')).not.toBeNull()
    expect(container.querySelector('.n')).toBeNull()
  })
})

describe('BusyButton', () => {
  it('idle: the words, not disabled; busy: the busy words, readable disabled style, spinner hidden from readers', () => {
    const click = vi.fn()
    const { container, rerender } = render(
      <BusyButton className='go' busy={false} busyText='正在提交…' onClick={click}>
        提交
      </BusyButton>,
    )
    const button = () => container.querySelector('.go')!
    expect(button().textContent).toBe('提交')
    expect(button().hasAttribute('disabled')).toBe(false)
    expect(button().className).not.toContain('is-disabled')
    fireEvent.click(button())
    expect(click).toHaveBeenCalledTimes(1)
    rerender(
      <BusyButton className='go' busy busyText='正在提交…' onClick={click}>
        提交
      </BusyButton>,
    )
    expect(button().textContent).toBe('正在提交…')
    expect(button().className).toContain('is-disabled')
    expect(button().hasAttribute('disabled')).toBe(true)
    expect(container.querySelector('.btn-spinner')?.className).toContain('is-on')
    expect(container.querySelector('.btn-spinner')?.getAttribute('aria-hidden')).toBe('true')
  })
})

describe('badges', () => {
  it('need and project statuses in words; stars as text', () => {
    const { container } = render(
      <>
        <StatusBadge status='submitted' className='a' />
        <ProjectStatusBadge status='in_progress' className='b' />
      </>,
    )
    expect(container.querySelector('.a')?.className).toContain('status-badge')
    expect(container.querySelector('.a')?.textContent).toBe('已提交')
    expect(container.querySelector('.b')?.textContent).not.toBe('')
    expect(container.querySelector('.b')?.className).toContain('project-status-in_progress')
    expect(starText(4)).toBe('★★★★☆')
    expect(starText(9)).toBe('★★★★★')
  })
})
