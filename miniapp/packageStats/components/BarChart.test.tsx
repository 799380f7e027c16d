import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { BarChart, Figure } from './BarChart'

afterEach(cleanup)

describe('BarChart', () => {
  it('draws each bar as its share of the largest, keeps zeros listed, and labels for screen readers', () => {
    const { container } = render(
      <BarChart title='需求状态' items={[{ key: 'a', label: '已提交', count: 10 }, { key: 'b', label: '已解决', count: 5 }, { key: 'c', label: '已驳回', count: 0 }]} />,
    )
    const fills = Array.from(container.querySelectorAll<HTMLElement>('.stats-bar-fill')).map((e) => e.style.width)
    expect(fills).toEqual(['100%', '50%', '0%'])
    expect(Array.from(container.querySelectorAll('.stats-bar-value')).map((e) => e.textContent)).toEqual(['10', '5', '0'])
    expect(container.querySelector('.stats-bar')?.getAttribute('aria-label')).toBe('已提交 10')
  })

  it('says so when everything is zero', () => {
    const { container } = render(<BarChart title='服务' items={[{ key: 'a', label: '进行中', count: 0 }]} />)
    expect(container.querySelector('.stats-chart-empty')?.textContent).toBe('这段时间没有数据')
    expect(container.querySelector('.stats-bar')).toBeNull()
  })

  it('a tiny count still shows a sliver next to a large one', () => {
    const { container } = render(<BarChart title='x' items={[{ key: 'a', label: 'A', count: 1000 }, { key: 'b', label: 'B', count: 1 }]} />)
    expect(container.querySelectorAll<HTMLElement>('.stats-bar-fill')[1].style.width).toBe('2%')
  })

  it('Figure shows the value, the label and the hint', () => {
    const { container } = render(<Figure label='超期率' value='12.5%' hint='有期限的 40 件中 5 件' />)
    expect(container.textContent).toBe('12.5%超期率有期限的 40 件中 5 件')
  })
})
