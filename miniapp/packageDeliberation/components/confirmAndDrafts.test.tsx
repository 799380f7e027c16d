import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../services/errors'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { NeedLink } from '../../pages/deliberation/NeedLink'
import { D, meeting, meetingDetail, motion, resolution, tally, topic } from '../testing/fixtures'
import { revealSpy } from '../../testing/reveal'
import { Comments } from './Comments'
import { MeetingForm } from './MeetingForm'
import { MinutesForm } from './Minutes'
import { MotionCard, resultInWords } from './Motion'
import { Registration } from './Registration'
import { ActionReview, ResolutionRating } from './Resolution'
import { TopicForm } from './TopicForm'

// Issue 15 on the deliberation side: confirmations name what they act on, drafts come back, the first error is
// brought into view, choices are radios, results are said in words, and a need is named by its 受理编号.
vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

const NO = { confirm: false, cancel: true, content: '', errMsg: 'ok' }
const draftKeys = () => [...storage.keys()].filter((k) => k.startsWith('draft:'))
const tick = () => new Promise((r) => setTimeout(r, 20))

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
  storage.set('profile', JSON.stringify({ id: D.resident, handle: 'resident1', displayName: '张阿姨', communityId: D.community, roles: ['resident'] }))
})
afterEach(cleanup)

async function typeIn($: (sel: string) => HTMLElement | null, sel: string, value: string) {
  await waitFor(() => expect($(sel)).not.toBeNull())
  fireEvent.input($(sel)!, { target: { value } })
}

function q(container: HTMLElement) {
  return <T extends HTMLElement = HTMLElement>(sel: string) => container.querySelector<T>(sel)
}

describe('confirmations name what they act on; cancelling sends nothing', () => {
  it('结束表决 names the motion', async () => {
    const close = vi.fn(async () => motion({ status: 'closed', result: 'passed', tally: tally(3, 1, 0) }))
    const onChanged = vi.fn()
    const v = render(<MotionCard motion={motion()} checkedIn staff vote={vi.fn()} close={close} onChanged={onChanged} onOpenResolution={vi.fn()} />)
    const $ = q(v.container)
    Taro.showModal.mockResolvedValueOnce(NO)
    fireEvent.click($('.motion-close')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(Taro.showModal.mock.calls[0][0]?.content).toContain('结束「同意加装 6 个充电桩」的表决？')
    await tick()
    expect(close).not.toHaveBeenCalled()
    fireEvent.click($('.motion-close')!)
    await waitFor(() => expect(close).toHaveBeenCalledTimes(1))
    expect(onChanged).toHaveBeenCalled()
  })

  it('取消报名 names the meeting, in danger red', async () => {
    const withdraw = vi.fn(async () => meeting({ myStatus: 'withdrawn' }))
    const v = render(<Registration meeting={meeting({ myStatus: 'registered' })} register={vi.fn()} withdraw={withdraw} onChanged={vi.fn()} />)
    const $ = q(v.container)
    Taro.showModal.mockResolvedValueOnce(NO)
    fireEvent.click($('.meeting-withdraw')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ content: expect.stringContaining('「东门充电桩议事会」'), confirmColor: '#c8102e' })
    await tick()
    expect(withdraw).not.toHaveBeenCalled()
    fireEvent.click($('.meeting-withdraw')!)
    await waitFor(() => expect(withdraw).toHaveBeenCalledTimes(1))
  })

  it('验收 and 退回 name the item and its owner; a cancelled 退回 sends nothing', async () => {
    const action = { ...resolution().actions[0], status: 'reported' as const, percent: 100 }
    const accept = vi.fn(async () => resolution())
    const giveBack = vi.fn(async () => resolution())
    const v = render(<ActionReview action={action} accept={accept} giveBack={giveBack} onSuccess={vi.fn()} />)
    const $ = q(v.container)
    Taro.showModal.mockResolvedValueOnce(NO)
    fireEvent.click($('.action-accept')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(Taro.showModal.mock.calls[0][0]?.content).toContain('赵网格负责的「联系供电公司」')
    await tick()
    expect(accept).not.toHaveBeenCalled()
    expect($('.action-return')?.getAttribute('role')).toBe('button')
    fireEvent.click($('.action-return')!)
    await typeIn($, '.action-return-reason textarea', '还没有书面回复')
    Taro.showModal.mockResolvedValueOnce(NO)
    fireEvent.click($('.action-return-submit')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(2))
    expect(Taro.showModal.mock.calls[1][0]).toMatchObject({ content: expect.stringContaining('将「联系供电公司」退回给赵网格'), confirmColor: '#c8102e' })
    await tick()
    expect(giveBack).not.toHaveBeenCalled()
  })
})

describe('votes, stars and results', () => {
  it('vote options are radios; the result is also said in words', () => {
    const open = render(<MotionCard motion={motion()} checkedIn staff={false} vote={vi.fn()} close={vi.fn()} onChanged={vi.fn()} onOpenResolution={vi.fn()} />)
    const options = open.container.querySelectorAll('.vote-option')
    expect(options).toHaveLength(3)
    options.forEach((o) => expect(o.getAttribute('role')).toBe('radio'))
    cleanup()
    const closed = render(<MotionCard motion={motion({ status: 'closed', result: 'passed', tally: tally(5, 1, 2) })} checkedIn staff={false} vote={vi.fn()} close={vi.fn()} onChanged={vi.fn()} onOpenResolution={vi.fn()} />)
    expect(q(closed.container)('.motion-result-words')?.textContent).toBe('同意 5 票，有效票 6 票（弃权不计），同意票超过半数，表决通过。')
    expect(resultInWords(motion({ status: 'closed', result: 'failed', threshold: 'two_thirds', tally: tally(3, 2, 0) }))).toBe('同意 3 票，有效票 5 票（弃权不计），同意票没有达到三分之二，表决没有通过。')
    expect(resultInWords(motion({ status: 'closed', result: 'no_quorum', quorum: 5, tally: tally(1, 0, 0) }))).toBe('投票的有 1 人，不到规定的至少 5 人，这次表决不算数。')
    expect(resultInWords(motion())).toBeNull()
  })

  it('stars are radios with their meaning as label', () => {
    const v = render(<ResolutionRating resolution={resolution({ status: 'completed' })} canRate submit={vi.fn()} onSuccess={vi.fn()} />)
    const star = q(v.container)('.resolution-star-4')!
    expect(star.getAttribute('role')).toBe('radio')
    expect(star.getAttribute('aria-label')).toBe('4 星，满意')
    fireEvent.click(star)
    expect(star.getAttribute('aria-checked')).toBe('true')
  })
})

describe('drafts and the first error', () => {
  it('提出议题: a short title is brought into view; the draft comes back and is cleared after success', async () => {
    const spy = revealSpy()
    const submit = vi.fn(async () => topic())
    const a = render(<TopicForm submit={submit} onSuccess={vi.fn()} />)
    const $ = q(a.container)
    await typeIn($, '.topic-title input', '充电')
    await typeIn($, '.topic-description textarea', '楼道里飞线充电太危险')
    fireEvent.click($('.topic-submit')!)
    await waitFor(() => expect($('.field-error-title')?.textContent).toBe('议题至少 4 个字'))
    await spy.revealed()
    expect(spy.focused()).toBe($('.topic-title input'))
    expect(submit).not.toHaveBeenCalled()
    await waitFor(() => expect(draftKeys()).toEqual([expect.stringContaining('topic:new')]), { timeout: 2000 })
    a.unmount()

    const b = render(<TopicForm submit={submit} onSuccess={vi.fn()} />)
    const $b = q(b.container)
    await waitFor(() => expect($b<HTMLInputElement>('.topic-title input')?.value).toBe('充电'))
    expect($b<HTMLTextAreaElement>('.topic-description textarea')?.value).toBe('楼道里飞线充电太危险')
    expect($b('.topic-draft-note')).not.toBeNull()
    await typeIn($b, '.topic-title input', '东门加装充电桩')
    fireEvent.click($b('.topic-submit')!)
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(draftKeys()).toEqual([]))
  })

  it('a 400 from the server naming a field is revealed (meeting form)', async () => {
    const spy = revealSpy()
    const submit = vi.fn().mockRejectedValue(new ApiError(400, 'request.invalid', '请填写地点', 'place'))
    const v = render(<MeetingForm readyTopics={[]} submit={submit} onSuccess={vi.fn()} />)
    const $ = q(v.container)
    await typeIn($, '.meeting-title input', '东门议事会')
    fireEvent.click($('.meeting-submit')!)
    await waitFor(() => expect($('.field-error-place')?.textContent).toBe('请填写地点'))
    await spy.revealed()
    expect(spy.focused()).toBe($('.meeting-place input'))
  })

  it('安排议事会 keeps a draft until it is scheduled', async () => {
    const submit = vi.fn(async () => meetingDetail())
    const a = render(<MeetingForm readyTopics={[]} submit={submit} onSuccess={vi.fn()} />)
    await typeIn(q(a.container), '.meeting-title input', '东门议事会')
    await typeIn(q(a.container), '.meeting-place input', '东门广场')
    fireEvent.click(q(a.container)('.meeting-form-online')!)
    await waitFor(() => expect(draftKeys()).toHaveLength(1), { timeout: 2000 })
    a.unmount()
    const b = render(<MeetingForm readyTopics={[]} submit={submit} onSuccess={vi.fn()} />)
    const $ = q(b.container)
    await waitFor(() => expect($<HTMLInputElement>('.meeting-place input')?.value).toBe('东门广场'))
    expect($<HTMLInputElement>('.meeting-title input')?.value).toBe('东门议事会')
    expect($('.meeting-form-online')?.getAttribute('aria-checked')).toBe('true')
    fireEvent.click($('.meeting-submit')!)
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(draftKeys()).toEqual([]))
  })

  it('会前讨论 and 会议纪要 keep their text per meeting', async () => {
    const post = vi.fn(async () => ({ id: 1, authorName: '张阿姨', body: '支持', hidden: false, at: '2026-11-21T08:00:00Z' }))
    const a = render(<Comments meetingId={D.meeting} comments={[]} post={post} onPosted={vi.fn()} />)
    await typeIn(q(a.container), '.comment-body textarea', '建议装在东门西侧')
    const minutes = vi.fn(async () => meetingDetail())
    const m = render(<MinutesForm meetingId={D.meeting} initial='' submit={minutes} onSuccess={vi.fn()} />)
    await typeIn(q(m.container), '.minutes-body textarea', '到会 12 人，一致同意')
    await waitFor(() => expect(draftKeys()).toHaveLength(2), { timeout: 2000 })
    a.unmount()
    m.unmount()
    const b = render(<Comments meetingId={D.meeting} comments={[]} post={post} onPosted={vi.fn()} />)
    await waitFor(() => expect(q(b.container)<HTMLTextAreaElement>('.comment-body textarea')?.value).toBe('建议装在东门西侧'))
    const m2 = render(<MinutesForm meetingId={D.meeting} initial='' submit={minutes} onSuccess={vi.fn()} />)
    await waitFor(() => expect(q(m2.container)<HTMLTextAreaElement>('.minutes-body textarea')?.value).toBe('到会 12 人，一致同意'))
    // another meeting starts empty
    const other = render(<Comments meetingId='7b000000-0000-4000-8000-000000000002' comments={[]} post={post} onPosted={vi.fn()} />)
    await tick()
    expect(q(other.container)<HTMLTextAreaElement>('.comment-body textarea')?.value).toBe('')
    fireEvent.click(q(b.container)('.comment-submit')!)
    await waitFor(() => expect(post).toHaveBeenCalledWith('建议装在东门西侧'))
    fireEvent.click(q(m2.container)('.minutes-submit')!)
    await waitFor(() => expect(minutes).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(draftKeys()).toEqual([]))
  })

  it('an empty comment is refused locally and brought into view', async () => {
    const spy = revealSpy()
    const post = vi.fn()
    const v = render(<Comments meetingId={D.meeting} comments={[]} post={post} onPosted={vi.fn()} />)
    fireEvent.click(q(v.container)('.comment-submit')!)
    await waitFor(() => expect(q(v.container)('.field-error-body')).not.toBeNull())
    await spy.revealed()
    expect(post).not.toHaveBeenCalled()
  })
})

describe('来自需求 <受理编号>', () => {
  const ref = { needId: '60000000-0000-4000-8000-000000000001', needRefNo: 'HP-20261128-0042' }

  it('links to the need for those who may open it, by 受理编号 and never by id', () => {
    const v = render(<NeedLink source={{ ...ref, needVisible: true }} />)
    const link = q(v.container)('.need-ref-link')!
    expect(link.textContent).toContain('来自需求 HP-20261128-0042')
    expect(link.textContent).not.toContain(ref.needId)
    expect(link.getAttribute('role')).toBe('link')
    fireEvent.click(link)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packageNeeds/pages/detail/index?id=${ref.needId}` })
  })

  it('is plain text for everyone else, and nothing without a need', () => {
    const v = render(<NeedLink source={{ ...ref, needVisible: false }} />)
    expect(q(v.container)('.need-ref')?.textContent).toBe('来自居民需求 HP-20261128-0042')
    expect(q(v.container)('.need-ref-link')).toBeNull()
    cleanup()
    const none = render(<NeedLink source={{ needId: null, needRefNo: null, needVisible: false }} />)
    expect(none.container.textContent).toBe('')
  })
})
