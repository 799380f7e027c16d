import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../services/errors'
import { downloadExport, presetPeriod } from '../../../services/exports'
import { Taro, resetTaroMock, router } from '../../../testing/taroMock'
import { COMMUNITY_A, STREET, deferred, loginAs } from '../../testing/fixtures'
import ExportsPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/exports', async (orig) => ({ ...(await orig<typeof import('../../../services/exports')>()), downloadExport: vi.fn() }))

const download = vi.mocked(downloadExport)

beforeEach(() => {
  resetTaroMock()
  download.mockReset()
  loginAs('staff')
  router.params = { communityId: COMMUNITY_A }
})
afterEach(cleanup)

function open() {
  const r = render(<ExportsPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  return { ...r, q, click: (sel: string) => fireEvent.click(q(sel)!) }
}
/** Taro's Picker reports a choice as a `change` event with detail.value */
const pick = (el: HTMLElement, value: string) => act(() => void el.dispatchEvent(new CustomEvent('change', { detail: { value } })))

describe('数据导出 page', () => {
  it('exports the chosen kind of the community for this month by default, with a busy button, then says what was saved', async () => {
    const d = deferred<'saved'>()
    download.mockReturnValue(d.promise)
    const f = open()
    expect(f.q('.export-kind-needs')?.className).toContain('is-selected')
    expect(f.q('.export-period-this_month')?.className).toContain('is-selected')
    f.click('.export-kind-volunteer_hours')
    expect(f.q('.exports-kind-hint')?.textContent).toContain('核定分钟')
    f.click('.exports-submit')
    await waitFor(() => expect(f.q('.exports-submit')?.textContent).toBe('正在生成…'))
    // a second tap while busy sends nothing more
    f.click('.exports-submit')
    const month = presetPeriod('this_month')
    expect(download).toHaveBeenCalledTimes(1)
    expect(download).toHaveBeenCalledWith({ kind: 'volunteer_hours', communityId: COMMUNITY_A, streetId: undefined, ...month, format: 'csv' })
    d.resolve('saved')
    await waitFor(() => expect(f.q('.exports-done')?.textContent).toBe(`已导出：志愿服务时长_volunteer_hours_${month.from}_${month.to}.csv`))
    expect(f.q('.exports-submit')?.textContent).toBe('导出')
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '已导出', icon: 'success' })
  })

  it('上月, 今年 and a custom period', async () => {
    download.mockResolvedValue('saved')
    const f = open()
    f.click('.export-period-last_month')
    f.click('.exports-submit')
    await waitFor(() => expect(download).toHaveBeenLastCalledWith(expect.objectContaining(presetPeriod('last_month'))))
    f.click('.export-period-this_year')
    expect(f.q('.exports-period')?.textContent).toContain(presetPeriod('this_year').from)
    f.click('.export-period-custom')
    pick(f.q('.export-from')!, '2025-03-01')
    pick(f.q('.export-to')!, '2025-05-31')
    expect(f.q('.exports-period')?.textContent).toContain('2025-03-01 至 2025-05-31')
    f.click('.export-kind-bean_movements')
    f.click('.exports-submit')
    await waitFor(() => expect(download).toHaveBeenLastCalledWith({ kind: 'bean_movements', communityId: COMMUNITY_A, streetId: undefined, from: '2025-03-01', to: '2025-05-31', format: 'csv' }))
  })

  it('a period error shows under the period; other errors show with 重试, which tries again', async () => {
    download.mockRejectedValueOnce(new ApiError(400, 'validation', '结束日期不能早于开始日期', 'to'))
    const f = open()
    f.click('.exports-submit')
    await waitFor(() => expect(f.q('.exports-period-error')?.textContent).toBe('结束日期不能早于开始日期'))
    expect(f.q('.exports-error')).toBeNull()

    download.mockRejectedValueOnce(new ApiError(413, 'export.too_many_rows', '数据超过 5 万行，请缩短时间段或按社区分别导出'))
    f.click('.exports-submit')
    await waitFor(() => expect(f.q('.exports-error')?.textContent).toContain('数据超过 5 万行'))
    expect(f.q('.exports-period-error')).toBeNull()
    download.mockResolvedValueOnce('shared')
    f.click('.exports-retry')
    await waitFor(() => expect(f.q('.exports-done')?.textContent).toContain('已发送：需求清单_needs_'))
    expect(f.q('.exports-error')).toBeNull()
    expect(download).toHaveBeenCalledTimes(3)
  })

  it('a street administrator without a community exports the whole street', async () => {
    loginAs('street_admin')
    router.params = {}
    download.mockResolvedValue('saved')
    const f = open()
    expect(f.q('.exports-scope')?.textContent).toBe('导出全街道数据')
    f.click('.exports-submit')
    await waitFor(() => expect(download).toHaveBeenCalledWith(expect.objectContaining({ communityId: undefined, streetId: STREET })))
  })

  it('a resident is refused without a request', () => {
    loginAs('resident')
    const f = open()
    expect(f.q('.exports-forbidden')).not.toBeNull()
    expect(f.q('.exports-submit')).toBeNull()
    expect(download).not.toHaveBeenCalled()
  })
})
