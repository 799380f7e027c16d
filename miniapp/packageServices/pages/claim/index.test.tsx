import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { archiveResource } from '../../../services/editing'
import { ApiError } from '../../../services/errors'
import { claimService, listClaimable, listAllResources, type ClaimableNeed } from '../../../services/services'
import { Taro, resetTaroMock } from '../../../testing/taroMock'
import { NEED_ID, PROJECT_ID, RESOURCE_ID, deferred, detail, loginAs, resource } from '../../testing/fixtures'
import ClaimPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/services', () => ({ listClaimable: vi.fn(), listAllResources: vi.fn(), claimService: vi.fn() }))
vi.mock('../../../services/editing', () => ({ archiveResource: vi.fn() }))

const claimable = vi.mocked(listClaimable)
const mine = vi.mocked(listAllResources)
const claim = vi.mocked(claimService)

const R2 = '5e1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a02'

function need(overrides: Partial<ClaimableNeed> = {}): ClaimableNeed {
  return {
    id: NEED_ID,
    title: '3单元楼道灯不亮',
    category: 'facility_repair',
    status: 'triaged',
    microGridName: '一号微网格',
    urgency: 'high',
    createdAt: '2024-11-22T06:30:00Z',
    resourceIds: [RESOURCE_ID],
    ...overrides,
  }
}

beforeEach(() => {
  resetTaroMock()
  claimable.mockReset()
  mine.mockReset()
  claim.mockReset()
  loginAs(['unit'])
  mine.mockResolvedValue([resource({ mine: true }), resource({ id: R2, title: '电工应急小组', mine: true })])
})
afterEach(cleanup)

function setup() {
  const { container } = render(<ClaimPage />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(container.querySelectorAll<HTMLElement>(sel))
  return { container, q, all }
}

describe('认领需求 page', () => {
  it('lists the needs the unit\'s resources fit, with the unit\'s own resources', async () => {
    claimable.mockResolvedValue({ items: [need()], nextCursor: null })
    const f = setup()
    expect(f.q('.claimable-loading')).not.toBeNull()
    await waitFor(() => expect(f.all('.claimable-item')).toHaveLength(1))
    expect(mine).toHaveBeenCalledWith({ mine: true })
    const item = f.all('.claimable-item')[0]
    expect(item.textContent).toContain('3单元楼道灯不亮')
    expect(item.querySelector('.claimable-category')?.textContent).toBe('设施维修')
    expect(item.querySelector('.claimable-urgency')?.textContent).toBe('较急')
    expect(item.querySelector('.claim-resource-single')?.textContent).toContain('水电维修队')
  })

  it('20 needs a page: 加载更多 appends the next page from its cursor and disappears at the end', async () => {
    const N2 = '7d1c1d52-8a0e-4a43-9b7c-0c6f1f2b9a07'
    claimable.mockResolvedValueOnce({ items: [need()], nextCursor: 'page-2' }).mockResolvedValueOnce({ items: [need({ id: N2, title: '老人助浴' })], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.q('.claimable-more')).not.toBeNull())
    expect(claimable).toHaveBeenLastCalledWith()
    fireEvent.click(f.q('.claimable-more')!)
    await waitFor(() => expect(f.all('.claimable-item')).toHaveLength(2))
    expect(claimable).toHaveBeenLastCalledWith('page-2')
    expect(f.all('.claimable-item')[1].textContent).toContain('老人助浴')
    expect(f.q('.claimable-more')).toBeNull()
  })

  it('with one fitting resource 认领 claims at once and shows the result', async () => {
    claimable.mockResolvedValue({ items: [need()], nextCursor: null })
    const d = deferred<ReturnType<typeof detail>>()
    claim.mockReturnValue(d.promise)
    const f = setup()
    await waitFor(() => expect(f.q('.claim-button')).not.toBeNull())
    fireEvent.click(f.q('.claim-button')!)
    await waitFor(() => expect(f.q('.claim-button')?.textContent).toContain('正在认领…'))
    fireEvent.click(f.q('.claim-button')!)
    expect(claim).toHaveBeenCalledTimes(1)
    expect(claim).toHaveBeenCalledWith({ needId: NEED_ID, resourceId: RESOURCE_ID })
    d.resolve(detail({ origin: 'unit_claim' }))
    await waitFor(() => expect(f.q('.claimable-claimed')).not.toBeNull())
    expect(f.q('.claim-button')).toBeNull()
    fireEvent.click(f.q('.claim-open')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageServices/pages/detail/index?id=${PROJECT_ID}` })
  })

  it('with several fitting resources the unit must choose one', async () => {
    claimable.mockResolvedValue({ items: [need({ resourceIds: [RESOURCE_ID, R2] })], nextCursor: null })
    claim.mockResolvedValue(detail())
    const f = setup()
    await waitFor(() => expect(f.q('.claim-button')).not.toBeNull())
    expect(f.all('.claim-resource').map((e) => e.textContent)).toEqual(['水电维修队', '电工应急小组'])
    fireEvent.click(f.q('.claim-button')!)
    await waitFor(() => expect(f.q('.field-error-resourceId')?.textContent).toContain('请先选择'))
    expect(claim).not.toHaveBeenCalled()
    fireEvent.click(f.q(`.claim-resource-${R2}`)!)
    await waitFor(() => expect(f.q('.field-error-resourceId')).toBeNull())
    fireEvent.click(f.q('.claim-button')!)
    await waitFor(() => expect(claim).toHaveBeenCalledWith({ needId: NEED_ID, resourceId: R2 }))
  })

  it('a claim that lost the race shows the server\'s message on that need', async () => {
    claimable.mockResolvedValue({ items: [need()], nextCursor: null })
    claim.mockRejectedValue(new ApiError(409, 'service.need_full', '该需求已被认领满'))
    const f = setup()
    await waitFor(() => expect(f.q('.claim-button')).not.toBeNull())
    fireEvent.click(f.q('.claim-button')!)
    await waitFor(() => expect(f.q('.claim-error')?.textContent).toBe('该需求已被认领满'))
    expect(f.q('.claim-button')?.textContent).toContain('认领')
  })

  it('empty: no fitting needs', async () => {
    claimable.mockResolvedValue({ items: [], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.q('.claimable-empty')).not.toBeNull())
  })

  it('a unit without resources is sent to publish one first', async () => {
    claimable.mockResolvedValue({ items: [], nextCursor: null })
    mine.mockResolvedValue([])
    const f = setup()
    await waitFor(() => expect(f.q('.claimable-no-resources')).not.toBeNull())
    fireEvent.click(f.q('.claimable-publish')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageServices/pages/resource-create/index' })
  })

  it('shows the error with 重试', async () => {
    claimable.mockRejectedValueOnce(new ApiError(403, 'auth.forbidden', '您没有权限进行这个操作')).mockResolvedValueOnce({ items: [need()], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.q('.claimable-error')?.textContent).toContain('您没有权限进行这个操作'))
    fireEvent.click(f.q('.claimable-retry')!)
    await waitFor(() => expect(f.q('.claimable-item')).not.toBeNull())
  })
})

describe('我的资源: 修改 and 下架', () => {
  const archive = vi.mocked(archiveResource)
  beforeEach(() => archive.mockReset())

  it('lists my resources with 修改 (the publish form with ?id=)', async () => {
    claimable.mockResolvedValue({ items: [], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.all('.my-resource')).toHaveLength(2))
    fireEvent.click(f.all('.my-resource-edit')[1])
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageServices/pages/resource-create/index?id=${R2}` })
  })

  it('下架 asks first, then takes the resource off my list', async () => {
    claimable.mockResolvedValue({ items: [], nextCursor: null })
    const f = setup()
    await waitFor(() => expect(f.all('.my-resource')).toHaveLength(2))
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.all('.my-resource-archive')[0])
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('已经确认的服务项目照常进行') })))
    expect(archive).not.toHaveBeenCalled()
    archive.mockResolvedValue(resource({ status: 'archived', mine: true }))
    mine.mockResolvedValue([resource({ id: R2, title: '电工应急小组', mine: true })])
    fireEvent.click(f.all('.my-resource-archive')[0])
    await waitFor(() => expect(archive).toHaveBeenCalledWith(RESOURCE_ID))
    await waitFor(() => expect(f.all('.my-resource')).toHaveLength(1))
    expect(f.q('.my-resource-title')?.textContent).toContain('电工应急小组')
  })
})
