import { cleanup, fireEvent, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MoreButton } from './MoreButton'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)
afterEach(cleanup)

describe('MoreButton', () => {
  it('says 加载更多 and loads on tap; while loading says 正在加载… and looks disabled', () => {
    const onClick = vi.fn()
    const { container, rerender } = render(<MoreButton className='x-more' more={false} onClick={onClick} />)
    const button = () => container.querySelector<HTMLElement>('.x-more')!
    expect(button().className).toBe('btn btn-outline list-more x-more')
    expect(button().textContent).toBe('加载更多')
    fireEvent.click(button())
    expect(onClick).toHaveBeenCalledTimes(1)
    rerender(<MoreButton className='x-more' more onClick={onClick} />)
    expect(button().className).toContain('is-disabled')
    expect(button().textContent).toBe('正在加载…')
    expect(button().hasAttribute('disabled')).toBe(false)
  })

  it('with disabled, the button itself is disabled while the next page loads', () => {
    const { container, rerender } = render(<MoreButton className='x-more' more={false} disabled onClick={() => {}} />)
    expect(container.querySelector('.x-more')!.hasAttribute('disabled')).toBe(false)
    rerender(<MoreButton className='x-more' more disabled onClick={() => {}} />)
    expect(container.querySelector('.x-more')!.hasAttribute('disabled')).toBe(true)
  })
})
