import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DetailRow } from './DetailRow'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)
afterEach(cleanup)

describe('DetailRow', () => {
  it('shows the label and the value, the value under its own class', () => {
    const { container } = render(<DetailRow label='地点' value='社区服务中心一楼' className='post-place' />)
    expect(container.querySelector('.detail-row .detail-label')?.textContent).toBe('地点')
    expect(container.querySelector('.detail-row .detail-value.post-place')?.textContent).toBe('社区服务中心一楼')
  })
})
