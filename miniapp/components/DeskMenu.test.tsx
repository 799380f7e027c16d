import { cleanup, fireEvent, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IDS, profile } from '../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import DeskMenu, { DeskLayout } from './DeskMenu'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const STREET = '20000000-0000-4000-8000-000000000001'

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
})
afterEach(cleanup)

const labels = (c: HTMLElement) => Array.from(c.querySelectorAll('.desk-menu-item')).map((e) => e.textContent)

describe('DeskMenu', () => {
  it('staff get 待办, 数据看板, 管理 and 数据导出 of their community, the current page highlighted', () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['staff'] })))
    const { container } = render(<DeskMenu current='stats' />)
    expect(labels(container)).toEqual(['待办', '数据看板', '管理', '数据导出'])
    expect(container.querySelector('.desk-menu-stats')?.className).toContain('is-current')
    expect(container.querySelector('.desk-menu-stats')?.getAttribute('aria-current')).toBe('page')
    expect(container.querySelector('.desk-menu-queue')?.className).not.toContain('is-current')
    fireEvent.click(container.querySelector('.desk-menu-queue')!)
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packageNeeds/pages/queue/index' })
    fireEvent.click(container.querySelector('.desk-menu-exports')!)
    expect(Taro.redirectTo).toHaveBeenLastCalledWith({ url: `/packageAdmin/pages/exports/index?communityId=${IDS.community}` })
    fireEvent.click(container.querySelector('.desk-menu-admin')!)
    expect(Taro.redirectTo).toHaveBeenLastCalledWith({ url: '/packageAdmin/pages/index/index' })
    // the current page is not reopened
    fireEvent.click(container.querySelector('.desk-menu-stats')!)
    expect(Taro.redirectTo).toHaveBeenCalledTimes(3)
  })

  it('a street administrator also gets 街道待办, and the street-wide 数据看板', () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['admin'], communityId: null, adminStreetIds: [STREET], streetId: STREET })))
    const { container } = render(<DeskMenu current='street' />)
    expect(labels(container)).toEqual(['待办', '街道待办', '数据看板', '管理', '数据导出'])
    expect(container.querySelector('.desk-menu-street')?.className).toContain('is-current')
    fireEvent.click(container.querySelector('.desk-menu-stats')!)
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/packageStats/pages/overview/index?streetId=${STREET}` })
  })

  it('a resident gets no menu; the layout still shows the page', () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['resident'] })))
    const { container } = render(
      <DeskLayout current='queue'>
        <div className='page the-page'>内容</div>
      </DeskLayout>,
    )
    expect(container.querySelector('.desk-menu')).toBeNull()
    expect(container.querySelector('.desk-layout > .the-page')?.textContent).toBe('内容')
  })
})

describe('DeskMenu accessibility', () => {
  it('every item is a link; the menu is a named navigation', () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['staff'] })))
    const { container } = render(<DeskMenu current='queue' />)
    const items = Array.from(container.querySelectorAll('.desk-menu-item'))
    expect(items.length).toBe(4)
    expect(items.map((i) => i.getAttribute('role'))).toEqual(['link', 'link', 'link', 'link'])
    expect(container.querySelector('.desk-menu')?.getAttribute('role')).toBe('navigation')
    expect(container.querySelector('.desk-menu')?.getAttribute('aria-label')).toBe('工作台')
  })
})
