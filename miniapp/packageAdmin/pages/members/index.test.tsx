import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { changeRoles, getCommunityStructure, listMembers, suspendMember } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import { COMMUNITY_A, GRID_1, ME, PERSON, grid, loginAs, member, modalArgs, structure } from '../../testing/fixtures'
import MembersPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({ listMembers: vi.fn(), changeRoles: vi.fn(), getCommunityStructure: vi.fn(), suspendMember: vi.fn() }))

const list = vi.mocked(listMembers)
const change = vi.mocked(changeRoles)
const load = vi.mocked(getCommunityStructure)
const suspend = vi.mocked(suspendMember)
const OTHER = '50000000-0000-4000-8000-000000000004'

beforeEach(() => {
  resetTaroMock()
  for (const fn of [list, change, load, suspend]) fn.mockReset()
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
    // taking a role away: the confirm button is red; only granting one is not
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ confirmColor: '#c8102e' })
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

  it('a suspended member carries 已停用 and the reason; staff who may not act see no 停用/恢复 action', async () => {
    list.mockResolvedValue({
      items: [member({ suspended: true, suspendedReason: '多次发布广告骚扰邻居' }), member({ profileId: OTHER, displayName: '赵网格' })],
      nextCursor: null,
    })
    const f = open()
    await waitFor(() => expect(f.all('.member-row')).toHaveLength(2))
    expect(f.row(PERSON)!.querySelector('.member-suspended')?.textContent).toBe('已停用')
    expect(f.row(PERSON)!.className).toContain('is-suspended')
    expect(f.row(PERSON)!.querySelector('.member-suspended-reason')?.textContent).toBe('多次发布广告骚扰邻居')
    expect(f.row(OTHER)!.querySelector('.member-suspended')).toBeNull()
    // canSuspend is false for both (staff, not admin): the server would refuse, so nothing is offered
    expect(f.q('.member-suspend')).toBeNull()
    expect(f.q('.member-reinstate')).toBeNull()
  })

  it('停用账号 needs a reason, names the person in a confirmation, shows progress, then the row carries 已停用', async () => {
    loginAs('street_admin')
    router.params = { communityId: COMMUNITY_A }
    list.mockResolvedValue({ items: [member({ canSuspend: true }), member({ profileId: ME, displayName: '吴科长', roles: ['admin'] })], nextCursor: null })
    let resolve!: (m: ReturnType<typeof member>) => void
    suspend.mockImplementation(() => new Promise((r) => (resolve = r)))
    const f = open()
    await waitFor(() => expect(f.row(PERSON)).not.toBeNull())
    // not offered on oneself (canSuspend false)
    expect(f.row(ME)!.querySelector('.member-suspend')).toBeNull()
    fireEvent.click(f.row(PERSON)!.querySelector('.member-suspend')!)
    await waitFor(() => expect(f.q('.suspend-editor')).not.toBeNull())
    // the link opens its own panel, not the role editor
    expect(f.q('.role-editor')).toBeNull()

    f.click('.suspend-submit')
    await waitFor(() => expect(f.q('.suspend-error')?.textContent).toBe('请填写停用原因（至少 2 个字）'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    // the reason box gets the cursor
    await waitFor(() => expect(document.activeElement).toBe(f.q('.suspend-reason textarea')))

    await waitFor(() => expect(f.q('.suspend-reason textarea')).not.toBeNull())
    fireEvent.input(f.q('.suspend-reason textarea')!, { target: { value: '多次发布广告骚扰邻居' } })
    // the reason typed is kept as a draft until the account is suspended
    await waitFor(() => expect([...storage.keys()].some((k) => k.endsWith(`admin.suspend.${PERSON}`))).toBe(true), { timeout: 2000 })
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.suspend-submit')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(modalArgs(Taro.showModal).title).toBe('停用账号')
    expect(modalArgs(Taro.showModal).content).toContain('张阿姨')
    expect(modalArgs(Taro.showModal).content).toContain('多次发布广告骚扰邻居')
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ confirmText: '停用', confirmColor: '#c8102e' })
    expect(suspend).not.toHaveBeenCalled()

    f.click('.suspend-submit')
    await waitFor(() => expect(suspend).toHaveBeenCalledWith({ profileId: PERSON, suspend: true, reason: '多次发布广告骚扰邻居' }))
    await waitFor(() => expect(f.q('.suspend-submit')?.textContent).toBe('正在停用…'))
    expect(f.q('.suspend-cancel')).toBeNull()
    // a second tap while it is out sends nothing more
    f.click('.suspend-submit')
    expect(suspend).toHaveBeenCalledTimes(1)

    resolve(member({ suspended: true, suspendedReason: '多次发布广告骚扰邻居', canSuspend: true }))
    await waitFor(() => expect(f.q('.suspend-editor')).toBeNull())
    expect([...storage.keys()].some((k) => k.endsWith(`admin.suspend.${PERSON}`))).toBe(false)
    expect(f.row(PERSON)!.querySelector('.member-suspended')?.textContent).toBe('已停用')
    expect(f.row(PERSON)!.querySelector('.member-reinstate')?.textContent).toBe('恢复账号')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '账号已停用' }))
  })

  it('恢复账号 asks first; a refusal is said in Chinese and the panel stays; success clears the badge', async () => {
    loginAs('street_admin')
    router.params = { communityId: COMMUNITY_A }
    list.mockResolvedValue({ items: [member({ suspended: true, suspendedReason: '多次发布广告骚扰邻居', canSuspend: true })], nextCursor: null })
    suspend.mockRejectedValueOnce(new ApiError(403, 'member.suspend_forbidden', '只有街道管理员或本社区的管理员可以停用或恢复账号'))
    const f = open()
    await waitFor(() => expect(f.row(PERSON)).not.toBeNull())
    fireEvent.click(f.row(PERSON)!.querySelector('.member-reinstate')!)
    await waitFor(() => expect(f.q('.suspend-editor')).not.toBeNull())
    // no reason needed to reinstate; the current one is shown
    expect(f.q('.suspend-reason')).toBeNull()
    expect(f.q('.suspend-current-reason')?.textContent).toBe('停用原因：多次发布广告骚扰邻居')
    f.click('.suspend-submit')
    await waitFor(() => expect(f.q('.suspend-error')?.textContent).toBe('只有街道管理员或本社区的管理员可以停用或恢复账号'))
    expect(modalArgs(Taro.showModal).title).toBe('恢复账号')
    expect(modalArgs(Taro.showModal).content).toContain('张阿姨')
    expect(suspend).toHaveBeenCalledWith({ profileId: PERSON, suspend: false, reason: undefined })
    expect(f.q('.suspend-editor')).not.toBeNull()
    expect(f.row(PERSON)!.querySelector('.member-suspended')).not.toBeNull()

    suspend.mockResolvedValueOnce(member({ canSuspend: true }))
    f.click('.suspend-submit')
    await waitFor(() => expect(f.q('.suspend-editor')).toBeNull())
    expect(f.row(PERSON)!.querySelector('.member-suspended')).toBeNull()
    expect(f.row(PERSON)!.querySelector('.member-suspend')?.textContent).toBe('停用账号')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '账号已恢复' }))
  })
})
