import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StreetWhistle } from '../../../../core/contracts'
import { createStreetWhistle, listDepartments, listStreetWhistles, reportStreetWhistle } from '../../../services/departments'
import { ApiError } from '../../../services/errors'
import { at, IDS, profile, signIn } from '../../../testing/fixtures'
import { Taro, resetTaroMock } from '../../../testing/taroMock'
import StreetWhistlesPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/departments', () => ({
  listStreetWhistles: vi.fn(), createStreetWhistle: vi.fn(), reportStreetWhistle: vi.fn(), listDepartments: vi.fn(),
}))

const STREET = '20000000-0000-4000-8000-000000000001'
const D1 = '30000000-0000-4000-8000-000000000001'
const D2 = '30000000-0000-4000-8000-000000000002'
const W = '40000000-0000-4000-8000-000000000001'
const target = (o: Partial<StreetWhistle['targets'][number]> = {}) => ({
  departmentId: D1, departmentName: '城管科', reported: false, reportedAt: null, reportedByName: null, attendee: null, arriveAt: null,
  note: null, late: false, mine: false, ...o,
})
const whistle = (o: Partial<StreetWhistle> = {}): StreetWhistle => ({
  id: W, streetId: STREET, title: '清理占道摊点', description: null, needId: null, needTitle: null, place: '幸福路口',
  meetAt: at('11-22T01:00:00Z'), status: 'open', createdByName: '王主任', createdAt: at('11-21T08:00:00Z'), closedAt: null,
  targets: [target()], ...o,
})
const dept = (id: string, name: string) => ({
  id, streetId: STREET, name, contactName: null, contactPhone: null, archived: false, archivedAt: null, members: [], openCount: 0, createdAt: at('11-20T08:00:00Z'),
})
const streetAdmin = profile({ id: IDS.staff, handle: 'street1', displayName: '王主任', roles: ['staff'], adminStreetIds: [STREET], communityId: null })
const member = profile({ id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a09', handle: 'dept1', displayName: '钱科员', roles: ['department'], communityId: null })

function loginAs(p = member) {
  signIn(p)
}

beforeEach(() => {
  resetTaroMock()
  for (const fn of [listStreetWhistles, createStreetWhistle, reportStreetWhistle, listDepartments]) vi.mocked(fn).mockReset()
  vi.mocked(listDepartments).mockResolvedValue([dept(D1, '城管科'), dept(D2, '住建科')])
})
afterEach(cleanup)

async function open(items: StreetWhistle[]) {
  vi.mocked(listStreetWhistles).mockResolvedValue({ items, nextCursor: null })
  const view = render(<StreetWhistlesPage />)
  await waitFor(() => expect(view.container.querySelector('.sw-loading')).toBeNull())
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  return { ...view, q }
}

describe('街道吹哨', () => {
  it('lists whistles with each department\'s report or 未报到, late ones marked', async () => {
    loginAs(streetAdmin)
    const f = await open([whistle({ targets: [
      target({ reported: true, attendee: '李队长等 3 人', arriveAt: at('11-22T01:00:00Z'), reportedByName: '钱科员', reportedAt: at('11-21T09:00:00Z') }),
      target({ departmentId: D2, departmentName: '住建科', late: true }),
    ] })])
    expect(f.q('.sw-title')?.textContent).toBe('清理占道摊点')
    expect(f.q(`.sw-target[data-id="${D1}"] .sw-reported`)?.textContent).toContain('李队长等 3 人')
    expect(f.q(`.sw-target[data-id="${D1}"] .sw-reported`)?.textContent).toContain('钱科员')
    expect(f.q(`.sw-target[data-id="${D2}"]`)?.className).toContain('is-late')
    expect(f.q(`.sw-target[data-id="${D2}"] .sw-unreported`)?.textContent).toBe('未报到（已超时）')
    expect(f.q('.sw-report')).toBeNull()
  })

  it('a street admin blows a whistle after confirming; it shows at the top', async () => {
    loginAs(streetAdmin)
    vi.mocked(createStreetWhistle).mockResolvedValue(whistle({ id: '40000000-0000-4000-8000-000000000002', title: '疏通下水道' }))
    const f = await open([])
    expect(f.q('.sw-empty')).not.toBeNull()
    await waitFor(() => expect(f.container.querySelectorAll('.sw-form-dept')).toHaveLength(2))
    await waitFor(() => expect(f.q('.sw-form-place input')).not.toBeNull())
    fireEvent.input(f.q('.sw-form-place input')!, { target: { value: '幸福路口' } })
    fireEvent.input(f.q('.sw-form-title input')!, { target: { value: '疏通下水道' } })
    fireEvent.click(f.q('.sw-form-submit')!)
    await waitFor(() => expect(f.q('.sw-form-error')?.textContent).toBe('请至少选择一个部门'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    fireEvent.click(f.q(`.sw-form-dept[data-id="${D2}"]`)!)
    fireEvent.click(f.q('.sw-form-submit')!)
    await waitFor(() => expect(createStreetWhistle).toHaveBeenCalled())
    expect(vi.mocked(createStreetWhistle).mock.calls[0][0]).toEqual(expect.objectContaining({
      streetId: STREET, title: '疏通下水道', place: '幸福路口', departmentIds: [D2], meetAt: expect.stringMatching(/T09:00:00\+08:00$/),
    }))
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '街道吹哨' }))
    await waitFor(() => expect(f.q('.sw-title')?.textContent).toBe('疏通下水道'))
  })

  it('a department member reports who comes and when', async () => {
    loginAs(member)
    vi.mocked(reportStreetWhistle).mockResolvedValue(whistle({ targets: [target({ mine: true, reported: true, attendee: '李队长', arriveAt: at('11-22T01:00:00Z') })] }))
    const f = await open([whistle({ targets: [target({ mine: true })] })])
    expect(f.q('.sw-create')).toBeNull()
    await waitFor(() => expect(f.q('.sw-report-attendee input')).not.toBeNull())
    fireEvent.input(f.q('.sw-report-attendee input')!, { target: { value: '李队长' } })
    fireEvent.click(f.q('.sw-report-submit')!)
    await waitFor(() => expect(reportStreetWhistle).toHaveBeenCalledWith({ id: W, departmentId: D1, attendee: '李队长', arriveAt: '2026-11-22T09:00:00+08:00' }))
    await waitFor(() => expect(f.q('.sw-reported')?.textContent).toContain('李队长'))
  })

  it('a refused report is shown at the form and keeps the text', async () => {
    loginAs(member)
    vi.mocked(reportStreetWhistle).mockRejectedValue(new ApiError(403, 'forbidden', '您不是该部门的人员'))
    const f = await open([whistle({ targets: [target({ mine: true })] })])
    await waitFor(() => expect(f.q('.sw-report-attendee input')).not.toBeNull())
    fireEvent.input(f.q('.sw-report-attendee input')!, { target: { value: '李队长' } })
    fireEvent.click(f.q('.sw-report-submit')!)
    await waitFor(() => expect(f.q('.sw-report-error')?.textContent).toBe('您不是该部门的人员'))
    expect((f.q('.sw-report-attendee input') as HTMLInputElement).value).toBe('李队长')
  })
})
