import { cleanup, fireEvent, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { checkOut, requestShiftClose, uploadPhoto } from '../../services/volunteers'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { revealFirstError } from '../../utils/formErrors'
import { choosePhotos, type PickedPhoto } from '../../components/form/photos'
import { SHIFT_ID, SITE, inMinutes, loginAs, post, registration, shift, whistle } from '../testing/fixtures'
import { CheckOutForm } from './CheckOutForm'
import { CloseRequestForm } from './CloseRequestForm'
import { PostForm } from './PostForm'
import { RegisterForm } from './RegisterForm'
import { WhistleForm } from './WhistleForm'
import { harness } from '../../testing/harness'

// Issue 15: the volunteer forms keep what was typed (per person, per record) until it goes through, bring the first
// refused field into view, and say which photo is uploading.

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/volunteers', () => ({ checkOut: vi.fn(), uploadPhoto: vi.fn(), requestShiftClose: vi.fn() }))
vi.mock('../../components/form/photos', async (orig) => ({ ...(await orig<typeof import('../../components/form/photos')>()), choosePhotos: vi.fn() }))
vi.mock('../../utils/formErrors', () => ({ revealFirstError: vi.fn(() => Promise.resolve(null)) }))

const reveal = vi.mocked(revealFirstError)
const NOW = new Date('2024-11-20T02:00:00Z')
/** the draft saves 300 ms after the last keystroke */
const saved = () => new Promise((r) => setTimeout(r, 400))
const draftKeys = (form: string) => [...storage.keys()].filter((k) => k.startsWith('draft:') && k.endsWith(`:${form}`))

beforeEach(() => {
  resetTaroMock()
  loginAs(['staff', 'party_member'])
  reveal.mockClear()
  Taro.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
})
afterEach(cleanup)
// each test waits for drafts to be saved (300 ms after typing) a few times
vi.setConfig({ testTimeout: 20_000 })


describe('社区吹哨 form', () => {
  it('a refused submit brings the first error into view; the draft comes back after leaving and goes once sent', async () => {
    const submit = vi.fn().mockResolvedValue(whistle())
    const a = harness(<WhistleForm submit={submit} onSuccess={vi.fn()} now={() => NOW} />)
    a.click('.whistle-submit')
    await waitFor(() => expect(a.q('.field-error-title')).not.toBeNull())
    expect(reveal).toHaveBeenCalled()
    await a.type('.whistle-title input', '防汛巡查')
    await a.type('.whistle-place input', '和平河堤北口')
    await saved()
    a.unmount()
    expect(draftKeys('whistle:new')).toHaveLength(1)

    const b = harness(<WhistleForm submit={submit} onSuccess={vi.fn()} now={() => NOW} />)
    await waitFor(() => expect(b.q<HTMLInputElement>('.whistle-title input')?.value).toBe('防汛巡查'))
    expect(b.q<HTMLInputElement>('.whistle-place input')?.value).toBe('和平河堤北口')
    expect(b.q('.draft-note')?.textContent).toContain('已恢复您上次没提交的内容')
    await saved()
    b.click('.whistle-submit')
    await waitFor(() => expect(submit).toHaveBeenCalled())
    await saved()
    expect(draftKeys('whistle:new')).toEqual([])
  })

  it('清空 throws the draft away', async () => {
    const a = harness(<WhistleForm submit={vi.fn()} onSuccess={vi.fn()} now={() => NOW} />)
    await a.type('.whistle-title input', '防汛巡查')
    await saved()
    a.unmount()
    const b = harness(<WhistleForm submit={vi.fn()} onSuccess={vi.fn()} now={() => NOW} />)
    await waitFor(() => expect(b.q('.draft-discard')).not.toBeNull())
    b.click('.draft-discard')
    await waitFor(() => expect(b.q<HTMLInputElement>('.whistle-title input')?.value).toBe(''))
    expect(b.q('.draft-note')).toBeNull()
  })
})

describe('发布岗位 form', () => {
  it('every slot capacity has a visible label (可报名人数); a refused submit scrolls to the first error', async () => {
    const f = harness(<PostForm submit={vi.fn()} onSuccess={vi.fn()} now={() => NOW} />)
    expect(f.q('.post-slot-capacity-label')?.textContent).toBe('可报名人数')
    f.click('.post-submit')
    await waitFor(() => expect(f.q('.field-error-title')).not.toBeNull())
    expect(reveal).toHaveBeenCalled()
  })

  it('the draft (title, category, slots) comes back, and goes once published', async () => {
    const submit = vi.fn().mockResolvedValue(post())
    const a = harness(<PostForm submit={submit} onSuccess={vi.fn()} now={() => NOW} />)
    await a.type('.post-title input', '周末健康义诊')
    a.click('.post-category-health_clinic')
    await a.type('.post-slot-capacity input', '8')
    await saved()
    a.unmount()

    const b = harness(<PostForm submit={submit} onSuccess={vi.fn()} now={() => NOW} />)
    await waitFor(() => expect(b.q<HTMLInputElement>('.post-title input')?.value).toBe('周末健康义诊'))
    expect(b.q('.post-category-health_clinic')?.className).toContain('is-selected')
    expect(b.q('.post-category-health_clinic')?.getAttribute('aria-checked')).toBe('true')
    expect(b.q<HTMLInputElement>('.post-slot-capacity input')?.value).toBe('8')
    expect(b.q('.post-draft-note')).not.toBeNull()
    await b.type('.post-lat input', String(SITE.lat))
    await b.type('.post-lng input', String(SITE.lng))
    await saved()
    b.click('.post-submit')
    await waitFor(() => expect(submit).toHaveBeenCalled())
    await saved()
    expect(draftKeys('post:new')).toEqual([])
  })

  it('removing a new slot asks first, naming it; cancelled → the slot stays', async () => {
    const f = harness(<PostForm submit={vi.fn()} onSuccess={vi.fn()} now={() => NOW} />)
    f.click('.post-slot-add')
    await waitFor(() => expect(f.container.querySelectorAll('.post-slot')).toHaveLength(2))
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.container.querySelectorAll('.post-slot-remove')[1])
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(String(vi.mocked(Taro.showModal).mock.calls[0][0]?.content)).toContain('时段 2')
    await new Promise((r) => setTimeout(r, 20))
    expect(f.container.querySelectorAll('.post-slot')).toHaveLength(2)
    fireEvent.click(f.container.querySelectorAll('.post-slot-remove')[1])
    await waitFor(() => expect(f.container.querySelectorAll('.post-slot')).toHaveLength(1))
  })
})

describe('报到 form', () => {
  it('the draft comes back and goes once sent; chips are radios', async () => {
    const submit = vi.fn().mockResolvedValue(registration())
    const a = harness(<RegisterForm taken={[]} microGridId={null} submit={submit} onSuccess={vi.fn()} />)
    a.click('.register-kind-party_member')
    expect(a.q('.register-kind-party_member')?.getAttribute('role')).toBe('radio')
    expect(a.q('.register-kind-party_member')?.getAttribute('aria-checked')).toBe('true')
    await a.type('.register-work-unit input', '市税务局')
    await saved()
    a.unmount()
    const b = harness(<RegisterForm taken={[]} microGridId={null} submit={submit} onSuccess={vi.fn()} />)
    await waitFor(() => expect(b.q<HTMLInputElement>('.register-work-unit input')?.value).toBe('市税务局'))
    await saved()
    b.click('.register-submit')
    await waitFor(() => expect(submit).toHaveBeenCalled())
    await saved()
    expect(draftKeys('volunteer-register:new')).toEqual([])
  })
})

describe('补签退 form', () => {
  it('a refused request scrolls to the field; the note is kept per shift', async () => {
    const s = shift({ status: 'checked_in', startsAt: inMinutes(-300), endsAt: inMinutes(-240), checkInAt: inMinutes(-302) })
    const a = harness(<CloseRequestForm shift={s} onDone={vi.fn()} onCancel={vi.fn()} />)
    a.click('.close-request-submit')
    await waitFor(() => expect(a.q('.field-error-note')).not.toBeNull())
    expect(reveal).toHaveBeenCalled()
    await a.type('.close-note-input textarea', '服务到 11 点，忘记签退')
    await saved()
    a.unmount()
    expect(draftKeys(`shift-close:${SHIFT_ID}`)).toHaveLength(1)
    vi.mocked(requestShiftClose).mockResolvedValue({ ...s, closure: { minutes: 60, note: '服务到 11 点，忘记签退', requestedAt: inMinutes(0) } })
    const b = harness(<CloseRequestForm shift={s} onDone={vi.fn()} onCancel={vi.fn()} />)
    await waitFor(() => expect(b.q<HTMLTextAreaElement>('.close-note-input textarea')?.value).toBe('服务到 11 点，忘记签退'))
    await saved()
    b.click('.close-request-submit')
    await waitFor(() => expect(b.q('.close-confirm-submit')).not.toBeNull())
    b.click('.close-confirm-submit')
    await waitFor(() => expect(requestShiftClose).toHaveBeenCalled())
    await saved()
    expect(draftKeys(`shift-close:${SHIFT_ID}`)).toEqual([])
  })
})

describe('签退 form', () => {
  it('uploads one photo at a time and says which: 正在上传第 n/m 张照片…', async () => {
    const picked: PickedPhoto[] = [0, 1, 2].map((i) => ({ preview: `wxfile://tmp_${i}.jpg`, contentType: 'image/jpeg', dataBase64: `/9j/${i}AAAA` }))
    vi.mocked(choosePhotos).mockResolvedValueOnce(picked)
    const pending: Array<(v: { key: string; url: string }) => void> = []
    vi.mocked(uploadPhoto).mockImplementation(() => new Promise((r) => pending.push(r)))
    const f = harness(<CheckOutForm shift={shift({ status: 'checked_in' })} onDone={vi.fn()} onCancel={vi.fn()} />)
    f.click('.shift-photo-add')
    await waitFor(() => expect(f.q('.shift-upload-progress')?.textContent).toBe('正在上传第 1/3 张照片…'))
    expect(pending).toHaveLength(1)
    pending[0]({ key: 'shifts/me/1.jpg', url: '/api/files?key=1' })
    await waitFor(() => expect(f.q('.shift-upload-progress')?.textContent).toBe('正在上传第 2/3 张照片…'))
    pending[1]({ key: 'shifts/me/2.jpg', url: '/api/files?key=2' })
    await waitFor(() => expect(f.q('.shift-upload-progress')?.textContent).toBe('正在上传第 3/3 张照片…'))
    pending[2]({ key: 'shifts/me/3.jpg', url: '/api/files?key=3' })
    await waitFor(() => expect(f.q('.shift-upload-progress')).toBeNull())
    expect(f.container.querySelectorAll('.shift-photo.is-uploaded')).toHaveLength(3)
  })

  it('notes and uploaded photos survive leaving; checked out → the draft goes', async () => {
    vi.mocked(choosePhotos).mockResolvedValueOnce([{ preview: 'wxfile://tmp_0.jpg', contentType: 'image/jpeg', dataBase64: '/9j/0AAAA' }])
    vi.mocked(uploadPhoto).mockResolvedValue({ key: 'shifts/me/1.jpg', url: '/api/files?key=shifts%2Fme%2F1.jpg' })
    const a = harness(<CheckOutForm shift={shift({ status: 'checked_in' })} onDone={vi.fn()} onCancel={vi.fn()} />)
    a.click('.shift-photo-add')
    await waitFor(() => expect(a.container.querySelectorAll('.shift-photo.is-uploaded')).toHaveLength(1))
    await a.type('.shift-notes textarea', '为 30 位老人测量了血压')
    await saved()
    a.unmount()

    Taro.getLocation.mockResolvedValue({ latitude: SITE.lat, longitude: SITE.lng, errMsg: 'getLocation:ok' })
    vi.mocked(checkOut).mockResolvedValue(shift({ status: 'checked_out' }))
    const b = harness(<CheckOutForm shift={shift({ status: 'checked_in' })} onDone={vi.fn()} onCancel={vi.fn()} />)
    await waitFor(() => expect(b.q<HTMLTextAreaElement>('.shift-notes textarea')?.value).toBe('为 30 位老人测量了血压'))
    expect(b.container.querySelectorAll('.shift-photo.is-uploaded')).toHaveLength(1)
    await saved()
    b.click('.shift-check-out-submit')
    await waitFor(() => expect(checkOut).toHaveBeenCalledWith(expect.objectContaining({ photos: ['shifts/me/1.jpg'] })))
    await saved()
    expect(draftKeys(`shift-check-out:${SHIFT_ID}`)).toEqual([])
  })
})
