import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Post, Shift } from '../../../../core/contracts'
import { me } from '../../../services/auth'
import { cancelPost } from '../../../services/editing'
import { ApiError } from '../../../services/errors'
import { claimSlot, getPost } from '../../../services/volunteers'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import { POST_ID, SLOT_ID, SLOT_ID_2, deferred, inMinutes, loginAs, post, shift, slot } from '../../testing/fixtures'
import PostDetailPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/auth', () => ({ me: vi.fn() }))
vi.mock('../../../services/volunteers', () => ({ getPost: vi.fn(), claimSlot: vi.fn() }))
vi.mock('../../../services/editing', () => ({ cancelPost: vi.fn() }))

const get = vi.mocked(getPost)
const claim = vi.mocked(claimSlot)

beforeEach(() => {
  resetTaroMock()
  get.mockReset()
  claim.mockReset()
  vi.mocked(me).mockReset().mockReturnValue(new Promise(() => undefined))
  router.params = { id: POST_ID }
  loginAs(['party_member'])
})
afterEach(cleanup)

async function open(p: Post) {
  get.mockResolvedValue(p)
  const r = render(<PostDetailPage />)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  await waitFor(() => expect(r.container.querySelector('.post-detail')).not.toBeNull())
  const rows = () => all('.slot-item')
  const inRow = (i: number, sel: string) => rows()[i].querySelector<HTMLElement>(sel)
  return { ...r, all, rows, inRow }
}

describe('岗位详情 and 认领', () => {
  it('each slot shows places left; a slot that is full, mine or over offers no 认领 and says why', async () => {
    const f = await open(
      post({
        slots: [
          slot({ id: SLOT_ID, capacity: 5, claimed: 2 }),
          slot({ id: SLOT_ID_2, capacity: 3, claimed: 3 }),
          slot({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b09', capacity: 3, claimed: 1, mine: true }),
          slot({ id: '7a1c1d52-8a0e-4a43-9b7c-0c6f1f2b9b0a', startsAt: inMinutes(-120), endsAt: inMinutes(-60) }),
        ],
      }),
    )
    expect(get).toHaveBeenCalledWith(POST_ID)
    expect(f.rows()).toHaveLength(4)
    expect(f.inRow(0, '.slot-remaining')?.textContent).toBe('剩余名额 3 / 5')
    expect(f.inRow(0, '.slot-claim')?.textContent).toContain('认领')
    expect(f.inRow(0, '.slot-claim')?.className).not.toContain('is-disabled')
    const blocked = [1, 2, 3].map((i) => ({ button: f.inRow(i, '.slot-claim')!, reason: f.inRow(i, '.slot-reason')?.textContent }))
    expect(blocked.map((b) => b.button.textContent)).toEqual(['名额已满', '已认领', '已结束'])
    for (const b of blocked) {
      expect(b.button.className).toContain('is-disabled')
      expect(b.button.hasAttribute('disabled')).toBe(true)
    }
    expect(blocked[0].reason).toContain('名额已满')
    expect(f.inRow(2, '.slot-to-shifts')).not.toBeNull()
    fireEvent.click(blocked[0].button)
    expect(claim).not.toHaveBeenCalled()
  })

  it('someone not (yet) a volunteer cannot claim and is linked to registration', async () => {
    loginAs(['resident'])
    const f = await open(post())
    expect(f.inRow(0, '.slot-claim')?.textContent).toBe('报到后可认领')
    expect(f.inRow(0, '.slot-claim')?.className).toContain('is-disabled')
    fireEvent.click(f.all('.slot-register')[0])
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageVolunteers/pages/register/index' })
  })

  it('认领 shows it is working, claims once, then marks the slot mine with one place fewer', async () => {
    const f = await open(post())
    const d = deferred<Shift>()
    claim.mockReturnValue(d.promise)
    fireEvent.click(f.inRow(0, '.slot-claim')!)
    await waitFor(() => expect(f.inRow(0, '.slot-claim')?.textContent).toContain('正在认领…'))
    fireEvent.click(f.inRow(0, '.slot-claim')!)
    expect(claim).toHaveBeenCalledTimes(1)
    expect(claim).toHaveBeenCalledWith(POST_ID, SLOT_ID)
    d.resolve(shift())
    await waitFor(() => expect(f.inRow(0, '.slot-claim')?.textContent).toBe('已认领'))
    expect(f.inRow(0, '.slot-remaining')?.textContent).toBe('剩余名额 2 / 5')
    expect(f.inRow(0, '.slot-to-shifts')?.textContent).toContain('认领成功')
    fireEvent.click(f.inRow(0, '.slot-to-shifts')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packageVolunteers/pages/shifts/index' })
  })

  it('the server saying the slot filled up shows its message there and reloads the numbers', async () => {
    const f = await open(post())
    claim.mockRejectedValue(new ApiError(409, 'shift.slot_full', '这个时段的名额已满', 'slotId'))
    get.mockResolvedValue(post({ slots: [slot({ capacity: 5, claimed: 5 })] }))
    fireEvent.click(f.inRow(0, '.slot-claim')!)
    await waitFor(() => expect(f.inRow(0, '.slot-error')?.textContent).toBe('这个时段的名额已满'))
    await waitFor(() => expect(f.inRow(0, '.slot-claim')?.textContent).toBe('名额已满'))
    expect(get).toHaveBeenCalledTimes(2)
  })

  it('a refusal because the registration is not approved links to registration', async () => {
    const f = await open(post())
    claim.mockRejectedValue(new ApiError(403, 'shift.not_volunteer', '请先完成报到并通过审核，再认领岗位'))
    fireEvent.click(f.inRow(0, '.slot-claim')!)
    await waitFor(() => expect(f.inRow(0, '.slot-error')?.textContent).toBe('请先完成报到并通过审核，再认领岗位'))
    expect(f.inRow(0, '.slot-register')).not.toBeNull()
    expect(f.inRow(0, '.slot-claim')?.textContent).toBe('认领')
  })

  it('a missing post shows the error with 重试', async () => {
    get.mockRejectedValueOnce(new ApiError(404, 'post.not_found', '没有找到这个岗位'))
    const r = render(<PostDetailPage />)
    await waitFor(() => expect(r.container.querySelector('.post-detail-error')?.textContent).toContain('没有找到这个岗位'))
    get.mockResolvedValueOnce(post())
    fireEvent.click(r.container.querySelector('.post-detail-retry')!)
    await waitFor(() => expect(r.container.querySelector('.post-detail')).not.toBeNull())
  })

  it('a post cancelled earlier says so and why, with nothing to claim', async () => {
    const r = await open({ ...post({ slots: [] }), status: 'cancelled', cancelReason: '天气原因，改期另行通知' })
    await waitFor(() => expect(r.container.querySelector('.post-detail-cancelled')?.textContent).toContain('天气原因，改期另行通知'))
    expect(r.container.textContent).toContain('岗位已取消')
  })
})

describe('管理岗位 (staff)', () => {
  const cancel = vi.mocked(cancelPost)
  beforeEach(() => {
    cancel.mockReset()
    loginAs(['staff'])
  })

  it('volunteers see no management; staff of the community get 修改 (the create form with ?id=) and 取消', async () => {
    loginAs(['party_member'])
    let f = await open(post())
    expect(f.container.querySelector('.post-detail-manage')).toBeNull()
    cleanup()
    loginAs(['staff'])
    f = await open(post())
    fireEvent.click(f.container.querySelector('.post-edit')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageVolunteers/pages/post-create/index?id=${POST_ID}` })
  })

  it('取消 asks for a reason, then confirms naming how many volunteers are told; the post shows as cancelled', async () => {
    const f = await open(post({ slots: [slot({ claimed: 2 })] }))
    fireEvent.click(f.container.querySelector('.post-cancel')!)
    fireEvent.click(f.container.querySelector('.post-cancel-reject-submit')!)
    expect(f.container.querySelector('.field-error-reason')?.textContent).toBe('请填写原因，对方会看到')
    expect(Taro.showModal).not.toHaveBeenCalled()
    await waitFor(() => expect(f.container.querySelector('.post-cancel-reason textarea')).not.toBeNull())
    fireEvent.input(f.container.querySelector('.post-cancel-reason textarea')!, { target: { value: '天气原因，改期另行通知' } })
    cancel.mockResolvedValue({ ...post({ slots: [] }), status: 'cancelled', cancelReason: '天气原因，改期另行通知' })
    fireEvent.click(f.container.querySelector('.post-cancel-reject-submit')!)
    await waitFor(() => expect(cancel).toHaveBeenCalledWith(POST_ID, '天气原因，改期另行通知'))
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('已认领的 2 位志愿者会收到通知') }))
    await waitFor(() => expect(f.container.querySelector('.post-detail-cancelled')?.textContent).toContain('天气原因，改期另行通知'))
    expect(f.rows()).toHaveLength(0)
    expect(f.container.querySelector('.post-detail-manage')).toBeNull()
  })

  it('declining the confirmation cancels nothing; a refusal keeps the reason and shows why', async () => {
    const f = await open(post())
    fireEvent.click(f.container.querySelector('.post-cancel')!)
    const box = () => f.container.querySelector<HTMLTextAreaElement>('.post-cancel-reason textarea')!
    await waitFor(() => expect(f.container.querySelector('.post-cancel-reason textarea')).not.toBeNull())
    fireEvent.input(box(), { target: { value: '场地临时占用' } })
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.container.querySelector('.post-cancel-reject-submit')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(cancel).not.toHaveBeenCalled()
    cancel.mockRejectedValue(new ApiError(403, 'auth.forbidden', '您没有权限进行此操作'))
    fireEvent.click(f.container.querySelector('.post-cancel-reject-submit')!)
    await waitFor(() => expect(f.container.querySelector('.field-error-reason')?.textContent).toBe('您没有权限进行此操作'))
    expect(box().value).toBe('场地临时占用')
  })
})
