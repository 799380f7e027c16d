import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../services/errors'
import { getNeed, getSlaRules, triageNeed } from '../../../services/needs'
import { IDS, needDetail, profile } from '../../../testing/fixtures'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import TriagePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/needs', () => ({ getNeed: vi.fn(), getSlaRules: vi.fn(), triageNeed: vi.fn() }))

beforeEach(() => {
  resetTaroMock()
  for (const fn of [getNeed, getSlaRules, triageNeed]) vi.mocked(fn).mockReset()
  router.params = { id: IDS.need }
  storage.set('token', 'tok')
})
afterEach(cleanup)

const settings = { escalateGraceMinutes: 0, autoCloseDays: 7, reopenDays: 7 }

describe('triage page', () => {
  it('shows the community\'s SLA text and, for staff, triages with them as handler and goes back', async () => {
    storage.set('profile', JSON.stringify(profile({ id: IDS.staff, roles: ['staff'] })))
    Taro.getCurrentPages.mockImplementation(() => [{ route: 'packageNeeds/pages/detail/index' }, { route: 'packageNeeds/pages/triage/index' }])
    vi.mocked(getNeed).mockResolvedValue(needDetail({ canTriage: true }))
    vi.mocked(getSlaRules).mockResolvedValue({
      communityId: IDS.community, settings,
      rules: [
        { severity: 'general', minutes: 30, goal: 'resolve' }, { severity: 'major', minutes: 1440, goal: 'resolve' },
        { severity: 'complex', minutes: 10080, goal: 'plan' }, { severity: 'escalated', minutes: 10080, goal: 'report' },
      ],
    })
    vi.mocked(triageNeed).mockResolvedValue(needDetail({ status: 'triaged' }))
    const { container } = render(<TriagePage />)
    await waitFor(() => expect(container.querySelector('.triage-severity-general .triage-sla')?.textContent).toBe('30 分钟内办结'))
    expect(getSlaRules).toHaveBeenCalledWith(IDS.community)
    expect(container.querySelector('.triage-need-title')?.textContent).toBe('三号楼楼道灯坏了')
    fireEvent.click(container.querySelector('.triage-track-shared')!)
    fireEvent.click(container.querySelector('.triage-severity-general')!)
    fireEvent.click(container.querySelector('.triage-submit')!)
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
    expect(triageNeed).toHaveBeenCalledWith(IDS.need, { track: 'shared', severity: 'general', handlerId: IDS.staff })
  })

  it('a grid worker (who may not read the rules) sees the defaults and is no handler', async () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['grid_worker'] })))
    vi.mocked(getNeed).mockResolvedValue(needDetail({ canTriage: true }))
    vi.mocked(getSlaRules).mockRejectedValue(new ApiError(403, 'auth.forbidden', '您没有权限进行这个操作'))
    vi.mocked(triageNeed).mockResolvedValue(needDetail({ status: 'triaged' }))
    const { container } = render(<TriagePage />)
    await waitFor(() => expect(container.querySelector('.triage-severity-general .triage-sla')?.textContent).toBe('1 小时内办结'))
    expect(container.querySelector('.triage-sla-source')?.textContent).toContain('默认')
    expect(container.querySelector('.triage-handler-self')).toBeNull()
    fireEvent.click(container.querySelector('.triage-track-private')!)
    fireEvent.click(container.querySelector('.triage-severity-major')!)
    fireEvent.click(container.querySelector('.triage-submit')!)
    // opened directly (nothing to go back to): goes to the detail page instead
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/packageNeeds/pages/detail/index?id=${IDS.need}` }))
  })

  it('a need that can no longer be triaged says so', async () => {
    storage.set('profile', JSON.stringify(profile({ roles: ['staff'] })))
    vi.mocked(getNeed).mockResolvedValue(needDetail({ status: 'in_progress', canTriage: false }))
    const { container } = render(<TriagePage />)
    await waitFor(() => expect(container.querySelector('.triage-load-error')?.textContent).toContain('不能研判'))
    expect(container.querySelector('.triage-submit')).toBeNull()
  })
})
