import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createInvitation, getCommunityStructure, listInvitations, revokeInvitation } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import { COMMUNITY_A, GRID_1, GRID_2, INVITATION_ID, created, grid, invitation, loginAs, modalArgs, structure } from '../../testing/fixtures'
import InvitationsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({
  listInvitations: vi.fn(),
  createInvitation: vi.fn(),
  revokeInvitation: vi.fn(),
  getCommunityStructure: vi.fn(),
}))

const list = vi.mocked(listInvitations)
const create = vi.mocked(createInvitation)
const revoke = vi.mocked(revokeInvitation)
const load = vi.mocked(getCommunityStructure)
const ACCEPTED = '60000000-0000-4000-8000-000000000002'
const NEW_ID = '60000000-0000-4000-8000-000000000003'

beforeEach(() => {
  resetTaroMock()
  for (const fn of [list, create, revoke, load]) fn.mockReset()
  loginAs('staff')
  router.params = { communityId: COMMUNITY_A }
  list.mockResolvedValue({
    items: [invitation(), invitation({ id: ACCEPTED, code: 'WXYZ6789', role: 'grid_worker', gridId: GRID_1, gridName: '第一网格', status: 'accepted', acceptedByName: '赵网格', acceptedAt: '2024-11-23T02:00:00Z' })],
    nextCursor: null,
  })
  load.mockResolvedValue(structure({ grids: [{ ...grid(), microGrids: [] }, { ...grid({ id: GRID_2, name: '第二网格' }), microGrids: [] }] }))
})
afterEach(cleanup)

function open() {
  const r = render(<InvitationsPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = r.container) => root.querySelector<T>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  const item = (id: string) => r.container.querySelector<HTMLElement>(`.invite-item[data-id="${id}"]`)
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  return { ...r, q, all, item, type, click: (sel: string, root: ParentNode = r.container) => fireEvent.click(q(sel, root)!) }
}

describe('邀请 page', () => {
  it('lists invitations with role, status, expiry and who accepted', async () => {
    const f = open()
    await waitFor(() => expect(f.all('.invite-item')).toHaveLength(2))
    expect(list).toHaveBeenCalledWith({ communityId: COMMUNITY_A, cursor: undefined })
    const pending = f.item(INVITATION_ID)!
    expect(pending.querySelector('.invite-item-role')?.textContent).toBe('社区工作者')
    expect(pending.querySelector('.invite-status')?.textContent).toBe('待使用')
    expect(pending.querySelector('.invite-expires')?.textContent).toContain('11月29日')
    expect(pending.querySelector('.invite-revoke')).not.toBeNull()
    const used = f.item(ACCEPTED)!
    expect(used.querySelector('.invite-status')?.textContent).toBe('已使用')
    expect(used.querySelector('.invite-accepted')?.textContent).toContain('赵网格')
    expect(used.querySelector('.invite-scope')?.textContent).toBe('网格：第一网格')
    expect(used.querySelector('.invite-revoke')).toBeNull()
    expect(used.querySelector('.invite-item-code')).toBeNull()
  })

  it('a grid worker invitation needs a grid; once made, the code is shown big with the QR, the expiry and 复制邀请码', async () => {
    create.mockResolvedValue(created({ id: NEW_ID, code: 'KMNP3456', role: 'grid_worker', gridId: GRID_2, gridName: '第二网格' }))
    const f = open()
    await waitFor(() => expect(f.q('.invite-role-grid_worker')).not.toBeNull())
    expect(f.q('.invite-role-admin')).toBeNull()
    f.click('.invite-role-grid_worker')
    await waitFor(() => expect(f.q('.invite-grid-1')?.textContent).toBe('第二网格'))
    expect(load).toHaveBeenCalledWith(COMMUNITY_A)
    f.click('.invite-submit')
    await waitFor(() => expect(f.q('.field-error-gridId')?.textContent).toBe('邀请网格员请选择网格'))
    expect(create).not.toHaveBeenCalled()

    f.click('.invite-grid-1')
    f.click('.invite-submit')
    await waitFor(() => expect(create).toHaveBeenCalledWith({ communityId: COMMUNITY_A, role: 'grid_worker', gridId: GRID_2 }))
    await waitFor(() => expect(f.q('.invite-code')?.textContent).toBe('KMNP3456'))
    const src = f.q('.invite-qr')?.getAttribute('src') ?? ''
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true)
    expect(Buffer.from(src.split(',')[1], 'base64').toString('utf8')).toContain('M0 0h23v23H0z')
    expect(f.q('.invite-expiry')?.textContent).toContain('11月29日')
    f.click('.invite-copy')
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'KMNP3456' })
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '邀请码已复制' })))
    // the new one heads the list
    expect(f.all('.invite-item')[0].getAttribute('data-id')).toBe(NEW_ID)
    f.click('.invite-another')
    await waitFor(() => expect(f.q('.invite-form')).not.toBeNull())
  })

  it('a unit needs its name; a server refusal is shown at the field and the name stays', async () => {
    create.mockRejectedValue(new ApiError(400, 'request.invalid', '单位名称最多 60 个字', 'unitName'))
    const f = open()
    await waitFor(() => expect(f.q('.invite-role-unit')).not.toBeNull())
    f.click('.invite-role-unit')
    f.click('.invite-submit')
    await waitFor(() => expect(f.q('.field-error-unitName')?.textContent).toBe('邀请驻区单位请填写单位名称'))
    await f.type('.invite-unit-name input', '红星物业')
    f.click('.invite-partner-property')
    f.click('.invite-submit')
    await waitFor(() => expect(create).toHaveBeenCalledWith({ communityId: COMMUNITY_A, role: 'unit', unitName: '红星物业', partnerType: 'property' }))
    await waitFor(() => expect(f.q('.field-error-unitName')?.textContent).toBe('单位名称最多 60 个字'))
    expect(f.q<HTMLInputElement>('.invite-unit-name input')?.value).toBe('红星物业')
    expect(f.q('.invite-code')).toBeNull()
    // the refused field has the cursor
    await waitFor(() => expect(document.activeElement).toBe(f.q('.invite-unit-name input')))
  })

  it('a half-made invitation survives leaving the page; a created one leaves no draft', async () => {
    let f = open()
    await waitFor(() => expect(f.q('.invite-role-unit')).not.toBeNull())
    f.click('.invite-role-unit')
    await f.type('.invite-unit-name input', '红星物业')
    await waitFor(() => expect([...storage.keys()].some((k) => k.endsWith(`admin.invite.${COMMUNITY_A}`))).toBe(true), { timeout: 2000 })
    cleanup()
    f = open()
    await waitFor(() => expect(f.q<HTMLInputElement>('.invite-unit-name input')?.value).toBe('红星物业'))
    expect(f.q('.invite-role-unit')?.className).toContain('is-selected')
    expect(f.q('.invite-draft-note')).not.toBeNull()
    create.mockResolvedValue(created({ role: 'unit', unitName: '红星物业', partnerType: 'property' }))
    f.click('.invite-partner-property')
    f.click('.invite-submit')
    await waitFor(() => expect(f.q('.invite-code')).not.toBeNull())
    expect([...storage.keys()].some((k) => k.endsWith(`admin.invite.${COMMUNITY_A}`))).toBe(false)
  })

  it('a street administrator may invite an administrator', async () => {
    loginAs('street_admin')
    const f = open()
    await waitFor(() => expect(f.q('.invite-role-admin')?.textContent).toBe('管理员'))
  })

  it('作废 asks first; declining keeps the invitation, confirming revokes it', async () => {
    revoke.mockResolvedValue(invitation({ status: 'revoked' }))
    const f = open()
    await waitFor(() => expect(f.item(INVITATION_ID)).not.toBeNull())
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.invite-revoke', f.item(INVITATION_ID)!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(modalArgs(Taro.showModal).content).toContain('ABCD2345')
    // names what the invitation was for, and the button is drawn as a danger
    expect(modalArgs(Taro.showModal).content).toContain('作废邀请「社区工作者」')
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ confirmText: '作废', confirmColor: '#c8102e' })
    expect(revoke).not.toHaveBeenCalled()
    f.click('.invite-revoke', f.item(INVITATION_ID)!)
    await waitFor(() => expect(revoke).toHaveBeenCalledWith(INVITATION_ID))
    await waitFor(() => expect(f.item(INVITATION_ID)!.querySelector('.invite-status')?.textContent).toBe('已作废'))
    expect(f.item(INVITATION_ID)!.querySelector('.invite-revoke')).toBeNull()
  })

  it('pages with 加载更多; an empty list and a failed one say so', async () => {
    list.mockReset()
    list.mockResolvedValueOnce({ items: [invitation()], nextCursor: 'c2' }).mockResolvedValueOnce({ items: [invitation({ id: ACCEPTED, status: 'expired' })], nextCursor: null })
    let f = open()
    await waitFor(() => expect(f.q('.invite-more')).not.toBeNull())
    f.click('.invite-more')
    await waitFor(() => expect(f.all('.invite-item')).toHaveLength(2))
    expect(list).toHaveBeenLastCalledWith({ communityId: COMMUNITY_A, cursor: 'c2' })
    expect(f.q('.invite-more')).toBeNull()
    expect(f.item(ACCEPTED)!.querySelector('.invite-status')?.textContent).toBe('已过期')
    cleanup()
    list.mockResolvedValueOnce({ items: [], nextCursor: null })
    f = open()
    await waitFor(() => expect(f.q('.invite-empty')).not.toBeNull())
    cleanup()
    list.mockRejectedValueOnce(new ApiError(0, 'network', '网络不给力，请检查网络后再试')).mockResolvedValueOnce({ items: [invitation()], nextCursor: null })
    f = open()
    await waitFor(() => expect(f.q('.invite-error')?.textContent).toContain('网络不给力'))
    f.click('.invite-retry')
    await waitFor(() => expect(f.all('.invite-item')).toHaveLength(1))
  })
})
