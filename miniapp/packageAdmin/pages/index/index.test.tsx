import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { archiveCommunity, listAdminCommunities } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock } from '../../../testing/taroMock'
import { COMMUNITY_A, COMMUNITY_B, STREET, community, loginAs, modalArgs } from '../../testing/fixtures'
import AdminHomePage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({ listAdminCommunities: vi.fn(), archiveCommunity: vi.fn() }))

const list = vi.mocked(listAdminCommunities)
const archive = vi.mocked(archiveCommunity)
const OLD = '20000000-0000-4000-8000-00000000000c'

beforeEach(() => {
  resetTaroMock()
  list.mockReset()
  archive.mockReset()
  list.mockResolvedValue([
    community(),
    community({ id: COMMUNITY_B, name: '光明社区', code: '320106-01-A4-002', gridCount: 0, microGridCount: 0, memberCount: 0 }),
    community({ id: OLD, name: '旧城社区', code: '320106-01-A1-003', archived: true, archivedAt: '2024-11-20T02:00:00Z' }),
  ])
})
afterEach(cleanup)

function open() {
  const r = render(<AdminHomePage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  const row = (id: string) => r.container.querySelector<HTMLElement>(`.admin-community[data-id="${id}"]`)
  return { ...r, q, all, row, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('管理 home', () => {
  it('a street administrator sees the street, its communities with code and counts; archived only on request', async () => {
    loginAs('street_admin')
    const f = open()
    await waitFor(() => expect(f.all('.admin-community')).toHaveLength(2))
    expect(list).toHaveBeenCalledWith({ streetId: STREET, includeArchived: true })
    expect(f.q('.admin-street')?.textContent).toBe('鼓楼街道')
    const a = f.row(COMMUNITY_A)!
    expect(a.querySelector('.admin-community-code')?.textContent).toBe('320106-01-A1-001')
    expect(a.querySelector('.admin-counts')?.textContent).toBe('2 个网格 · 5 个微网格 · 120 位成员')
    expect(f.row(OLD)).toBeNull()
    f.click('.admin-show-archived')
    await waitFor(() => expect(f.row(OLD)).not.toBeNull())
    expect(f.row(OLD)!.querySelector('.admin-archived')?.textContent).toBe('已归档')
    expect(list).toHaveBeenCalledTimes(1)

    f.click('.admin-new-community')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAdmin/pages/community-form/index?streetId=${STREET}` })
    f.click('.admin-street-whistles')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packageNeeds/pages/street-whistles/index' })

    // tapping a row opens its sections
    expect(a.querySelector('.admin-structure')).toBeNull()
    fireEvent.click(a.querySelector('.admin-community-head')!)
    await waitFor(() => expect(a.querySelector('.admin-structure')).not.toBeNull())
    fireEvent.click(a.querySelector('.admin-settings')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAdmin/pages/settings/index?communityId=${COMMUNITY_A}` })
    fireEvent.click(a.querySelector('.admin-structure')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAdmin/pages/structure/index?communityId=${COMMUNITY_A}` })
    fireEvent.click(a.querySelector('.admin-edit')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAdmin/pages/community-form/index?id=${COMMUNITY_A}` })
    for (const sel of ['.admin-party', '.admin-invitations', '.admin-members', '.admin-audit', '.admin-archive']) expect(a.querySelector(sel)).not.toBeNull()
  })

  it('归档 needs a reason and a confirmation that names the consequence; declining changes nothing', async () => {
    loginAs('street_admin')
    archive.mockResolvedValue(community({ id: COMMUNITY_B, name: '光明社区', archived: true, archivedAt: '2024-11-23T02:00:00Z' }))
    const f = open()
    await waitFor(() => expect(f.row(COMMUNITY_B)).not.toBeNull())
    const b = f.row(COMMUNITY_B)!
    fireEvent.click(b.querySelector('.admin-community-head')!)
    await waitFor(() => expect(b.querySelector('.admin-archive')).not.toBeNull())
    fireEvent.click(b.querySelector('.admin-archive')!)
    await waitFor(() => expect(f.q('.archive-reason textarea')).not.toBeNull())
    f.click('.archive-submit')
    await waitFor(() => expect(f.q('.archive-error')?.textContent).toContain('请填写归档原因'))
    expect(Taro.showModal).not.toHaveBeenCalled()

    fireEvent.input(f.q('.archive-reason textarea')!, { target: { value: '已并入和平社区' } })
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.archive-submit')
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(modalArgs(Taro.showModal).content).toContain('归档后居民将无法再加入该社区，已有数据保留')
    expect(modalArgs(Taro.showModal).content).toContain('「光明社区」')
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ confirmText: '归档', confirmColor: '#c8102e' })
    expect(archive).not.toHaveBeenCalled()

    f.click('.archive-submit')
    await waitFor(() => expect(archive).toHaveBeenCalledWith(COMMUNITY_B, '已并入和平社区'))
    await waitFor(() => expect(f.row(COMMUNITY_B)).toBeNull())
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已归档' }))
  })

  it('a refused archive keeps the reason and says why', async () => {
    loginAs('street_admin')
    archive.mockRejectedValue(new ApiError(403, 'forbidden', '您没有权限进行这个操作'))
    const f = open()
    await waitFor(() => expect(f.row(COMMUNITY_A)).not.toBeNull())
    fireEvent.click(f.row(COMMUNITY_A)!.querySelector('.admin-community-head')!)
    await waitFor(() => expect(f.q('.admin-archive')).not.toBeNull())
    f.click('.admin-archive')
    await waitFor(() => expect(f.q('.archive-reason textarea')).not.toBeNull())
    fireEvent.input(f.q('.archive-reason textarea')!, { target: { value: '测试归档' } })
    f.click('.archive-submit')
    await waitFor(() => expect(f.q('.archive-error')?.textContent).toBe('您没有权限进行这个操作'))
    expect(f.q<HTMLTextAreaElement>('.archive-reason textarea')?.value).toBe('测试归档')
    expect(f.row(COMMUNITY_A)).not.toBeNull()
  })

  it('a staff member sees their own community\'s sections directly; edits only its phone and prefix, never archives', async () => {
    loginAs('staff')
    list.mockResolvedValue([community()])
    const f = open()
    await waitFor(() => expect(f.q('.admin-community-code')?.textContent).toContain('320106-01-A1-001'))
    expect(list).toHaveBeenCalledWith()
    expect(f.q('.admin-new-community')).toBeNull()
    expect(f.q('.admin-contact')?.textContent).toBe('服务电话：025-84561234')
    expect(f.q('.admin-prefix')?.textContent).toBe('受理编号前缀：HP')
    expect(f.q('.admin-edit')?.textContent).toBe('电话与编号')
    expect(f.q('.admin-edit')?.getAttribute('role')).toBe('link')
    f.click('.admin-edit')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAdmin/pages/community-form/index?id=${COMMUNITY_A}` })
    expect(f.q('.admin-archive')).toBeNull()
    f.click('.admin-members')
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAdmin/pages/members/index?communityId=${COMMUNITY_A}` })
  })

  it('someone without a management role gets a calm refusal and no request', async () => {
    loginAs('resident')
    const f = open()
    expect(f.q('.admin-forbidden')?.textContent).toContain('您没有管理权限')
    expect(list).not.toHaveBeenCalled()
  })

  it('a failed load offers 重试', async () => {
    loginAs('street_admin')
    list.mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试'))
    const f = open()
    await waitFor(() => expect(f.q('.admin-error')?.textContent).toContain('网络不给力'))
    f.click('.admin-retry')
    await waitFor(() => expect(f.all('.admin-community')).toHaveLength(2))
  })
})
