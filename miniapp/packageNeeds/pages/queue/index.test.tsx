import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedFull } from '../../../../core/contracts'
import { listDepartments, listScopedNeeds } from '../../../services/departments'
import { ApiError } from '../../../services/errors'
import { listNeeds, type NeedPage } from '../../../services/needs'
import { at, needFull, profile, REF_NO, signIn } from '../../../testing/fixtures'
import { Taro, resetTaroMock, router, storage, triggerReachBottom } from '../../../testing/taroMock'
import NeedQueuePage, { QUEUE_PAGE_SIZE } from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/needs', () => ({ listNeeds: vi.fn() }))
vi.mock('../../../services/departments', () => ({ listScopedNeeds: vi.fn(), listDepartments: vi.fn() }))

const list = vi.mocked(listNeeds)
const uuid = (n: number) => `6f1c1d52-8a0e-4a43-9b7c-${String(n).padStart(12, '0')}`
const item = (n: number, overrides: Partial<NeedFull> = {}) => needFull({ id: uuid(n), title: `需求第${n}条`, ...overrides })

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
  signIn(profile({ roles: ['staff'] }))
})
afterEach(cleanup)

const titles = (c: HTMLElement) => Array.from(c.querySelectorAll('.queue-item .queue-item-title')).map((e) => e.textContent)

describe('triage queue', () => {
  it('opens on 待研判: submitted needs, oldest first', async () => {
    list.mockResolvedValue({ items: [item(1), item(2)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    expect(container.querySelector('.needs-queue')).not.toBeNull()
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条', '需求第2条']))
    expect(list).toHaveBeenCalledWith({ status: 'submitted', order: 'oldest', limit: QUEUE_PAGE_SIZE })
    expect(container.querySelector('.queue-filter-pending')?.className).toContain('is-active')
    expect(container.querySelector('.queue-end')?.textContent).toBe('已经到底了')
    expect(container.querySelector('.queue-more')).toBeNull()
  })

  it('shows each need by its 受理编号, never its id; rows are links and chips tabs', async () => {
    list.mockResolvedValue({ items: [item(1)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条']))
    expect(container.querySelector('.queue-item .queue-item-ref')?.textContent).toBe(`受理编号 ${REF_NO}`)
    expect(container.querySelector('.queue-item')?.getAttribute('role')).toBe('link')
    expect(Array.from(container.querySelectorAll('.queue-filter')).every((c) => c.getAttribute('role') === 'tab')).toBe(true)
    expect(container.querySelector('.queue-filter-pending')?.getAttribute('aria-selected')).toBe('true')
    expect(container.textContent).not.toContain(uuid(1))
  })

  it('searches by 受理编号 across every status, and 清除 goes back to 待研判', async () => {
    list.mockResolvedValue({ items: [item(1)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(list).toHaveBeenCalledTimes(1))
    // Taro's Input creates its inner <input> asynchronously
    await waitFor(() => expect(container.querySelector('.queue-search-input input')).not.toBeNull())
    fireEvent.input(container.querySelector('.queue-search-input input')!, { target: { value: ' hp-20261122 ' } })
    fireEvent.click(container.querySelector('.queue-search-go')!)
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ q: 'hp-20261122', order: 'newest', limit: QUEUE_PAGE_SIZE }))
    expect(container.querySelector('.queue-search-summary')?.textContent).toBe('查找「hp-20261122」的结果')
    expect(container.querySelector('.queue-filter.is-active')).toBeNull()
    list.mockResolvedValueOnce({ items: [], nextCursor: null })
    await waitFor(() => expect(container.querySelector('.queue-search-input input')).not.toBeNull())
    fireEvent.input(container.querySelector('.queue-search-input input')!, { target: { value: 'HP-20991231-0001' } })
    fireEvent.click(container.querySelector('.queue-search-go')!)
    await waitFor(() => expect(container.querySelector('.queue-empty')?.textContent).toContain('HP-20991231-0001'))
    fireEvent.click(container.querySelector('.queue-search-clear')!)
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ status: 'submitted', order: 'oldest', limit: QUEUE_PAGE_SIZE }))
    expect(container.querySelector('.queue-filter-pending')?.className).toContain('is-active')
  })

  it('each chip asks for its own slice', async () => {
    list.mockResolvedValue({ items: [item(1)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(list).toHaveBeenCalledTimes(1))
    fireEvent.click(container.querySelector('.queue-filter-in_progress')!)
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ status: 'in_progress', order: 'oldest', limit: QUEUE_PAGE_SIZE }))
    fireEvent.click(container.querySelector('.queue-filter-overdue')!)
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ overdue: true, order: 'oldest', limit: QUEUE_PAGE_SIZE }))
    fireEvent.click(container.querySelector('.queue-filter-all')!)
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ order: 'newest', limit: QUEUE_PAGE_SIZE }))
    expect(container.querySelector('.queue-filter-all')?.className).toContain('is-active')
    expect(container.querySelector('.queue-filter-pending')?.className).not.toContain('is-active')
  })

  it('shows overdue needs in red with 已超期 and the deadline', async () => {
    list.mockResolvedValue({
      items: [
        item(1, { status: 'in_progress', overdue: true, dueAt: at('11-22T07:30:00Z'), dueGoal: 'resolve', track: 'public', severity: 'major' }),
        item(2, { status: 'in_progress', dueAt: at('11-22T09:30:00Z'), dueGoal: 'resolve' }),
      ],
      nextCursor: null,
    })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelectorAll('.queue-item')).toHaveLength(2))
    const [late, fine] = Array.from(container.querySelectorAll('.queue-item'))
    expect(late.className).toContain('is-overdue')
    expect(late.querySelector('.queue-item-overdue')?.textContent).toBe('已超期')
    expect(late.querySelector('.queue-item-due')?.textContent).toBe('应于 11月22日 15:30 前办结')
    expect(late.textContent).toContain('公家事')
    expect(late.textContent).toContain('重大')
    expect(fine.className).not.toContain('is-overdue')
    expect(fine.querySelector('.queue-item-overdue')).toBeNull()
  })

  it('加载更多 appends the next page with the cursor, then says it reached the end', async () => {
    list
      .mockResolvedValueOnce({ items: [item(1), item(2)], nextCursor: 'c1' })
      .mockResolvedValueOnce({ items: [item(2), item(3)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelector('.queue-more')?.textContent).toBe('加载更多'))
    fireEvent.click(container.querySelector('.queue-more')!)
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条', '需求第2条', '需求第3条']))
    expect(list).toHaveBeenLastCalledWith({ status: 'submitted', order: 'oldest', limit: QUEUE_PAGE_SIZE, cursor: 'c1' })
    expect(container.querySelector('.queue-more')).toBeNull()
    expect(container.querySelector('.queue-end')).not.toBeNull()
  })

  it('reaching the bottom loads more once, even when it fires twice', async () => {
    let answer!: (p: NeedPage) => void
    list
      .mockResolvedValueOnce({ items: [item(1)], nextCursor: 'c1' })
      .mockImplementationOnce(() => new Promise((r) => { answer = r }))
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelector('.queue-more')).not.toBeNull())
    triggerReachBottom()
    triggerReachBottom()
    await waitFor(() => expect(container.querySelector('.queue-more')?.textContent).toBe('正在加载…'))
    expect(list).toHaveBeenCalledTimes(2)
    answer({ items: [item(2)], nextCursor: null })
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条', '需求第2条']))
  })

  it('a failed next page keeps the list and lets the person try again', async () => {
    list
      .mockResolvedValueOnce({ items: [item(1)], nextCursor: 'c1' })
      .mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试'))
      .mockResolvedValueOnce({ items: [item(2)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelector('.queue-more')).not.toBeNull())
    fireEvent.click(container.querySelector('.queue-more')!)
    await waitFor(() => expect(container.querySelector('.queue-more-error')?.textContent).toContain('网络不给力'))
    expect(titles(container)).toEqual(['需求第1条'])
    fireEvent.click(container.querySelector('.queue-more')!)
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条', '需求第2条']))
  })

  it('a slow answer for an old chip never replaces the current one', async () => {
    let answerPending!: (p: NeedPage) => void
    list
      .mockImplementationOnce(() => new Promise((r) => { answerPending = r }))
      .mockResolvedValueOnce({ items: [item(7, { status: 'in_progress' })], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    fireEvent.click(container.querySelector('.queue-filter-in_progress')!)
    await waitFor(() => expect(titles(container)).toEqual(['需求第7条']))
    answerPending({ items: [item(1)], nextCursor: null })
    await new Promise((r) => setTimeout(r, 10))
    expect(titles(container)).toEqual(['需求第7条'])
  })

  it('empty, error and retry states', async () => {
    list.mockResolvedValueOnce({ items: [], nextCursor: null })
      .mockRejectedValueOnce(new ApiError(403, 'auth.forbidden', '您没有权限进行这个操作'))
      .mockResolvedValueOnce({ items: [item(1)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelector('.queue-empty')?.textContent).toContain('没有待研判的需求'))
    fireEvent.click(container.querySelector('.queue-filter-overdue')!)
    await waitFor(() => expect(container.querySelector('.queue-error')?.textContent).toContain('您没有权限进行这个操作'))
    fireEvent.click(container.querySelector('.queue-retry')!)
    await waitFor(() => expect(container.querySelectorAll('.queue-item')).toHaveLength(1))
  })

  it('tapping an item opens its detail', async () => {
    list.mockResolvedValue({ items: [item(1)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelector('.queue-item')).not.toBeNull())
    fireEvent.click(container.querySelector('.queue-item')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageNeeds/pages/detail/index?id=${uuid(1)}` })
  })

  it('a resident is told the queue is not for them and nothing is asked', async () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['resident'] })))
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelector('.queue-forbidden')).not.toBeNull())
    expect(list).not.toHaveBeenCalled()
  })
})

describe('street and department queues', () => {
  const DEPT_A = '30000000-0000-4000-8000-000000000001'
  const DEPT_B = '30000000-0000-4000-8000-000000000002'
  const dept = (id: string, name: string) => ({
    id, streetId: '20000000-0000-4000-8000-000000000001', name, contactName: null, contactPhone: null, archived: false,
    archivedAt: null, members: [], openCount: 0, createdAt: at('11-20T08:00:00Z'),
  })
  const scoped = vi.mocked(listScopedNeeds)
  const depts = vi.mocked(listDepartments)

  beforeEach(() => {
    scoped.mockReset()
    depts.mockReset()
  })

  it('街道待办: the street admin sees the street\'s queue, with status and department chips', async () => {
    router.params = { scope: 'street' }
    storage.set('profile', JSON.stringify(profile({ roles: ['resident'], communityId: null, adminStreetIds: ['20000000-0000-4000-8000-000000000001'] })))
    depts.mockResolvedValue([dept(DEPT_A, '城管科'), dept(DEPT_B, '民政科')])
    scoped.mockResolvedValue({ items: [item(1, { status: 'escalated', departmentName: '城管科' })], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条']))
    expect(container.querySelector('.queue-title')?.textContent).toBe('街道待办')
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '街道待办' })
    expect(list).not.toHaveBeenCalled()
    expect(scoped).toHaveBeenCalledWith('street', { limit: QUEUE_PAGE_SIZE })
    expect(container.querySelector('.queue-filter-all')?.className).toContain('is-active')
    expect(container.querySelector('.queue-item-dept')?.textContent).toBe('城管科')
    await waitFor(() => expect(container.querySelectorAll('.queue-dept')).toHaveLength(3))
    expect(Array.from(container.querySelectorAll('.queue-dept')).map((e) => e.textContent)).toEqual(['全部部门', '城管科', '民政科'])
    fireEvent.click(container.querySelector('.queue-filter-escalated')!)
    await waitFor(() => expect(scoped).toHaveBeenLastCalledWith('street', { status: 'escalated', limit: QUEUE_PAGE_SIZE }))
    fireEvent.click(container.querySelector(`.queue-dept[data-id="${DEPT_B}"]`)!)
    await waitFor(() => expect(scoped).toHaveBeenLastCalledWith('street', { status: 'escalated', departmentId: DEPT_B, limit: QUEUE_PAGE_SIZE }))
    expect(container.querySelector(`.queue-dept[data-id="${DEPT_B}"]`)?.className).toContain('is-active')
    fireEvent.click(container.querySelector('.queue-dept-all')!)
    await waitFor(() => expect(scoped).toHaveBeenLastCalledWith('street', { status: 'escalated', limit: QUEUE_PAGE_SIZE }))
    expect(depts).toHaveBeenCalledTimes(1)
  })

  it('部门待办: a department member sees their department\'s queue, without department chips', async () => {
    router.params = { scope: 'department' }
    storage.set('profile', JSON.stringify(profile({ roles: ['resident', 'department'] })))
    scoped.mockResolvedValueOnce({ items: [item(1)], nextCursor: 'c1' }).mockResolvedValueOnce({ items: [item(2)], nextCursor: null })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条']))
    expect(container.querySelector('.queue-title')?.textContent).toBe('部门待办')
    expect(scoped).toHaveBeenCalledWith('department', { limit: QUEUE_PAGE_SIZE })
    expect(depts).not.toHaveBeenCalled()
    expect(container.querySelector('.queue-depts')).toBeNull()
    fireEvent.click(container.querySelector('.queue-more')!)
    await waitFor(() => expect(titles(container)).toEqual(['需求第1条', '需求第2条']))
    expect(scoped).toHaveBeenLastCalledWith('department', { limit: QUEUE_PAGE_SIZE, cursor: 'c1' })
    fireEvent.click(container.querySelector('.queue-filter-overdue')!)
    await waitFor(() => expect(scoped).toHaveBeenLastCalledWith('department', { overdue: true, limit: QUEUE_PAGE_SIZE }))
  })

  it('each scope is closed to those it is not for, and nothing is asked', async () => {
    router.params = { scope: 'department' }
    storage.set('profile', JSON.stringify(profile({ roles: ['staff'] })))
    const { container, unmount } = render(<NeedQueuePage />)
    await waitFor(() => expect(container.querySelector('.queue-forbidden')?.textContent).toContain('部门待办'))
    unmount()
    router.params = { scope: 'street' }
    const street = render(<NeedQueuePage />)
    await waitFor(() => expect(street.container.querySelector('.queue-forbidden')?.textContent).toContain('街道待办'))
    expect(scoped).not.toHaveBeenCalled()
    expect(list).not.toHaveBeenCalled()
    expect(depts).not.toHaveBeenCalled()
  })
})

describe('the desk table (issue 12 item 6)', () => {
  const rows = (c: HTMLElement) => Array.from(c.querySelectorAll('.queue-table-row .queue-td-title')).map((e) => e.textContent)

  it('renders the same items as a table beside the cards, with the seven columns and the desk menu', async () => {
    list.mockResolvedValue({
      items: [item(1, { status: 'in_progress', overdue: true, dueAt: at('11-22T07:30:00Z'), dueGoal: 'resolve' }), item(2)],
      nextCursor: null,
    })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(rows(container)).toEqual(['需求第1条', '需求第2条']))
    expect(container.querySelectorAll('.queue-item')).toHaveLength(2)
    expect(Array.from(container.querySelectorAll('.queue-table-th')).map((e) => e.textContent)).toEqual([
      '受理编号', '受理时间', '标题', '类别', '网格', '状态', '期限',
    ])
    const [late, fine] = Array.from(container.querySelectorAll('.queue-table-row'))
    expect(late.className).toContain('is-overdue')
    expect(late.querySelector('.queue-td-due')?.textContent).toBe('已超期 · 应于 11月22日 15:30 前办结')
    expect(fine.querySelector('.queue-td-due')?.textContent).toBe('—')
    expect(container.querySelector('.desk-menu-queue')?.className).toContain('is-current')
  })

  it('a header sorts the loaded rows, asc then desc; a row opens the need', async () => {
    list.mockResolvedValue({
      items: [
        item(1, { createdAt: at('11-20T02:00:00Z') }),
        item(2, { createdAt: at('11-18T02:00:00Z') }),
        item(3, { createdAt: at('11-22T02:00:00Z') }),
      ],
      nextCursor: null,
    })
    const { container } = render(<NeedQueuePage />)
    await waitFor(() => expect(rows(container)).toEqual(['需求第1条', '需求第2条', '需求第3条']))
    const th = () => container.querySelector('.queue-th-createdAt')!
    fireEvent.click(th())
    expect(rows(container)).toEqual(['需求第2条', '需求第1条', '需求第3条'])
    expect(th().className).toContain('is-sorted-asc')
    fireEvent.click(th())
    expect(rows(container)).toEqual(['需求第3条', '需求第1条', '需求第2条'])
    expect(th().className).toContain('is-sorted-desc')
    fireEvent.click(container.querySelector('.queue-th-title')!)
    expect(th().className).not.toContain('is-sorted')
    expect(container.querySelector('.queue-th-title')?.className).toContain('is-sorted-asc')
    // the cards keep the server's order
    expect(titles(container)).toEqual(['需求第1条', '需求第2条', '需求第3条'])
    fireEvent.click(container.querySelector('.queue-table-row')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageNeeds/pages/detail/index?id=${uuid(1)}` })
  })
})
