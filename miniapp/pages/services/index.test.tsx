import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Resource, ServiceProject } from '../../../core/contracts'
import { COMMUNITY_A, deferred, loginAs, project, resource } from '../../packageServices/testing/fixtures'
import { me } from '../../services/auth'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../services/errors'
import { listResources, listServices, type Page } from '../../services/services'
import { Taro, resetTaroMock, storage, triggerPullDownRefresh, triggerReachBottom } from '../../testing/taroMock'
import ServicesPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/services', () => ({ listServices: vi.fn(), listResources: vi.fn() }))
vi.mock('../../services/auth', () => ({ me: vi.fn() }))

const services = vi.mocked(listServices)
const resources = vi.mocked(listResources)
const meFn = vi.mocked(me)

/** One page of a list as the service layer returns it (the last one unless a cursor is given). */
function page<T>(items: T[], nextCursor: string | null = null): Page<T> {
  return { items, nextCursor }
}

beforeEach(() => {
  resetTaroMock()
  services.mockReset()
  resources.mockReset()
  meFn.mockReset()
  meFn.mockReturnValue(new Promise(() => undefined))
  loginAs(['resident'])
})
afterEach(cleanup)

function setup() {
  const { container } = render(<ServicesPage />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(container.querySelectorAll<HTMLElement>(sel))
  return { container, q, all }
}

const P2 = project({
  id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02',
  needTitle: '独居老人助餐',
  resourceTitle: '社区食堂送餐',
  publisherName: '幸福食堂',
  status: 'evaluated',
  rating: 4,
})

describe('服务 tab: 服务清单', () => {
  it('shows loading until the list arrives, then each project with resource, provider, status and rating', async () => {
    const d = deferred<Page<ServiceProject>>()
    services.mockReturnValue(d.promise)
    const f = setup()
    expect(f.q('.services-loading')).not.toBeNull()
    expect(f.q('.services-tab-list')?.className).toContain('is-active')
    d.resolve(page([project(), P2]))
    await waitFor(() => expect(f.all('.service-item')).toHaveLength(2))
    expect(f.q('.services-loading')).toBeNull()
    const [first, second] = f.all('.service-item')
    expect(first.querySelector('.service-item-need')?.textContent).toBe('3单元楼道灯不亮')
    expect(first.querySelector('.service-item-resource')?.textContent).toBe('水电维修队')
    expect(first.querySelector('.service-item-publisher')?.textContent).toBe('红星物业')
    expect(first.querySelector('.status-badge')?.textContent).toBe('待确认')
    expect(first.querySelector('.service-item-rating')).toBeNull()
    expect(second.querySelector('.status-badge')?.textContent).toBe('已评价')
    expect(second.querySelector('.service-item-rating')?.textContent).toContain('★★★★☆')
    expect(second.querySelector('.service-item-rating')?.textContent).toContain('4 星')
  })

  it('each list is explained in one plain line under the tabs, which are tabs to a screen reader', async () => {
    services.mockResolvedValue(page([]))
    resources.mockResolvedValue(page([]))
    const f = setup()
    expect(f.q('.services-explain')?.textContent).toBe('服务清单：社区为大家的需求找到的帮忙的人和单位，点开能看进展')
    expect(f.q('.services-tab-list')?.getAttribute('role')).toBe('tab')
    expect(f.q('.services-tab-list')?.getAttribute('aria-selected')).toBe('true')
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.q('.services-explain')?.textContent).toContain('资源清单：单位和志愿者能为社区提供的帮助'))
    expect(f.q('.services-tab-resources')?.getAttribute('aria-selected')).toBe('true')
    await waitFor(() => expect(f.q('.resource-filter-all')).not.toBeNull())
    expect(f.q('.resource-filter-all')?.getAttribute('role')).toBe('radio')
    // no engine words anywhere on the tab
    expect(f.container.textContent).not.toMatch(/匹配分|总分|候选/)
  })

  it('opens the project detail', async () => {
    services.mockResolvedValue(page([project()]))
    const f = setup()
    await waitFor(() => expect(f.q('.service-item')).not.toBeNull())
    fireEvent.click(f.q('.service-item')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageServices/pages/detail/index?id=7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01' })
  })

  it('shows the empty state', async () => {
    services.mockResolvedValue(page([]))
    const f = setup()
    await waitFor(() => expect(f.q('.services-empty')).not.toBeNull())
    expect(f.q('.services-empty')?.textContent).toContain('还没有服务项目')
    expect(f.q('.service-item')).toBeNull()
  })

  it('shows the error with 重试, and retrying loads the list', async () => {
    services.mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)).mockResolvedValueOnce(page([project()]))
    const f = setup()
    await waitFor(() => expect(f.q('.services-error')?.textContent).toContain(NETWORK_ERROR_MESSAGE))
    fireEvent.click(f.q('.services-retry')!)
    await waitFor(() => expect(f.q('.service-item')).not.toBeNull())
    expect(f.q('.services-error')).toBeNull()
    expect(services).toHaveBeenCalledTimes(2)
  })

  it('a failed pull-down refresh keeps the list and says why in a toast', async () => {
    services.mockResolvedValueOnce(page([project()])).mockRejectedValueOnce(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试'))
    const f = setup()
    await waitFor(() => expect(f.q('.service-item')).not.toBeNull())
    triggerPullDownRefresh()
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务暂时不可用，请稍后再试' })))
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
    expect(f.q('.service-item')).not.toBeNull()
  })

  it('without a token goes to login and asks for nothing', async () => {
    storage.delete('token')
    setup()
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' }))
    expect(services).not.toHaveBeenCalled()
  })
})

describe('服务 tab: paging (加载更多 / 没有更多了)', () => {
  const P3 = project({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a03', needTitle: '楼顶漏水' })

  it('a list with a next page shows 加载更多; the button loads the next page (loading state), then 没有更多了', async () => {
    services.mockResolvedValueOnce(page([project(), P2], 'c1'))
    const f = setup()
    await waitFor(() => expect(f.all('.service-item')).toHaveLength(2))
    expect(services).toHaveBeenLastCalledWith({ cursor: undefined, limit: 20 })
    expect(f.q('.services-more')?.textContent).toBe('加载更多')
    expect(f.q('.services-end')).toBeNull()

    const d = deferred<Page<ServiceProject>>()
    services.mockReturnValueOnce(d.promise)
    fireEvent.click(f.q('.services-more')!)
    await waitFor(() => expect(f.q('.services-more')?.textContent).toBe('正在加载…'))
    expect(services).toHaveBeenLastCalledWith({ cursor: 'c1', limit: 20 })
    // a second tap while the page loads asks for nothing more
    fireEvent.click(f.q('.services-more')!)
    expect(services).toHaveBeenCalledTimes(2)
    d.resolve(page([P3]))
    await waitFor(() => expect(f.all('.service-item')).toHaveLength(3))
    expect(f.all('.service-item').map((e) => e.dataset.id)).toEqual([project().id, P2.id, P3.id])
    expect(f.q('.services-more')).toBeNull()
    expect(f.q('.services-end')?.textContent).toBe('没有更多了')
  })

  it('reaching the bottom loads the next page; at the end it asks for nothing', async () => {
    services.mockResolvedValueOnce(page([project()], 'c1')).mockResolvedValueOnce(page([P2]))
    const f = setup()
    await waitFor(() => expect(f.all('.service-item')).toHaveLength(1))
    triggerReachBottom()
    await waitFor(() => expect(f.all('.service-item')).toHaveLength(2))
    expect(services).toHaveBeenLastCalledWith({ cursor: 'c1', limit: 20 })
    expect(f.q('.services-end')).not.toBeNull()
    triggerReachBottom()
    expect(services).toHaveBeenCalledTimes(2)
  })

  it('a failed next page keeps the list and 加载更多, says why, and the button tries again', async () => {
    services
      .mockResolvedValueOnce(page([project()], 'c1'))
      .mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE))
      .mockResolvedValueOnce(page([P2]))
    const f = setup()
    await waitFor(() => expect(f.q('.services-more')).not.toBeNull())
    fireEvent.click(f.q('.services-more')!)
    await waitFor(() => expect(f.q('.services-more-error')?.textContent).toBe(NETWORK_ERROR_MESSAGE))
    expect(f.all('.service-item')).toHaveLength(1)
    fireEvent.click(f.q('.services-more')!)
    await waitFor(() => expect(f.all('.service-item')).toHaveLength(2))
    expect(f.q('.services-more-error')).toBeNull()
  })

  it('the resources list pages within the chosen category; a page that arrives after a new category is dropped', async () => {
    const R2 = resource({ id: '5e1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02', title: '党员义诊', categories: ['medical'] })
    const R3 = resource({ id: '5e1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a03', title: '社区医生上门', categories: ['medical'] })
    services.mockResolvedValue(page([]))
    resources.mockResolvedValueOnce(page([resource()], 'all-1'))
    const f = setup()
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.q('.resources-more')).not.toBeNull())

    resources.mockResolvedValueOnce(page([R2], 'med-1'))
    fireEvent.click(f.q('.resource-filter-medical')!)
    await waitFor(() => expect(f.all('.resource-item').map((e) => e.dataset.id)).toEqual([R2.id]))
    resources.mockResolvedValueOnce(page([R3]))
    triggerReachBottom()
    await waitFor(() => expect(f.all('.resource-item')).toHaveLength(2))
    expect(resources).toHaveBeenLastCalledWith({ category: 'medical', cursor: 'med-1', limit: 20 })
    expect(f.q('.resources-end')?.textContent).toBe('没有更多了')

    // a slow next page of 全部 must not land in 法律服务
    resources.mockResolvedValueOnce(page([resource()], 'all-1'))
    fireEvent.click(f.q('.resource-filter-all')!)
    await waitFor(() => expect(f.q('.resources-more')).not.toBeNull())
    const late = deferred<Page<Resource>>()
    resources.mockReturnValueOnce(late.promise)
    fireEvent.click(f.q('.resources-more')!)
    resources.mockResolvedValueOnce(page([]))
    fireEvent.click(f.q('.resource-filter-legal')!)
    await waitFor(() => expect(f.q('.resources-empty')).not.toBeNull())
    late.resolve(page([R3]))
    await new Promise((r) => setTimeout(r, 20))
    expect(f.q('.resource-item')).toBeNull()
    expect(f.q('.resources-empty')).not.toBeNull()
  })
})

describe('服务 tab: 资源清单', () => {
  const R2: Resource = resource({
    id: '5e1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02',
    title: '党员义诊',
    kind: 'party',
    partnerType: null,
    categories: ['medical', 'elderly_childcare'],
    capacity: 2,
    period: 'week',
    load: 0,
    publisherName: '孙先生',
  })

  it('loads only when opened, then lists kind, publisher, capacity and load', async () => {
    services.mockResolvedValue(page([]))
    resources.mockResolvedValue(page([resource(), R2]))
    const f = setup()
    await waitFor(() => expect(f.q('.services-empty')).not.toBeNull())
    expect(resources).not.toHaveBeenCalled()
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.all('.resource-item')).toHaveLength(2))
    expect(resources).toHaveBeenCalledWith({ category: undefined, cursor: undefined, limit: 20 })
    expect(f.q('.services-tab-resources')?.className).toContain('is-active')
    expect(f.q('.service-item')).toBeNull()
    const [first, second] = f.all('.resource-item')
    expect(first.querySelector('.resource-kind')?.textContent).toBe('社会资源')
    expect(first.querySelector('.resource-item-publisher')?.textContent).toContain('红星物业（物业合伙人）')
    expect(first.querySelector('.resource-item-capacity')?.textContent).toBe('每月 5 个需求，已承接 1 个')
    expect(second.querySelector('.resource-kind')?.textContent).toBe('党建资源')
    expect(second.querySelector('.resource-item-capacity')?.textContent).toBe('每周 2 个需求，已承接 0 个')
    expect(Array.from(second.querySelectorAll('.resource-category-tag')).map((e) => e.textContent)).toEqual(['医疗卫生', '养老托育'])
  })

  it('the category chips filter the list through the server', async () => {
    services.mockResolvedValue(page([]))
    resources.mockResolvedValueOnce(page([resource(), R2]))
    const f = setup()
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.all('.resource-item')).toHaveLength(2))
    expect(f.q('.resource-filter-all')?.className).toContain('is-selected')

    const d = deferred<Page<Resource>>()
    resources.mockReturnValueOnce(d.promise)
    fireEvent.click(f.q('.resource-filter-medical')!)
    await waitFor(() => expect(f.q('.resources-loading')).not.toBeNull())
    expect(resources).toHaveBeenLastCalledWith({ category: 'medical', cursor: undefined, limit: 20 })
    expect(f.q('.resource-filter-medical')?.className).toContain('is-selected')
    d.resolve(page([R2]))
    await waitFor(() => expect(f.all('.resource-item')).toHaveLength(1))

    resources.mockResolvedValueOnce(page([]))
    fireEvent.click(f.q('.resource-filter-legal')!)
    await waitFor(() => expect(f.q('.resources-empty')?.textContent).toContain('这个类别还没有资源'))
  })

  it('shows the error with 重试', async () => {
    services.mockResolvedValue(page([]))
    resources.mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)).mockResolvedValueOnce(page([resource()]))
    const f = setup()
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.q('.resources-error')?.textContent).toContain(NETWORK_ERROR_MESSAGE))
    fireEvent.click(f.q('.resources-retry')!)
    await waitFor(() => expect(f.q('.resource-item')).not.toBeNull())
  })
})

describe('服务 tab: entries by role', () => {
  beforeEach(() => services.mockResolvedValue(page([])))

  it('a resident gets no entries', async () => {
    const f = setup()
    await waitFor(() => expect(f.q('.services-empty')).not.toBeNull())
    expect(f.q('.services-publish')).toBeNull()
    expect(f.q('.services-claim')).toBeNull()
    expect(f.q('.services-match')).toBeNull()
  })

  it('a unit may publish resources and claim needs', async () => {
    loginAs(['unit'])
    const f = setup()
    expect(f.q('.services-match')).toBeNull()
    fireEvent.click(f.q('.services-publish')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageServices/pages/resource-create/index' })
    fireEvent.click(f.q('.services-claim')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageServices/pages/claim/index' })
  })

  it('party members and talents may publish only', async () => {
    for (const role of ['party_member', 'talent'] as const) {
      loginAs([role])
      const f = setup()
      expect(f.q('.services-publish')).not.toBeNull()
      expect(f.q('.services-claim')).toBeNull()
      expect(f.q('.services-match')).toBeNull()
      cleanup()
    }
  })

  it('staff may run matching and publish', async () => {
    loginAs(['staff'])
    const f = setup()
    expect(f.q('.services-claim')).toBeNull()
    fireEvent.click(f.q('.services-match')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageServices/pages/matching/index' })
    expect(f.q('.services-publish')).not.toBeNull()
  })

  it('roles refreshed from the server take effect', async () => {
    meFn.mockResolvedValue({
      id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a03',
      handle: 'someone',
      displayName: '测试用户',
      communityId: COMMUNITY_A,
      communityName: 'A 社区',
      microGridId: null,
      roles: ['resident', 'unit'],
    })
    const f = setup()
    await waitFor(() => expect(f.q('.services-claim')).not.toBeNull())
  })
})
