import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPartyOrg, getCommunityStructure, listAdminCommunities, listPartyOrgs, updatePartyOrg } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { searchPeople } from '../../../services/people'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import {
  COMMUNITY_A,
  GRID_1,
  MICRO_1,
  ORG_BUILDING,
  ORG_COMMUNITY,
  ORG_GRID,
  ORG_STREET,
  PERSON,
  STREET,
  community,
  loginAs,
  modalArgs,
  partyOrg,
  partyTree,
  person,
  structure,
} from '../../testing/fixtures'
import { flattenTree } from '../../utils/tree'
import PartyPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({
  listPartyOrgs: vi.fn(),
  listAdminCommunities: vi.fn(),
  getCommunityStructure: vi.fn(),
  createPartyOrg: vi.fn(),
  updatePartyOrg: vi.fn(),
}))
vi.mock('../../../services/people', () => ({ searchPeople: vi.fn() }))

const list = vi.mocked(listPartyOrgs)
const communities = vi.mocked(listAdminCommunities)
const load = vi.mocked(getCommunityStructure)
const create = vi.mocked(createPartyOrg)
const update = vi.mocked(updatePartyOrg)
const search = vi.mocked(searchPeople)

beforeEach(() => {
  resetTaroMock()
  for (const fn of [list, communities, load, create, update, search]) fn.mockReset()
  loginAs('street_admin')
  router.params = { streetId: STREET }
  list.mockResolvedValue(partyTree())
  communities.mockResolvedValue([community()])
  load.mockResolvedValue(structure())
  search.mockResolvedValue([person()])
})
afterEach(cleanup)

function open() {
  const r = render(<PartyPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = r.container) => root.querySelector<T>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  const node = (id: string) => r.container.querySelector<HTMLElement>(`.party-node[data-id="${id}"]`)
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  return { ...r, q, all, node, type, click: (sel: string, root: ParentNode = r.container) => fireEvent.click(q(sel, root)!) }
}

describe('党组织 page', () => {
  it('shows the tree indented by level with secretaries', async () => {
    const f = open()
    await waitFor(() => expect(f.all('.party-node')).toHaveLength(3))
    expect(list).toHaveBeenCalledWith({ streetId: STREET })
    const [a, b, c] = f.all('.party-node')
    expect(a.className).toContain('party-depth-0')
    expect(a.querySelector('.party-level')?.textContent).toBe('街道党工委')
    expect(a.querySelector('.party-secretary')?.textContent).toBe('吴科长')
    expect(b.className).toContain('party-depth-1')
    expect(b.querySelector('.party-secretary')?.textContent).toBe('未设书记')
    expect(c.className).toContain('party-depth-2')
    expect(c.querySelector('.party-level')?.textContent).toBe('网格党支部')
    expect(c.querySelector('.party-scope')?.textContent).toBe('网格：第一网格')
    expect(c.querySelector('.party-add-child')).not.toBeNull()
  })

  it('新增下级组织 under a community committee is a grid branch on a chosen grid', async () => {
    create.mockResolvedValue(partyOrg({ id: '70000000-0000-4000-8000-000000000009', parentId: ORG_COMMUNITY, level: 'grid_branch', name: '第一网格党支部', communityId: COMMUNITY_A, gridId: GRID_1, gridName: '第一网格' }))
    const f = open()
    await waitFor(() => expect(f.node(ORG_COMMUNITY)).not.toBeNull())
    f.click('.party-add-child', f.node(ORG_COMMUNITY)!)
    await waitFor(() => expect(f.q('.party-child-form')?.textContent).toContain('新增网格党支部'))
    f.click('.party-submit')
    await waitFor(() => expect(f.q('.field-error-gridId')?.textContent).toBe('请选择网格'))
    expect(create).not.toHaveBeenCalled()
    await waitFor(() => expect(f.q('.party-grid-0')).not.toBeNull())
    expect(load).toHaveBeenCalledWith(COMMUNITY_A)
    f.click('.party-grid-0')
    await waitFor(() => expect(f.q<HTMLInputElement>('.party-name input')?.value).toBe('第一网格党支部'))
    f.click('.party-submit')
    await waitFor(() => expect(create).toHaveBeenCalled())
    expect(create.mock.calls[0][0]).toMatchObject({ level: 'grid_branch', name: '第一网格党支部', parentId: ORG_COMMUNITY, gridId: GRID_1 })
    expect(Taro.showModal).not.toHaveBeenCalled()
    await waitFor(() => expect(f.all('.party-node')).toHaveLength(4))
    expect(f.q('.party-child-form')).toBeNull()
  })

  it('a building group may name its micro-grid (optional)', async () => {
    create.mockResolvedValue(partyOrg({ id: ORG_BUILDING, parentId: ORG_GRID, level: 'building_group', name: '1号楼党小组', communityId: COMMUNITY_A, gridId: GRID_1, microGridId: MICRO_1, microGridName: '1号楼' }))
    const f = open()
    await waitFor(() => expect(f.node(ORG_GRID)).not.toBeNull())
    f.click('.party-add-child', f.node(ORG_GRID)!)
    await waitFor(() => expect(f.q('.party-micro-0')?.textContent).toBe('1号楼'))
    f.click('.party-micro-0')
    f.click('.party-submit')
    await waitFor(() => expect(create.mock.calls[0]?.[0]).toMatchObject({ level: 'building_group', name: '1号楼党小组', parentId: ORG_GRID, microGridId: MICRO_1 }))
    await waitFor(() => expect(f.node(ORG_BUILDING)?.className).toContain('party-depth-3'))
    expect(f.node(ORG_BUILDING)!.querySelector('.party-add-child')).toBeNull()
  })

  it('设置书记 with the person picker asks to confirm, then shows the new secretary', async () => {
    update.mockResolvedValue(partyOrg({ id: ORG_COMMUNITY, parentId: ORG_STREET, level: 'community_committee', name: '和平社区党委', communityId: COMMUNITY_A, secretaryId: PERSON, secretaryName: '李书记' }))
    const f = open()
    await waitFor(() => expect(f.node(ORG_COMMUNITY)).not.toBeNull())
    f.click('.party-set-secretary', f.node(ORG_COMMUNITY)!)
    await f.type('.party-secretary-picker .person-picker-search input', '李')
    await waitFor(() => expect(f.q('.person-picker-row')).not.toBeNull(), { timeout: 2000 })
    expect(search).toHaveBeenCalledWith(expect.objectContaining({ communityId: COMMUNITY_A, q: '李' }))
    f.click('.person-picker-row')
    await waitFor(() => expect(f.q('.party-secretary-save')).not.toBeNull())
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.party-secretary-save')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(modalArgs(Taro.showModal).content).toContain('由 李书记 担任「和平社区党委」书记')
    expect(update).not.toHaveBeenCalled()
    f.click('.party-secretary-save')
    await waitFor(() => expect(update).toHaveBeenCalledWith({ id: ORG_COMMUNITY, secretaryId: PERSON }))
    await waitFor(() => expect(f.node(ORG_COMMUNITY)!.querySelector('.party-secretary')?.textContent).toBe('李书记'))
  })

  it('清除书记 asks first and sends null; a refusal is shown in place', async () => {
    update.mockRejectedValueOnce(new ApiError(403, 'forbidden', '您没有权限进行这个操作'))
    update.mockResolvedValueOnce(partyOrg({ id: ORG_GRID, parentId: ORG_COMMUNITY, level: 'grid_branch', name: '第一网格党支部', communityId: COMMUNITY_A, gridId: GRID_1, gridName: '第一网格' }))
    const f = open()
    await waitFor(() => expect(f.node(ORG_GRID)).not.toBeNull())
    f.click('.party-set-secretary', f.node(ORG_GRID)!)
    await waitFor(() => expect(f.q('.party-secretary-clear')).not.toBeNull())
    expect(f.q('.person-picker-chip-name')?.textContent).toBe('李书记')
    f.click('.party-secretary-clear')
    await waitFor(() => expect(f.q('.party-secretary-error')?.textContent).toBe('您没有权限进行这个操作'))
    expect(modalArgs(Taro.showModal).content).toContain('网格长也会随之更换')
    expect(update).toHaveBeenCalledWith({ id: ORG_GRID, secretaryId: null })
    f.click('.party-secretary-clear')
    await waitFor(() => expect(f.node(ORG_GRID)!.querySelector('.party-secretary')?.textContent).toBe('未设书记'))
  })

  it('改名 keeps the tree and shows the new name', async () => {
    update.mockResolvedValue(partyOrg({ secretaryId: PERSON, secretaryName: '吴科长', name: '鼓楼街道党工委（新）' }))
    const f = open()
    await waitFor(() => expect(f.node(ORG_STREET)).not.toBeNull())
    f.click('.party-rename', f.node(ORG_STREET)!)
    await f.type('.party-rename-input input', ' ')
    f.click('.party-rename-submit')
    await waitFor(() => expect(f.q('.party-rename-error')?.textContent).toBe('请填写组织名称'))
    await f.type('.party-rename-input input', '鼓楼街道党工委（新）')
    f.click('.party-rename-submit')
    await waitFor(() => expect(update).toHaveBeenCalledWith({ id: ORG_STREET, name: '鼓楼街道党工委（新）' }))
    await waitFor(() => expect(f.node(ORG_STREET)!.querySelector('.party-node-name')?.textContent).toBe('鼓楼街道党工委（新）'))
    expect(f.all('.party-node')).toHaveLength(3)
  })

  it('a community view lists that community; an empty street offers to found the street committee', async () => {
    loginAs('staff')
    router.params = { communityId: COMMUNITY_A }
    list.mockResolvedValue(partyTree().slice(1))
    let f = open()
    await waitFor(() => expect(f.all('.party-node')).toHaveLength(2))
    expect(list).toHaveBeenCalledWith({ communityId: COMMUNITY_A })
    expect(f.node(ORG_COMMUNITY)?.className).toContain('party-depth-0')
    cleanup()
    loginAs('street_admin')
    router.params = { streetId: STREET }
    list.mockResolvedValue([])
    create.mockResolvedValue(partyOrg())
    f = open()
    await waitFor(() => expect(f.q('.party-new-root')).not.toBeNull())
    f.click('.party-new-root')
    await f.type('.party-name input', '鼓楼街道党工委')
    f.click('.party-submit')
    await waitFor(() => expect(create.mock.calls[0]?.[0]).toMatchObject({ level: 'street_committee', name: '鼓楼街道党工委', streetId: STREET }))
    await waitFor(() => expect(f.all('.party-node')).toHaveLength(1))
  })

  it('flattenTree: parents before children; an orphan is a root', () => {
    const [street, comm, grid] = partyTree()
    expect(flattenTree([grid, comm, street]).map((n) => [n.org.id, n.depth])).toEqual([
      [ORG_STREET, 0], [ORG_COMMUNITY, 1], [ORG_GRID, 2],
    ])
    expect(flattenTree([grid]).map((n) => n.depth)).toEqual([0])
  })
})
