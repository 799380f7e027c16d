import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommunitySettings } from '../../../../core/contracts'
import { ApiError } from '../../../services/errors'
import { getCommunitySettings, putCommunitySettings } from '../../../services/editing'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import SettingsPage, { readableMinutes } from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/editing', () => ({ getCommunitySettings: vi.fn(), putCommunitySettings: vi.fn() }))

const COMMUNITY = '20000000-0000-4000-8000-00000000000a'
const get = vi.mocked(getCommunitySettings)
const put = vi.mocked(putCommunitySettings)

function settings(o: Partial<CommunitySettings> = {}): CommunitySettings {
  return {
    communityId: COMMUNITY, communityName: '和平社区', cosignThreshold: 10, yearlyTargetHours: 12,
    beanRules: [{ rule: 'meeting_attendance', beans: 5 }, { rule: 'need_rated', beans: 2 }, { rule: 'talent_recommendation', beans: 10 }, { rule: 'manual_daily_cap', beans: 200 }],
    sla: [
      { severity: 'general', minutes: 60, goal: 'resolve' }, { severity: 'major', minutes: 1440, goal: 'resolve' },
      { severity: 'complex', minutes: 10080, goal: 'plan' }, { severity: 'escalated', minutes: 10080, goal: 'report' },
    ],
    needLoop: { escalateGraceMinutes: 60, autoCloseDays: 7, reopenDays: 7 },
    ...o,
  }
}

beforeEach(() => {
  resetTaroMock()
  get.mockReset()
  put.mockReset()
  storage.set('token', 'tok')
  storage.set('profile', JSON.stringify({ id: '50000000-0000-4000-8000-000000000004', displayName: '陈主任', communityId: COMMUNITY, roles: ['staff'] }))
  router.params = { communityId: COMMUNITY }
  Taro.showModal.mockResolvedValue({ confirm: true, cancel: false, content: '', errMsg: 'ok' })
})
afterEach(cleanup)

async function open() {
  const r = render(<SettingsPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  await waitFor(() => expect(q('.settings-page')).not.toBeNull())
  // Taro's Input renders its <input> a moment after the page
  await waitFor(() => expect(r.container.querySelectorAll('.settings-page .form-input input').length).toBe(13))
  const type = (sel: string, value: string) => fireEvent.input(q(`${sel} input`)!, { target: { value } })
  const value = (sel: string) => q<HTMLInputElement>(`${sel} input`)?.value
  return { ...r, q, type, value }
}

describe('社区设置', () => {
  it('shows loading, then an error with 重试 that loads again', async () => {
    get.mockRejectedValueOnce(new ApiError(403, 'auth.forbidden', '您没有权限进行此操作'))
    const r = render(<SettingsPage />)
    expect(r.container.querySelector('.settings-loading')).not.toBeNull()
    await waitFor(() => expect(r.container.querySelector('.settings-error')?.textContent).toContain('您没有权限进行此操作'))
    expect(get).toHaveBeenCalledWith(COMMUNITY)
    get.mockResolvedValueOnce(settings())
    fireEvent.click(r.container.querySelector('.settings-retry')!)
    await waitFor(() => expect(r.container.querySelector('.settings-page')).not.toBeNull())
  })

  it('without a community in the link says so', async () => {
    router.params = {}
    const r = render(<SettingsPage />)
    await waitFor(() => expect(r.container.querySelector('.settings-error')?.textContent).toContain('没有指定要设置的社区'))
    expect(get).not.toHaveBeenCalled()
  })

  it('sends only what changed, after confirmation', async () => {
    get.mockResolvedValue(settings())
    const f = await open()
    expect(f.value('.settings-cosign')).toBe('10')
    f.type('.settings-cosign', '5')
    f.type('.settings-bean-need_rated', '3')
    fireEvent.click(f.q('.settings-sla-goal-major-plan')!)
    put.mockResolvedValue(settings({ cosignThreshold: 5 }))
    fireEvent.click(f.q('.settings-save')!)
    await waitFor(() => expect(put).toHaveBeenCalledTimes(1))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(put).toHaveBeenCalledWith({
      communityId: COMMUNITY, cosignThreshold: 5, beanRules: [{ rule: 'need_rated', beans: 3 }],
      sla: [{ severity: 'major', minutes: 1440, goal: 'plan' }],
    })
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' })))
  })

  it('declining the confirmation sends nothing; nothing changed sends nothing', async () => {
    get.mockResolvedValue(settings())
    const f = await open()
    fireEvent.click(f.q('.settings-save')!)
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有修改' })))
    f.type('.settings-hours', '20')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.q('.settings-save')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(put).not.toHaveBeenCalled()
  })

  it('an invalid value is named next to its field before anything is sent; the text stays', async () => {
    get.mockResolvedValue(settings())
    const f = await open()
    f.type('.settings-hours', '-3')
    f.type('.settings-cosign', '0')
    fireEvent.click(f.q('.settings-save')!)
    await waitFor(() => expect(f.q('.field-error-yearlyTargetHours')?.textContent).toBe('年度服务目标不能小于 0 小时'))
    expect(f.q('.field-error-cosignThreshold')?.textContent).toContain('联名门槛')
    expect(f.q('.settings-form-error')?.textContent).toBe('请按红字提示修改后再保存')
    expect(f.value('.settings-hours')).toBe('-3')
    expect(put).not.toHaveBeenCalled()
  })

  it('a refused save keeps what was typed and shows the server message next to the field it names', async () => {
    get.mockResolvedValue(settings())
    const f = await open()
    f.type('.settings-bean-manual_daily_cap', '300')
    f.type('.settings-loop-reopenDays', '14')
    put.mockRejectedValue(new ApiError(400, 'settings.value_invalid', '设置的数值超出允许的范围', 'beanRules.0.beans'))
    fireEvent.click(f.q('.settings-save')!)
    await waitFor(() => expect(f.q('.field-error-beans-manual_daily_cap')?.textContent).toBe('设置的数值超出允许的范围'))
    expect(f.value('.settings-bean-manual_daily_cap')).toBe('300')
    expect(f.value('.settings-loop-reopenDays')).toBe('14')
    // typing there again clears the message
    f.type('.settings-bean-manual_daily_cap', '250')
    expect(f.q('.field-error-beans-manual_daily_cap')).toBeNull()
  })

  it('reads minutes in hours and days', () => {
    expect(readableMinutes('1440')).toBe('即 1 天')
    expect(readableMinutes('90')).toBe('即 1.5 小时')
    expect(readableMinutes('30')).toBe('')
  })
})
