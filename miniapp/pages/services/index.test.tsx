import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Resource, ServiceProject } from '../../../core/contracts'
import { COMMUNITY_A, deferred, loginAs, project, resource } from '../../packageServices/testing/fixtures'
import { me } from '../../services/auth'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../services/errors'
import { listResources, listServices } from '../../services/services'
import { Taro, resetTaroMock, storage, triggerPullDownRefresh } from '../../testing/taroMock'
import ServicesPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/services', () => ({ listServices: vi.fn(), listResources: vi.fn() }))
vi.mock('../../services/auth', () => ({ me: vi.fn() }))

const services = vi.mocked(listServices)
const resources = vi.mocked(listResources)
const meFn = vi.mocked(me)

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
    const d = deferred<ServiceProject[]>()
    services.mockReturnValue(d.promise)
    const f = setup()
    expect(f.q('.services-loading')).not.toBeNull()
    expect(f.q('.services-tab-list')?.className).toContain('is-active')
    d.resolve([project(), P2])
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

  it('opens the project detail', async () => {
    services.mockResolvedValue([project()])
    const f = setup()
    await waitFor(() => expect(f.q('.service-item')).not.toBeNull())
    fireEvent.click(f.q('.service-item')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageServices/pages/detail/index?id=7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a01' })
  })

  it('shows the empty state', async () => {
    services.mockResolvedValue([])
    const f = setup()
    await waitFor(() => expect(f.q('.services-empty')).not.toBeNull())
    expect(f.q('.services-empty')?.textContent).toContain('还没有服务项目')
    expect(f.q('.service-item')).toBeNull()
  })

  it('shows the error with 重试, and retrying loads the list', async () => {
    services.mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)).mockResolvedValueOnce([project()])
    const f = setup()
    await waitFor(() => expect(f.q('.services-error')?.textContent).toContain(NETWORK_ERROR_MESSAGE))
    fireEvent.click(f.q('.services-retry')!)
    await waitFor(() => expect(f.q('.service-item')).not.toBeNull())
    expect(f.q('.services-error')).toBeNull()
    expect(services).toHaveBeenCalledTimes(2)
  })

  it('a failed pull-down refresh keeps the list and says why in a toast', async () => {
    services.mockResolvedValueOnce([project()]).mockRejectedValueOnce(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试'))
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
    services.mockResolvedValue([])
    resources.mockResolvedValue([resource(), R2])
    const f = setup()
    await waitFor(() => expect(f.q('.services-empty')).not.toBeNull())
    expect(resources).not.toHaveBeenCalled()
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.all('.resource-item')).toHaveLength(2))
    expect(resources).toHaveBeenCalledWith({ category: undefined })
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
    services.mockResolvedValue([])
    resources.mockResolvedValueOnce([resource(), R2])
    const f = setup()
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.all('.resource-item')).toHaveLength(2))
    expect(f.q('.resource-filter-all')?.className).toContain('is-selected')

    const d = deferred<Resource[]>()
    resources.mockReturnValueOnce(d.promise)
    fireEvent.click(f.q('.resource-filter-medical')!)
    await waitFor(() => expect(f.q('.resources-loading')).not.toBeNull())
    expect(resources).toHaveBeenLastCalledWith({ category: 'medical' })
    expect(f.q('.resource-filter-medical')?.className).toContain('is-selected')
    d.resolve([R2])
    await waitFor(() => expect(f.all('.resource-item')).toHaveLength(1))

    resources.mockResolvedValueOnce([])
    fireEvent.click(f.q('.resource-filter-legal')!)
    await waitFor(() => expect(f.q('.resources-empty')?.textContent).toContain('这个类别还没有资源'))
  })

  it('shows the error with 重试', async () => {
    services.mockResolvedValue([])
    resources.mockRejectedValueOnce(new ApiError(0, 'network', NETWORK_ERROR_MESSAGE)).mockResolvedValueOnce([resource()])
    const f = setup()
    fireEvent.click(f.q('.services-tab-resources')!)
    await waitFor(() => expect(f.q('.resources-error')?.textContent).toContain(NETWORK_ERROR_MESSAGE))
    fireEvent.click(f.q('.resources-retry')!)
    await waitFor(() => expect(f.q('.resource-item')).not.toBeNull())
  })
})

describe('服务 tab: entries by role', () => {
  beforeEach(() => services.mockResolvedValue([]))

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
