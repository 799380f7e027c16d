import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../services/errors'
import { checkOut, uploadPhoto } from '../../services/volunteers'
import { Taro, resetTaroMock } from '../../testing/taroMock'
import { SHIFT_ID, SITE, shift } from '../testing/fixtures'
import { PhotoError, choosePhotos, type PickedPhoto } from '../../components/form/photos'
import { CheckOutForm } from './CheckOutForm'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/volunteers', () => ({ checkOut: vi.fn(), uploadPhoto: vi.fn() }))
vi.mock('../../components/form/photos', async (orig) => ({ ...(await orig<typeof import('../../components/form/photos')>()), choosePhotos: vi.fn() }))

const choose = vi.mocked(choosePhotos)
const upload = vi.mocked(uploadPhoto)
const out = vi.mocked(checkOut)

const picked = (n: number): PickedPhoto[] =>
  Array.from({ length: n }, (_, i) => ({ preview: `wxfile://tmp_${i}.jpg`, contentType: 'image/jpeg', dataBase64: `/9j/${i}AAAA` }))

let uploads = 0
beforeEach(() => {
  resetTaroMock()
  for (const fn of [choose, upload, out]) fn.mockReset()
  uploads = 0
  upload.mockImplementation(async () => {
    uploads++
    return { key: `shifts/me/${uploads}.jpg`, url: `/api/files?key=shifts%2Fme%2F${uploads}.jpg` }
  })
  Taro.getLocation.mockResolvedValue({ latitude: SITE.lat, longitude: SITE.lng, errMsg: 'getLocation:ok' })
})
afterEach(cleanup)

function open() {
  const onDone = vi.fn()
  const r = render(<CheckOutForm shift={shift({ status: 'checked_in' })} onDone={onDone} onCancel={vi.fn()} />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const photos = () => r.container.querySelectorAll('.shift-photo')
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  return { ...r, q, photos, type, onDone, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('签退 with 工作纪实', () => {
  it('sends notes, the uploaded photo keys and the position', async () => {
    const f = open()
    choose.mockResolvedValueOnce(picked(2))
    f.click('.shift-photo-add')
    await waitFor(() => expect(f.container.querySelectorAll('.shift-photo.is-uploaded')).toHaveLength(2))
    expect(choose).toHaveBeenCalledWith(3)
    expect(upload).toHaveBeenCalledWith({ contentType: 'image/jpeg', dataBase64: '/9j/0AAAA' })
    await f.type('.shift-notes textarea', '为 30 位老人测量了血压')
    out.mockResolvedValue(shift({ status: 'checked_out' }))
    f.click('.shift-check-out-submit')
    await waitFor(() => expect(f.onDone).toHaveBeenCalledWith(expect.objectContaining({ status: 'checked_out' })))
    expect(out).toHaveBeenCalledWith({ id: SHIFT_ID, lat: SITE.lat, lng: SITE.lng, notes: '为 30 位老人测量了血压', photos: ['shifts/me/1.jpg', 'shifts/me/2.jpg'] })
  })

  it('at most 3 photos: the picker is asked only for the room left, and the add button goes at 3', async () => {
    const f = open()
    choose.mockResolvedValueOnce(picked(2))
    f.click('.shift-photo-add')
    await waitFor(() => expect(f.photos()).toHaveLength(2))
    // a picker that ignores the count still cannot push past 3
    choose.mockResolvedValueOnce(picked(3))
    f.click('.shift-photo-add')
    await waitFor(() => expect(f.photos()).toHaveLength(3))
    expect(choose).toHaveBeenLastCalledWith(1)
    expect(f.q('.shift-photo-add')).toBeNull()
    // removing one brings the button back
    fireEvent.click(f.container.querySelectorAll('.shift-photo-remove')[0])
    await waitFor(() => expect(f.photos()).toHaveLength(2))
    expect(f.q('.shift-photo-add')).not.toBeNull()
    out.mockResolvedValue(shift({ status: 'checked_out' }))
    f.click('.shift-check-out-submit')
    await waitFor(() => expect(out).toHaveBeenCalled())
    expect(out.mock.calls[0][0].photos).toHaveLength(2)
  })

  it('a photo that cannot be used or uploaded says why and is not sent', async () => {
    const f = open()
    choose.mockRejectedValueOnce(new PhotoError('照片太大了（超过 2 MB），请换一张或裁剪后再试'))
    f.click('.shift-photo-add')
    await waitFor(() => expect(f.q('.field-error-photos')?.textContent).toContain('照片太大了'))
    choose.mockResolvedValueOnce(picked(1))
    upload.mockRejectedValueOnce(new ApiError(400, 'request.invalid', '图片内容与格式不符，请重新选择照片', 'dataBase64'))
    f.click('.shift-photo-add')
    await waitFor(() => expect(f.q('.field-error-photos')?.textContent).toBe('照片上传失败：图片内容与格式不符，请重新选择照片'))
    expect(f.photos()).toHaveLength(0)
  })

  it('an upload still running holds the check-out back', async () => {
    const f = open()
    let finish!: () => void
    upload.mockImplementationOnce(() => new Promise((r) => (finish = () => r({ key: 'shifts/me/x.jpg', url: '' }))))
    choose.mockResolvedValueOnce(picked(1))
    f.click('.shift-photo-add')
    await waitFor(() => expect(f.container.querySelectorAll('.shift-photo.is-uploading')).toHaveLength(1))
    f.click('.shift-check-out-submit')
    await waitFor(() => expect(f.q('.field-error-photos')?.textContent).toContain('照片还在上传'))
    expect(out).not.toHaveBeenCalled()
    finish()
    await waitFor(() => expect(f.container.querySelectorAll('.shift-photo.is-uploaded')).toHaveLength(1))
  })

  it('out of range at check-out: the message is shown and the notes are kept', async () => {
    const f = open()
    await f.type('.shift-notes textarea', '打扫了楼道')
    out.mockRejectedValue(new ApiError(409, 'shift.out_of_range', '您不在岗位签到范围内（距岗位约 850 米），请到达岗位后再试', 'lat'))
    f.click('.shift-check-out-submit')
    await waitFor(() => expect(f.q('.shift-error')?.textContent).toContain('距岗位约 850 米'))
    expect(f.q<HTMLTextAreaElement>('.shift-notes textarea')?.value).toBe('打扫了楼道')
    expect(f.q('.shift-check-out-submit')?.textContent).toContain('确认签退')
    expect(f.onDone).not.toHaveBeenCalled()
  })

  it('no location: a clear message, nothing sent', async () => {
    Taro.getLocation.mockRejectedValue({ errMsg: 'User denied Geolocation' })
    const f = open()
    f.click('.shift-check-out-submit')
    await waitFor(() => expect(f.q('.shift-error')?.textContent).toBe('请在设置中允许获取位置，以便签到'))
    expect(out).not.toHaveBeenCalled()
  })
})
