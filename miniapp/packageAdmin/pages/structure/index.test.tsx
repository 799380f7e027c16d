import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createGrid, createMicroGrid, getCommunityStructure, updateGrid } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router, storage, triggerPullDownRefresh } from '../../../testing/taroMock'
import { COMMUNITY_A, GRID_1, GRID_2, community, grid, loginAs, microGrid, structure } from '../../testing/fixtures'
import StructurePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({
  getCommunityStructure: vi.fn(),
  createGrid: vi.fn(),
  updateGrid: vi.fn(),
  createMicroGrid: vi.fn(),
  updateMicroGrid: vi.fn(),
}))

const load = vi.mocked(getCommunityStructure)
const addGrid = vi.mocked(createGrid)
const editGrid = vi.mocked(updateGrid)
const addMicro = vi.mocked(createMicroGrid)
const MICRO_2 = '40000000-0000-4000-8000-0000000000a2'

beforeEach(() => {
  resetTaroMock()
  for (const fn of [load, addGrid, editGrid, addMicro]) fn.mockReset()
  loginAs('staff')
  router.params = { communityId: COMMUNITY_A }
  load.mockResolvedValue(structure())
})
afterEach(cleanup)

function open() {
  const r = render(<StructurePage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = r.container) => root.querySelector<T>(sel)
  const type = async (sel: string, value: string, root: ParentNode = r.container) => {
    await waitFor(() => expect(q(sel, root)).not.toBeNull())
    fireEvent.input(q(sel, root)!, { target: { value } })
  }
  const grid = (id: string) => r.container.querySelector<HTMLElement>(`.structure-grid[data-id="${id}"]`)
  return { ...r, q, type, grid, click: (sel: string, root: ParentNode = r.container) => fireEvent.click(q(sel, root)!) }
}

describe('网格与微网格 page', () => {
  it('shows each grid with kind, households, leader, workers and its micro-grids; an existing warning is shown', async () => {
    load.mockResolvedValue(structure({
      grids: [
        { ...grid(), microGrids: [microGrid(), microGrid({ id: MICRO_2, name: '2号楼', households: 120, warnings: [{ code: 'micro_grid.households_out_of_range', message: '微网格户数建议在 50-80 户之间' }] })] },
      ],
    }))
    const f = open()
    await waitFor(() => expect(f.grid(GRID_1)).not.toBeNull())
    expect(load).toHaveBeenCalledWith(COMMUNITY_A)
    const g = f.grid(GRID_1)!
    expect(g.querySelector('.structure-grid-kind')?.textContent).toBe('综合网格')
    expect(g.querySelector('.structure-grid-households')?.textContent).toBe('400 户')
    expect(g.querySelector('.structure-grid-leader')?.textContent).toBe('李书记')
    expect(g.querySelector('.structure-grid-workers')?.textContent).toBe('赵网格')
    expect(g.querySelectorAll('.structure-micro-grid')).toHaveLength(2)
    const warned = g.querySelector(`.structure-micro-grid[data-id="${MICRO_2}"] .structure-warning`)
    expect(warned?.textContent).toContain('微网格户数建议在 50-80 户之间')
    expect(warned?.textContent).toContain('已保存')
    expect(g.querySelector(`.structure-micro-grid[data-id="${microGrid().id}"] .structure-warning`)).toBeNull()
  })

  it('新建网格 with households outside 300-500 is saved and the warning explains the guideline', async () => {
    addGrid.mockResolvedValue(grid({
      id: GRID_2, name: '学校专属网格', kind: 'dedicated', households: 620, leaderName: null, workerNames: [],
      warnings: [{ code: 'grid.households_out_of_range', message: '网格户数建议在 300-500 户之间，当前 620 户' }],
    }))
    const f = open()
    await waitFor(() => expect(f.q('.structure-new-grid')).not.toBeNull())
    f.click('.structure-new-grid')
    await f.type('.grid-name input', '学校专属网格')
    f.click('.grid-kind-dedicated')
    f.click('.grid-submit')
    await waitFor(() => expect(f.q('.field-error-households')?.textContent).toBe('请填写户数'))
    expect(addGrid).not.toHaveBeenCalled()
    await f.type('.grid-households input', '620')
    f.click('.grid-submit')
    await waitFor(() => expect(addGrid).toHaveBeenCalledWith({ communityId: COMMUNITY_A, name: '学校专属网格', kind: 'dedicated', households: 620 }))
    await waitFor(() => expect(f.grid(GRID_2)).not.toBeNull())
    const g = f.grid(GRID_2)!
    expect(g.querySelector('.structure-warning')?.textContent).toContain('网格户数建议在 300-500 户之间，当前 620 户')
    expect(g.querySelector('.structure-warning')?.textContent).toContain('一个网格一般 300-500 户')
    expect(g.querySelector('.structure-grid-kind')?.textContent).toBe('专属网格')
    expect(f.q('.grid-new-form')).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存，请看户数提示' }))
  })

  it('新建微网格 under a grid; the answer\'s warning shows under the new micro-grid', async () => {
    addMicro.mockResolvedValue(microGrid({ id: MICRO_2, name: '3号楼', households: 96, warnings: [{ code: 'micro_grid.households_out_of_range', message: '微网格户数建议在 50-80 户之间' }] }))
    const f = open()
    await waitFor(() => expect(f.grid(GRID_1)).not.toBeNull())
    f.click('.structure-new-micro-grid', f.grid(GRID_1)!)
    await f.type('.micro-name input', '3号楼')
    await f.type('.micro-households input', '96')
    f.click('.micro-submit')
    await waitFor(() => expect(addMicro).toHaveBeenCalledWith({ gridId: GRID_1, name: '3号楼', households: 96 }))
    await waitFor(() => expect(f.q(`.structure-micro-grid[data-id="${MICRO_2}"] .structure-warning`)?.textContent).toContain('微网格户数建议在 50-80 户之间'))
  })

  it('editing a grid: a refusal lands at its field and what was typed stays', async () => {
    editGrid.mockRejectedValue(new ApiError(400, 'request.invalid', '户数不能超过 100000', 'households'))
    const f = open()
    await waitFor(() => expect(f.grid(GRID_1)).not.toBeNull())
    f.click('.structure-edit-grid', f.grid(GRID_1)!)
    await waitFor(() => expect(f.q<HTMLInputElement>('.grid-edit-form .grid-name input')?.value).toBe('第一网格'))
    expect(f.q('.grid-edit-form .grid-kind-comprehensive')?.className).toContain('is-selected')
    await f.type('.grid-edit-form .grid-households input', '99999')
    f.click('.grid-edit-form .grid-submit')
    await waitFor(() => expect(f.q('.grid-edit-form .field-error-households')?.textContent).toBe('户数不能超过 100000'))
    expect(editGrid).toHaveBeenCalledWith({ id: GRID_1, name: '第一网格', kind: 'comprehensive', households: 99999 })
    expect(f.q<HTMLInputElement>('.grid-edit-form .grid-households input')?.value).toBe('99999')
  })

  it('a new grid half typed survives leaving the page (with 清空), the focus goes to the first refused field, and 取消 forgets it', async () => {
    let f = open()
    await waitFor(() => expect(f.q('.structure-new-grid')).not.toBeNull())
    f.click('.structure-new-grid')
    await f.type('.grid-name input', '学校专属网格')
    f.click('.grid-kind-dedicated')
    f.click('.grid-submit')
    // households missing: its field gets the cursor
    await waitFor(() => expect(document.activeElement).toBe(f.q('.grid-households input')))
    await waitFor(() => expect([...storage.keys()].some((k) => k.endsWith(`admin.grid.new.${COMMUNITY_A}`))).toBe(true), { timeout: 2000 })
    cleanup()

    f = open()
    await waitFor(() => expect(f.q('.structure-new-grid')).not.toBeNull())
    f.click('.structure-new-grid')
    await waitFor(() => expect(f.q<HTMLInputElement>('.grid-name input')?.value).toBe('学校专属网格'))
    expect(f.q('.grid-kind-dedicated')?.className).toContain('is-selected')
    expect(f.q('.grid-draft-note')).not.toBeNull()
    f.click('.grid-cancel')
    expect([...storage.keys()].some((k) => k.endsWith(`admin.grid.new.${COMMUNITY_A}`))).toBe(false)
    f.click('.structure-new-grid')
    await waitFor(() => expect(f.q<HTMLInputElement>('.grid-name input')?.value).toBe(''))
  })

  it('a saved micro-grid leaves no draft behind', async () => {
    addMicro.mockResolvedValue(microGrid({ id: MICRO_2, name: '3号楼', households: 64 }))
    const f = open()
    await waitFor(() => expect(f.grid(GRID_1)).not.toBeNull())
    f.click('.structure-new-micro-grid', f.grid(GRID_1)!)
    await f.type('.micro-name input', '3号楼')
    await f.type('.micro-households input', '64')
    await waitFor(() => expect([...storage.keys()].some((k) => k.endsWith(`admin.micro.new.${GRID_1}`))).toBe(true), { timeout: 2000 })
    f.click('.micro-submit')
    await waitFor(() => expect(addMicro).toHaveBeenCalled())
    await waitFor(() => expect(f.q('.micro-new-form')).toBeNull())
    expect([...storage.keys()].some((k) => k.endsWith(`admin.micro.new.${GRID_1}`))).toBe(false)
  })

  it('empty, error with 重试, and pull-down refresh', async () => {
    load.mockResolvedValueOnce(structure({ grids: [] }))
    const f = open()
    await waitFor(() => expect(f.q('.structure-empty')).not.toBeNull())
    load.mockResolvedValueOnce(structure({ community: community({ name: '和平社区（新）' }) }))
    triggerPullDownRefresh()
    await waitFor(() => expect(f.grid(GRID_1)).not.toBeNull())
    expect(f.q('.structure-community')?.textContent).toBe('和平社区（新）')
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
    cleanup()
    load.mockRejectedValueOnce(new ApiError(500, 'server_error', '服务暂时不可用，请稍后再试'))
    const g = open()
    await waitFor(() => expect(g.q('.structure-error')?.textContent).toContain('服务暂时不可用'))
    g.click('.structure-retry')
    await waitFor(() => expect(g.grid(GRID_1)).not.toBeNull())
  })

  it('someone without a management role sees a refusal and no request', () => {
    loginAs('resident')
    const f = open()
    expect(f.q('.structure-forbidden')?.textContent).toBe('您没有管理权限')
    expect(load).not.toHaveBeenCalled()
  })
})
