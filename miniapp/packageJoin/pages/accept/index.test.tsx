import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { InvitationPreview, Profile } from '../../../../core/contracts'
import { IDS, profile, signIn } from '../../../testing/fixtures'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import AcceptPage, { GONE_TEXT, NOT_FOUND_TEXT } from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)

const PREVIEW: InvitationPreview = {
  code: 'ABCD2345', role: 'grid_worker', communityName: '幸福新苑', streetName: '幸福街道', gridName: '第一网格',
  unitName: null, invitedByName: '陈主任', expiresAt: '2030-01-01T02:00:00Z', status: 'pending',
}
const joined = profile({ communityName: '幸福新苑', roles: ['resident', 'grid_worker'] })

type Req = { url: string; method: string }
function serve(preview: InvitationPreview | { status: number; code: string; message: string } = PREVIEW) {
  Taro.request.mockImplementation(async (req: Req) => {
    if (req.method === 'GET' && req.url.startsWith('/api/invitations/')) {
      if ('message' in preview) return { statusCode: preview.status, data: { error: { code: preview.code, message: preview.message } } }
      return { statusCode: 200, data: preview }
    }
    if (req.method === 'POST' && req.url.endsWith('/accept')) {
      return { statusCode: 200, data: { role: 'grid_worker', communityId: IDS.community, communityName: '幸福新苑', unitId: null, profile: joined } }
    }
    if (req.method === 'GET' && req.url === '/api/me') return { statusCode: 200, data: joined }
    return { statusCode: 404, data: { error: { code: 'not_found', message: '没有这个接口' } } }
  })
}
const calls = () => Taro.request.mock.calls.map((c) => c[0] as Req)

function open(who: Profile = profile({ communityId: null, communityName: null, microGridId: null })) {
  signIn(who)
  const view = render(<AcceptPage />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  return { ...view, q }
}

beforeEach(() => resetTaroMock())
afterEach(() => {
  cleanup()
  vi.unstubAllEnvs()
})

describe('接受邀请 page', () => {
  it('opened from the link, shows what the invitation is, and accepts after a confirmation; then home', async () => {
    serve()
    router.params = { code: 'abcd2345' }
    const f = open()
    await waitFor(() => expect(f.q('.accept-preview')).not.toBeNull())
    expect(calls()[0].url).toBe('/api/invitations/ABCD2345')
    expect(f.q('.accept-role')?.textContent).toBe('网格员')
    expect(f.q('.accept-community')?.textContent).toBe('幸福街道 幸福新苑')
    expect(f.q('.accept-grid')?.textContent).toBe('第一网格')
    expect(f.q('.accept-inviter')?.textContent).toBe('陈主任')
    expect(f.q('.accept-expires')?.textContent).toMatch(/\d/)
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.q('.accept-confirm')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(calls().some((c) => c.method === 'POST')).toBe(false)
    fireEvent.click(f.q('.accept-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }))
    expect(calls().find((c) => c.method === 'POST')?.url).toBe('/api/invitations/ABCD2345/accept')
    expect((JSON.parse(storage.get('profile') as string) as Profile).roles).toEqual(['resident', 'grid_worker'])
  })

  it('a code typed by hand survives leaving the page; accepting forgets it', async () => {
    serve()
    let f = open()
    await waitFor(() => expect(f.q('.accept-code input')).not.toBeNull())
    fireEvent.input(f.q('.accept-code input')!, { target: { value: 'abcd2345' } })
    await waitFor(() => expect([...storage.keys()].some((k) => k.startsWith('draft:') && k.endsWith(':accept'))).toBe(true), { timeout: 2000 })
    cleanup()
    f = open()
    await waitFor(() => expect((f.q('.accept-code input') as HTMLInputElement | null)?.value).toBe('ABCD2345'))
    fireEvent.click(f.q('.accept-lookup')!)
    await waitFor(() => expect(f.q('.accept-preview')).not.toBeNull())
    // one primary action: with the invitation shown, 查看邀请 steps back to an outline button
    expect(f.q('.accept-lookup')?.className).toContain('btn-outline')
    fireEvent.click(f.q('.accept-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
    expect([...storage.keys()].some((k) => k.startsWith('draft:') && k.endsWith(':accept'))).toBe(false)
  })

  it('opened from a 小程序码 (?scene=i%3D…), looks the invitation up the same way', async () => {
    serve()
    router.params = { scene: encodeURIComponent('i=ABCD2345') }
    const f = open()
    await waitFor(() => expect(f.q('.accept-preview')).not.toBeNull())
    expect(calls()[0].url).toBe('/api/invitations/ABCD2345')
  })

  it('checks the typed code before asking, then looks it up', async () => {
    serve()
    const f = open()
    await waitFor(() => expect(f.q('.accept-code input')).not.toBeNull())
    fireEvent.input(f.q('.accept-code input')!, { target: { value: 'abc' } })
    fireEvent.click(f.q('.accept-lookup')!)
    await waitFor(() => expect(f.q('.field-error-code')?.textContent).toBe('邀请码是 8 位字母和数字'))
    expect(Taro.request).not.toHaveBeenCalled()
    // the field is brought into view with the cursor in it
    await waitFor(() => expect(document.activeElement).toBe(f.q('.accept-code input')))
    fireEvent.input(f.q('.accept-code input')!, { target: { value: 'abcd2345' } })
    fireEvent.click(f.q('.accept-lookup')!)
    await waitFor(() => expect(f.q('.accept-preview')).not.toBeNull())
  })

  it('a wrong code (404) and a spent invitation (410) are told apart in plain Chinese', async () => {
    serve({ status: 404, code: 'invitation.not_found', message: 'invitation.not_found' })
    router.params = { code: 'ABCD2345' }
    const f = open()
    await waitFor(() => expect(f.q('.accept-error-text')?.textContent).toBe(NOT_FOUND_TEXT))
    cleanup()
    serve({ status: 410, code: 'invitation.expired', message: '邀请已过期' })
    const g = open()
    await waitFor(() => expect(g.q('.accept-error-text')?.textContent).toBe(GONE_TEXT))
    expect(g.q('.accept-confirm')).toBeNull()
    // 重试 asks again
    serve()
    fireEvent.click(g.q('.accept-retry')!)
    await waitFor(() => expect(g.q('.accept-preview')).not.toBeNull())
  })

  it('an invitation already used is shown without 接受邀请', async () => {
    serve({ ...PREVIEW, status: 'accepted' })
    router.params = { code: 'ABCD2345' }
    const f = open()
    await waitFor(() => expect(f.q('.accept-unusable')?.textContent).toContain('已使用'))
    expect(f.q('.accept-confirm')).toBeNull()
  })

  it('someone in another community is told their old roles end', async () => {
    serve()
    router.params = { code: 'ABCD2345' }
    const f = open(profile({ communityName: 'A 社区' }))
    await waitFor(() => expect(f.q('.accept-confirm')).not.toBeNull())
    fireEvent.click(f.q('.accept-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
    const asked = (Taro.showModal.mock.calls[0] as unknown as [{ content: string }])[0]
    expect(asked.content).toContain('您在A 社区的身份（如网格员、志愿者）将结束')
  })

  it('in WeChat 扫一扫 reads code= from the scanned link', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    serve()
    Taro.scanCode.mockResolvedValue({ result: 'https://gongzhi.example/packageJoin/pages/accept/index?code=abcd2345', errMsg: 'ok' })
    const f = open()
    await waitFor(() => expect(f.q('.accept-scan')).not.toBeNull())
    fireEvent.click(f.q('.accept-scan')!)
    await waitFor(() => expect(f.q('.accept-preview')).not.toBeNull())
    expect(calls()[0].url).toBe('/api/invitations/ABCD2345')
    expect((f.q('.accept-code input') as HTMLInputElement | null)?.value).toBe('ABCD2345')
  })
})
