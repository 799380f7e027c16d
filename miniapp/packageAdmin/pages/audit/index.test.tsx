import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listAudit } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router, triggerPullDownRefresh } from '../../../testing/taroMock'
import { COMMUNITY_A, GRID_1, STREET, auditEntry, loginAs } from '../../testing/fixtures'
import AuditPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({ listAudit: vi.fn() }))

const list = vi.mocked(listAudit)

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
  loginAs('staff')
  router.params = { communityId: COMMUNITY_A }
})
afterEach(cleanup)

function open() {
  const r = render(<AuditPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  return { ...r, q, all, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('操作日志 page', () => {
  it('shows time in Beijing, actor, action label, target and a readable detail; never a raw id', async () => {
    list.mockResolvedValue({
      items: [
        auditEntry(),
        auditEntry({ id: '100', at: '2024-11-21T16:05:00Z', action: 'grid.created', actorName: '陈主任', targetName: '第三网格', detail: { gridId: GRID_1, households: 620, kind: 'dedicated' } }),
        auditEntry({ id: '99', action: 'member.moved', actorName: null, targetName: '张阿姨', detail: { from: '和平社区', to: '光明社区' } }),
      ],
      nextCursor: 'a9',
    })
    const f = open()
    await waitFor(() => expect(f.all('.audit-row')).toHaveLength(3))
    expect(list).toHaveBeenCalledWith({ communityId: COMMUNITY_A, streetId: undefined, cursor: undefined })
    const [a, b, c] = f.all('.audit-row')
    expect(a.querySelector('.audit-time')?.textContent).toContain('11月22日 14:30')
    expect(a.querySelector('.audit-actor')?.textContent).toBe('陈主任')
    expect(a.querySelector('.audit-action')?.textContent).toBe('授予身份')
    expect(a.querySelector('.audit-target')?.textContent).toBe('「赵网格」')
    expect(a.querySelector('.audit-detail')?.textContent).toBe('身份：网格员')
    // 16:05 UTC is past midnight in Beijing
    expect(b.querySelector('.audit-time')?.textContent).toContain('11月22日 00:05')
    expect(b.querySelector('.audit-detail')?.textContent).toBe('类型：专属网格；户数：620')
    expect(b.textContent).not.toContain(GRID_1)
    expect(c.querySelector('.audit-actor')?.textContent).toBe('系统')
    expect(c.querySelector('.audit-detail')?.textContent).toBe('从 和平社区 到 光明社区')

    list.mockResolvedValueOnce({ items: [auditEntry({ id: '98', action: 'invitation.revoked', detail: { role: 'staff' } })], nextCursor: null })
    f.click('.audit-more')
    await waitFor(() => expect(f.all('.audit-row')).toHaveLength(4))
    expect(list).toHaveBeenLastCalledWith({ communityId: COMMUNITY_A, streetId: undefined, cursor: 'a9' })
    expect(f.all('.audit-row')[3].querySelector('.audit-action')?.textContent).toBe('作废邀请')
    expect(f.q('.audit-more')).toBeNull()
    expect(f.q('.list-end')).not.toBeNull()
  })

  it('a street administrator without a community sees the street, with each entry\'s community', async () => {
    loginAs('street_admin')
    router.params = {}
    list.mockResolvedValue({ items: [auditEntry()], nextCursor: null })
    const f = open()
    await waitFor(() => expect(f.q('.audit-community')?.textContent).toBe('和平社区'))
    expect(list).toHaveBeenCalledWith({ communityId: undefined, streetId: STREET, cursor: undefined })
  })

  it('empty, error with 重试, pull-down refresh; non-staff are refused without a request', async () => {
    list.mockResolvedValueOnce({ items: [], nextCursor: null })
    let f = open()
    await waitFor(() => expect(f.q('.audit-empty')).not.toBeNull())
    list.mockResolvedValueOnce({ items: [auditEntry()], nextCursor: null })
    triggerPullDownRefresh()
    await waitFor(() => expect(f.all('.audit-row')).toHaveLength(1))
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
    cleanup()
    list.mockRejectedValueOnce(new ApiError(0, 'timeout', '网络不给力，请求超时了，请稍后再试')).mockResolvedValueOnce({ items: [auditEntry()], nextCursor: null })
    f = open()
    await waitFor(() => expect(f.q('.audit-error')?.textContent).toContain('超时'))
    f.click('.audit-retry')
    await waitFor(() => expect(f.all('.audit-row')).toHaveLength(1))
    cleanup()
    list.mockClear()
    loginAs('resident')
    f = open()
    expect(f.q('.audit-forbidden')?.textContent).toBe('您没有管理权限')
    expect(list).not.toHaveBeenCalled()
  })

  it('停用账号 and 恢复账号 entries read as such, with the reason', async () => {
    list.mockResolvedValue({
      items: [
        auditEntry({ id: '103', action: 'member.reinstated', actorName: '吴科长', targetName: '张阿姨', detail: {} }),
        auditEntry({ id: '102', action: 'member.suspended', actorName: '吴科长', targetName: '张阿姨', detail: { reason: '多次发布广告骚扰邻居' } }),
      ],
      nextCursor: null,
    })
    const f = open()
    await waitFor(() => expect(f.all('.audit-row')).toHaveLength(2))
    const [a, b] = f.all('.audit-row')
    expect(a.querySelector('.audit-action')?.textContent).toBe('恢复账号')
    expect(b.querySelector('.audit-action')?.textContent).toBe('停用账号')
    expect(b.querySelector('.audit-detail')?.textContent).toBe('原因：多次发布广告骚扰邻居')
  })
})
