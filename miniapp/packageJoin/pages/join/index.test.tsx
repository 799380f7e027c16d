import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommunityPublic, MicroGridOption, Profile, Street } from '../../../../core/contracts'
import { IDS, profile, signIn } from '../../../testing/fixtures'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import JoinPage, { COMMUNITY_EMPTY_TEXT, MOVING_WARNING, plainPlace } from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)

const STREET: Street = { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a31', name: '幸福街道', code: '320102' }
const STREET_2: Street = { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a35', name: '光华街道', code: '320103' }
const HEPING: CommunityPublic = { id: IDS.community, name: '和平社区', code: '320102-1U4-001', streetId: STREET.id, streetName: '幸福街道' }
const GUANGMING: CommunityPublic = { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a36', name: '光明社区', code: '320102-1U1-002', streetId: STREET.id, streetName: '幸福街道' }
const GRID = '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a32'
const MICRO: MicroGridOption[] = [
  { id: IDS.microGrid, name: '1号楼', gridId: GRID, gridName: '第一网格' },
  { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a33', name: '2号楼', gridId: GRID, gridName: '第一网格' },
  { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a34', name: '阳光小区', gridId: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a37', gridName: '第二网格' },
]
const newcomer = profile({ handle: null, displayName: '微信用户', communityId: null, communityName: null, microGridId: null })

type Req = { url: string; method: string; data?: Record<string, unknown> }
interface Server {
  streets?: Street[]
  communities?: (url: string) => CommunityPublic[] | Error
  microGrids?: MicroGridOption[]
}

/** A small fake API answering by method and path, recording what was sent. */
function serve(s: Server = {}) {
  Taro.request.mockImplementation(async (req: Req) => {
    const path = req.url.split('?')[0]
    if (req.method === 'GET' && path === '/api/streets') return { statusCode: 200, data: { items: s.streets ?? [STREET] } }
    if (req.method === 'GET' && path === '/api/communities') {
      const items = s.communities ? s.communities(req.url) : [HEPING, GUANGMING]
      if (items instanceof Error) return { statusCode: 500, data: { error: { code: 'server', message: '服务暂时不可用，请稍后再试' } } }
      return { statusCode: 200, data: { items, nextCursor: null } }
    }
    if (req.method === 'GET' && path.endsWith('/micro-grids')) return { statusCode: 200, data: { items: s.microGrids ?? MICRO } }
    if (req.method === 'PATCH' && path === '/api/me') return { statusCode: 200, data: { ...currentProfile(), displayName: req.data?.displayName } }
    if (req.method === 'POST' && path === '/api/me/community') {
      return { statusCode: 200, data: { ...currentProfile(), communityId: req.data?.communityId, communityName: '和平社区', microGridId: req.data?.microGridId ?? null } }
    }
    if (req.method === 'POST' && path === '/api/me/phone') return { statusCode: 200, data: { ...currentProfile(), phone: '13800000009' } }
    return { statusCode: 404, data: { error: { code: 'not_found', message: '没有这个接口' } } }
  })
}

function currentProfile(): Profile {
  return JSON.parse(storage.get('profile') as string) as Profile
}

const calls = () => Taro.request.mock.calls.map((c) => c[0] as Req)
const call = (method: string, path: string) => calls().find((c) => c.method === method && c.url.split('?')[0] === path)

function open(who: Profile = newcomer) {
  signIn(who)
  const view = render(<JoinPage />)
  const q = (sel: string) => view.container.querySelector<HTMLElement>(sel)
  const all = (sel: string) => Array.from(view.container.querySelectorAll<HTMLElement>(sel))
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(`${sel} input`)).not.toBeNull())
    fireEvent.input(q(`${sel} input`)!, { target: { value } })
  }
  const tapRow = async (sel: string, text: string) => {
    await waitFor(() => expect(all(sel).some((e) => e.textContent?.includes(text))).toBe(true))
    fireEvent.click(all(sel).find((e) => e.textContent?.includes(text))!)
  }
  return { ...view, q, all, type, tapRow }
}

beforeEach(() => {
  resetTaroMock()
})
afterEach(() => {
  cleanup()
  vi.unstubAllEnvs()
})

describe('加入社区 page', () => {
  it('a building is named as residents say it: a trailing 微网格 (the staff term) is dropped', async () => {
    expect(plainPlace('1号楼微网格')).toBe('1号楼')
    expect(plainPlace('阳光小区 微网格')).toBe('阳光小区')
    expect(plainPlace('微网格')).toBe('微网格')
    expect(plainPlace('3号楼')).toBe('3号楼')
    serve({ microGrids: [{ ...MICRO[0], name: '1号楼微网格' }] })
    const f = open()
    await f.tapRow('.join-community', '和平社区')
    await waitFor(() => expect(f.q('.join-micro-grid')?.textContent).toBe('1号楼'))
    expect(f.container.textContent).not.toContain('微网格')
    expect(f.q('.join-micro-grid')?.getAttribute('aria-label')).toBe('我住1号楼')
  })

  it('a newcomer names themself, finds the community by name, picks the building and joins; then home', async () => {
    serve()
    const f = open()
    // one street: no street step, the street's communities are listed at once
    await waitFor(() => expect(f.all('.join-community')).toHaveLength(2))
    expect(f.q('.join-street')).toBeNull()
    expect(call('GET', '/api/communities')?.url).toBe(`/api/communities?streetId=${STREET.id}`)
    await f.type('.join-name', '钱奶奶')
    await f.type('.join-search', '和平')
    await waitFor(() => expect(calls().filter((c) => c.url.startsWith('/api/communities?q=')).length).toBe(1))
    expect(calls().find((c) => c.url.startsWith('/api/communities?q='))?.url).toBe(`/api/communities?q=${encodeURIComponent('和平')}&streetId=${STREET.id}`)
    await f.tapRow('.join-community', '和平社区')
    // micro-grids grouped by grid
    await waitFor(() => expect(f.all('.join-micro-grid')).toHaveLength(3))
    expect(f.all('.join-group-title').map((e) => e.textContent)).toEqual(['第一网格', '第二网格'])
    // plain words for residents: the building, never the work term
    expect(f.q('.join-micro-grids .join-label')?.textContent).toBe('您住哪栋楼？')
    expect(f.container.textContent).not.toContain('微网格')
    expect(f.q('.join-micro-grid')?.getAttribute('role')).toBe('button')
    await f.tapRow('.join-micro-grid', '2号楼')
    await waitFor(() => expect(f.q('.join-summary')).not.toBeNull())
    expect(f.q('.join-summary-name')?.textContent).toBe('钱奶奶')
    expect(f.q('.join-summary-micro-grid')?.textContent).toContain('2号楼')
    expect(f.q('.join-moving')).toBeNull()
    expect(f.container.textContent).not.toContain(IDS.community)
    expect(f.container.textContent).not.toContain('微网格')
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }))
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(call('PATCH', '/api/me')?.data).toEqual({ displayName: '钱奶奶' })
    expect(call('POST', '/api/me/community')?.data).toEqual({ communityId: IDS.community, microGridId: MICRO[1].id })
    expect(currentProfile().communityId).toBe(IDS.community)
  })

  it('asks for a name before joining when WeChat gave none', async () => {
    serve()
    const f = open()
    await f.tapRow('.join-community', '光明社区')
    await waitFor(() => expect(f.q('.join-skip-micro-grid')).not.toBeNull())
    fireEvent.click(f.q('.join-skip-micro-grid')!)
    await waitFor(() => expect(f.q('.join-confirm')).not.toBeNull())
    expect(f.q('.join-summary-micro-grid')?.textContent).toBe('暂不选择')
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(f.q('.join-name-error')?.textContent).toContain('请填写您的称呼'))
    expect(call('POST', '/api/me/community')).toBeUndefined()
  })

  it('opened from a QR code by someone WeChat gave no name: the name is asked with the buildings, and again at confirm', async () => {
    serve({ communities: () => [HEPING] })
    router.params = { community: HEPING.code }
    const f = open()
    await waitFor(() => expect(f.all('.join-micro-grid')).toHaveLength(3))
    await waitFor(() => expect(f.q('.join-name input')).not.toBeNull())
    fireEvent.click(f.q('.join-skip-micro-grid')!)
    await waitFor(() => expect(f.q('.join-confirm')).not.toBeNull())
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(f.q('.join-name-error')?.textContent).toContain('请填写您的称呼'))
    // the field to fix it is right there on the confirm step
    await f.type('.join-name', '孙阿婆')
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
    expect(call('PATCH', '/api/me')?.data).toEqual({ displayName: '孙阿婆' })
    expect(call('POST', '/api/me/community')?.data).toEqual({ communityId: IDS.community })
  })

  it('with several streets the street comes first', async () => {
    serve({ streets: [STREET, STREET_2] })
    const f = open(profile({ communityId: null, communityName: null, microGridId: null }))
    await f.tapRow('.join-street', '光华街道')
    await waitFor(() => expect(call('GET', '/api/communities')?.url).toBe(`/api/communities?streetId=${STREET_2.id}`))
  })

  it('says so when nothing matches, and offers 重试 after a failure', async () => {
    let fail = true
    serve({ communities: (url) => (url.includes('q=') ? (fail ? new Error('down') : []) : [HEPING]) })
    const f = open()
    await waitFor(() => expect(f.all('.join-community')).toHaveLength(1))
    await f.type('.join-search', '不存在')
    await waitFor(() => expect(f.q('.join-communities-error')?.textContent).toContain('服务暂时不可用'))
    fail = false
    fireEvent.click(f.q('.join-retry')!)
    await waitFor(() => expect(f.q('.join-communities-empty')?.textContent).toBe(COMMUNITY_EMPTY_TEXT))
  })

  it('opened from a community QR code (?community=) goes straight to the buildings; skipping sends no micro-grid', async () => {
    serve({ communities: () => [HEPING] })
    router.params = { community: HEPING.code }
    const f = open(profile({ communityId: null, communityName: null, microGridId: null }))
    await waitFor(() => expect(f.all('.join-micro-grid')).toHaveLength(3))
    expect(call('GET', '/api/communities')?.url).toBe(`/api/communities?q=${encodeURIComponent(HEPING.code)}`)
    expect(call('GET', '/api/streets')).toBeUndefined()
    fireEvent.click(f.q('.join-skip-micro-grid')!)
    await waitFor(() => expect(f.q('.join-confirm')).not.toBeNull())
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
    expect(call('POST', '/api/me/community')?.data).toEqual({ communityId: IDS.community })
    // the name was already known: not sent again
    expect(call('PATCH', '/api/me')).toBeUndefined()
  })

  it('opened from a 小程序码 (?scene=c%3D…) goes straight to the buildings the same way', async () => {
    serve({ communities: () => [HEPING] })
    router.params = { scene: encodeURIComponent(`c=${HEPING.code}`) }
    const f = open(profile({ communityId: null, communityName: null, microGridId: null }))
    await waitFor(() => expect(f.all('.join-micro-grid')).toHaveLength(3))
    expect(call('GET', '/api/communities')?.url).toBe(`/api/communities?q=${encodeURIComponent(HEPING.code)}`)
  })

  it('someone moving from another community is warned and asked; declining sends nothing', async () => {
    serve()
    const settled = profile({ communityId: GUANGMING.id, communityName: '光明社区', roles: ['resident', 'grid_worker'] })
    const f = open(settled)
    await waitFor(() => expect(f.q('.join-current')?.textContent).toContain('光明社区'))
    await f.tapRow('.join-community', '和平社区')
    await f.tapRow('.join-micro-grid', '1号楼')
    await waitFor(() => expect(f.q('.join-moving')?.textContent).toContain(MOVING_WARNING))
    expect(f.q('.join-confirm')?.textContent).toContain('确认迁入')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    const asked = (Taro.showModal.mock.calls[0] as unknown as [{ content: string }])[0]
    // names both communities: what ends where, and where they go
    expect(asked.content).toBe('迁入后，您在光明社区的身份（如网格员、志愿者）将结束。确定迁入和平社区吗？')
    await new Promise((r) => setTimeout(r, 20))
    expect(call('POST', '/api/me/community')).toBeUndefined()
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
    expect(call('POST', '/api/me/community')?.data).toEqual({ communityId: IDS.community, microGridId: IDS.microGrid })
  })

  it('the name typed survives leaving the page (with 清空), and is forgotten after joining', async () => {
    serve()
    let f = open()
    await f.type('.join-name', '钱奶奶')
    await waitFor(() => expect([...storage.keys()].some((k) => k.startsWith('draft:') && k.endsWith(':join'))).toBe(true), { timeout: 2000 })
    cleanup()
    f = open()
    await waitFor(() => expect((f.q('.join-name input') as HTMLInputElement | null)?.value).toBe('钱奶奶'))
    expect(f.q('.join-draft-note')?.textContent).toContain('已恢复')
    await f.tapRow('.join-community', '和平社区')
    await f.tapRow('.join-micro-grid', '1号楼')
    await waitFor(() => expect(f.q('.join-confirm')).not.toBeNull())
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalled())
    expect([...storage.keys()].some((k) => k.startsWith('draft:') && k.endsWith(':join'))).toBe(false)
  })

  it('a missing name on confirm brings the name field into view and focuses it', async () => {
    serve()
    const f = open()
    await f.tapRow('.join-community', '和平社区')
    await f.tapRow('.join-micro-grid', '1号楼')
    await waitFor(() => expect(f.q('.join-confirm')).not.toBeNull())
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(f.q('.field-error-displayName')).not.toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(f.q('.join-name input')))
    expect(call('POST', '/api/me/community')).toBeUndefined()
  })

  it('in WeChat: 扫一扫 reads the community code, and after joining the phone can be bound or skipped', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    serve({ communities: (url) => (url.includes('q=') ? [HEPING] : [HEPING, GUANGMING]) })
    Taro.scanCode.mockResolvedValue({ result: `https://gongzhi.example/join?community=${HEPING.code}`, errMsg: 'ok' })
    const f = open(profile({ communityId: null, communityName: null, microGridId: null }))
    await waitFor(() => expect(f.q('.join-scan')).not.toBeNull())
    fireEvent.click(f.q('.join-scan')!)
    await f.tapRow('.join-micro-grid', '阳光小区')
    await waitFor(() => expect(f.q('.join-confirm')).not.toBeNull())
    expect(f.q('.join-phone-h5')).toBeNull()
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(f.q('.join-phone-step')).not.toBeNull())
    expect(Taro.switchTab).not.toHaveBeenCalled()
    const button = f.q('.join-phone')!
    button.dispatchEvent(new CustomEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } }))
    await waitFor(() => expect(f.q('.join-phone-note')?.textContent).toContain('也能正常使用'))
    expect(call('POST', '/api/me/phone')).toBeUndefined()
    button.dispatchEvent(new CustomEvent('getphonenumber', { detail: { code: 'phone-code-1' } }))
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }))
    expect(call('POST', '/api/me/phone')?.data).toEqual({ code: 'phone-code-1' })
  })

  it('in WeChat the phone step can be skipped with .join-done', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    serve()
    const f = open(profile({ communityId: null, communityName: null, microGridId: null }))
    await f.tapRow('.join-community', '和平社区')
    await waitFor(() => expect(f.q('.join-skip-micro-grid')).not.toBeNull())
    fireEvent.click(f.q('.join-skip-micro-grid')!)
    await waitFor(() => expect(f.q('.join-confirm')).not.toBeNull())
    fireEvent.click(f.q('.join-confirm')!)
    await waitFor(() => expect(f.q('.join-done')).not.toBeNull())
    fireEvent.click(f.q('.join-done')!)
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })
})
