import { cleanup, fireEvent, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BusyButton } from './BusyButton'
import { EmptyState, ErrorState, LoadingState } from './States'
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
