import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { changeRoles, getCommunityStructure, listMembers } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import { COMMUNITY_A, GRID_1, ME, PERSON, grid, loginAs, member, modalArgs, structure } from '../../testing/fixtures'
import MembersPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({ listMembers: vi.fn(), changeRoles: vi.fn(), getCommunityStructure: vi.fn() }))

const list = vi.mocked(listMembers)
const change = vi.mocked(changeRoles)
const load = vi.mocked(getCommunityStructure)
const OTHER = '50000000-0000-4000-8000-000000000004'

beforeEach(() => {
  resetTaroMock()
  for (const fn of [list, change, load]) fn.mockReset()
  loginAs('staff')
  router.params = { communityId: COMMUNITY_A }
  list.mockResolvedValue({ items: [member(), member({ profileId: OTHER, displayName: '赵网格', phoneMasked: '137****0003', roles: ['resident', 'grid_worker'], gridNames: ['第一网格'] })], nextCursor: null })
  load.mockResolvedValue(structure({ grids: [{ ...grid(), microGrids: [] }] }))
})
afterEach(cleanup)

function open() {
  const r = render(<MembersPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = r.container) => root.querySelector<T>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  const row = (id: string) => r.container.querySelector<HTMLElement>(`.member-row[data-id="${id}"]`)
  return { ...r, q, all, row, click: (sel: string, root: ParentNode = r.container) => fireEvent.click(q(sel, root)!) }
}

describe('成员与身份 page', () => {
  it('lists members with masked phone, micro-grid and role badges; search and role filter go to the server', async () => {
    const f = open()
    await waitFor(() => expect(f.all('.member-row')).toHaveLength(2))
    expect(list).toHaveBeenCalledWith({ communityId: COMMUNITY_A, q: undefined, role: undefined, cursor: undefined })
    const a = f.row(PERSON)!
    expect(a.querySelector('.member-name')?.textContent).toBe('张阿姨')
    expect(a.querySelector('.member-phone')?.textContent).toBe('138****0001')
    expect(a.querySelector('.member-micro-grid')?.textContent).toBe('1号楼')
    expect(Array.from(f.row(OTHER)!.querySelectorAll('.member-role')).map((e) => e.textContent)).toEqual(['居民', '网格员'])
    expect(f.row(OTHER)!.querySelector('.member-grids')?.textContent).toBe('第一网格')

    fireEvent.input(f.q('.members-search input')!, { target: { value: ' 0003 ' } })
    f.click('.members-role-grid_worker')
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ communityId: COMMUNITY_A, q: '0003', role: 'grid_worker', cursor: undefined }))
    list.mockResolvedValueOnce({ items: [], nextCursor: null })
    f.click('.members-search-submit')
    await waitFor(() => expect(f.q('.members-empty')?.textContent).toBe('没有找到符合条件的成员'))
  })

  it('granting 网格员 needs a grid and asks to confirm, listing the change; then the row shows the new roles', async () => {
    change.mockResolvedValue(member({ roles: ['resident', 'grid_worker'], gridNames: ['第一网格'] }))
    const f = open()
    await waitFor(() => expect(f.row(PERSON)).not.toBeNull())
    fireEvent.click(f.row(PERSON)!)
    await waitFor(() => expect(f.q('.role-editor')).not.toBeNull())
    f.click('.role-save')
    await waitFor(() => expect(f.q('.role-error')?.textContent).toContain('没有改动'))
    f.click('.role-toggle-grid_worker')
    await waitFor(() => expect(f.q('.role-grid-0')?.textContent).toBe('第一网格'))
    f.click('.role-save')
    await waitFor(() => expect(f.q('.role-error')?.textContent).toBe('授予网格员请选择负责的网格'))
    expect(Taro.showModal).not.toHaveBeenCalled()

    f.click('.role-grid-0')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.role-save')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(modalArgs(Taro.showModal).content).toContain('张阿姨')
    expect(modalArgs(Taro.showModal).content).toContain('授予：网格员（第一网格）')
    expect(change).not.toHaveBeenCalled()

    f.click('.role-save')
    await waitFor(() => expect(change).toHaveBeenCalledWith({ profileId: PERSON, communityId: COMMUNITY_A, add: ['grid_worker'], remove: [], gridId: GRID_1 }))
    await waitFor(() => expect(f.q('.role-editor')).toBeNull())
    expect(Array.from(f.row(PERSON)!.querySelectorAll('.member-role')).map((e) => e.textContent)).toEqual(['居民', '网格员'])
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '身份已更新' }))
  })

  it('a refused change (e.g. one\'s own admin role) is said plainly and the editor stays', async () => {
    loginAs('street_admin')
    router.params = { communityId: COMMUNITY_A }
    list.mockResolvedValue({ items: [member({ profileId: ME, displayName: '吴科长', roles: ['admin'] })], nextCursor: null })
    change.mockRejectedValue(new ApiError(409, 'role.self_admin', '不能撤销自己的管理员身份'))
    const f = open()
    await waitFor(() => expect(f.row(ME)).not.toBeNull())
    fireEvent.click(f.row(ME)!)
    await waitFor(() => expect(f.q('.role-toggle-admin')?.className).toContain('is-selected'))
    f.click('.role-toggle-admin')
    await waitFor(() => expect(f.q('.role-summary')?.textContent).toContain('将撤销：管理员'))
    f.click('.role-save')
    await waitFor(() => expect(f.q('.role-error')?.textContent).toBe('不能撤销自己的管理员身份'))
    expect(modalArgs(Taro.showModal).content).toContain('撤销：管理员')
    expect(change).toHaveBeenCalledWith({ profileId: ME, communityId: COMMUNITY_A, add: [], remove: ['admin'], gridId: undefined })
    expect(f.q('.role-editor')).not.toBeNull()
  })

  it('a street administrator without a community sees the whole street; staff cannot grant 管理员', async () => {
    loginAs('street_admin')
    router.params = {}
    const f = open()
    await waitFor(() => expect(f.all('.member-row')).toHaveLength(2))
    expect(list).toHaveBeenCalledWith({ communityId: undefined, q: undefined, role: undefined, cursor: undefined })
    expect(f.q('.member-community')?.textContent).toBe('和平社区')
    cleanup()
    loginAs('staff')
    router.params = { communityId: COMMUNITY_A }
    const g = open()
    await waitFor(() => expect(g.row(PERSON)).not.toBeNull())
    fireEvent.click(g.row(PERSON)!)
    await waitFor(() => expect(g.q('.role-editor')).not.toBeNull())
    expect(g.q('.role-toggle-admin')).toBeNull()
    expect(g.q('.role-toggle-staff')).not.toBeNull()
  })

  it('loads more with nextCursor; a failed load offers 重试', async () => {
    list.mockReset()
    list.mockResolvedValueOnce({ items: [member()], nextCursor: 'n2' }).mockResolvedValueOnce({ items: [member({ profileId: OTHER, displayName: '赵网格' })], nextCursor: null })
    let f = open()
    await waitFor(() => expect(f.q('.members-more')).not.toBeNull())
    f.click('.members-more')
    await waitFor(() => expect(f.all('.member-row')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ communityId: COMMUNITY_A, q: undefined, role: undefined, cursor: 'n2' })
    cleanup()
    list.mockRejectedValueOnce(new ApiError(403, 'forbidden', '您没有权限进行这个操作')).mockResolvedValueOnce({ items: [member()], nextCursor: null })
    f = open()
    await waitFor(() => expect(f.q('.members-error')?.textContent).toContain('您没有权限'))
    f.click('.members-retry')
    await waitFor(() => expect(f.all('.member-row')).toHaveLength(1))
  })
})
