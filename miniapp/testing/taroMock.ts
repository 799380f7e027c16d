/**
 * A stand-in for '@tarojs/taro' in jsdom component tests:
 *   vi.mock('@tarojs/taro', async () => (await import('<rel>/testing/taroMock')).taroModule)
 * Storage is an in-memory map; navigation and UI calls are spies; page lifecycle hooks run like a
 * freshly shown page (useDidShow on mount), and the pull-down handler can be fired by the test.
 */
import { useEffect, useRef } from 'react'
import { vi } from 'vitest'

export const storage = new Map<string, unknown>()
export const router = { params: {} as Record<string, string | undefined> }
let pullDownHandler: (() => void) | null = null
let reachBottomHandler: (() => void) | null = null

const resolved = () => Promise.resolve({ errMsg: 'ok' })

export const Taro = {
  getStorageSync: vi.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: vi.fn((key: string, value: unknown) => void storage.set(key, value)),
  removeStorageSync: vi.fn((key: string) => void storage.delete(key)),
  request: vi.fn(),
  login: vi.fn(),
  navigateTo: vi.fn(resolved),
  navigateBack: vi.fn(resolved),
  redirectTo: vi.fn(resolved),
  switchTab: vi.fn(resolved),
  reLaunch: vi.fn(resolved),
  showToast: vi.fn(resolved),
  stopPullDownRefresh: vi.fn(),
  pageScrollTo: vi.fn(resolved),
  // The WeChat font setting (长辈版 scales with it): a test may answer another factor.
  getAppBaseInfo: vi.fn(() => ({ fontSizeScaleFactor: 1 } as { fontSizeScaleFactor?: number; fontSizeSetting?: number })),
  getCurrentPages: vi.fn(() => [] as Array<{ route?: string }>),
  // Location and photos (volunteer check-in/out): each test says what the device answers.
  getLocation: vi.fn(),
  openSetting: vi.fn(() => Promise.resolve({ authSetting: {} as Record<string, boolean>, errMsg: 'ok' })),
  chooseImage: vi.fn(),
  getFileSystemManager: vi.fn(),
  // Confirmations and WeChat abilities (issue 11): a test says what the person answers.
  showModal: vi.fn((_options?: { title?: string; content?: string; confirmText?: string; editable?: boolean; placeholderText?: string }) =>
    Promise.resolve({ confirm: true, cancel: false, content: '', errMsg: 'ok' })),
  scanCode: vi.fn((_options?: Record<string, unknown>) => Promise.resolve({ result: '', errMsg: 'ok' })),
  setClipboardData: vi.fn(resolved),
  makePhoneCall: vi.fn(resolved),
  setNavigationBarTitle: vi.fn(resolved),
  // WeChat subscribe messages (issue 12): answers `{ [tmplId]: 'accept' | 'reject' | 'ban' | 'filter' }`; a test says which.
  requestSubscribeMessage: vi.fn((_options: { tmplIds: string[] }) => Promise.resolve({ errMsg: 'requestSubscribeMessage:ok' } as Record<string, string>)),
}

function useOnMount(fn: () => void) {
  const latest = useRef(fn)
  latest.current = fn
  useEffect(() => {
    latest.current()
  }, [])
}

export const taroModule = {
  default: Taro,
  ...Taro,
  useDidShow: useOnMount,
  useLoad: useOnMount,
  usePullDownRefresh: (fn: () => void) => {
    pullDownHandler = fn
  },
  useReachBottom: (fn: () => void) => {
    reachBottomHandler = fn
  },
  useRouter: () => router,
}

export function triggerPullDownRefresh(): void {
  if (!pullDownHandler) throw new Error('the page registered no pull-down handler')
  pullDownHandler()
}

export function triggerReachBottom(): void {
  if (!reachBottomHandler) throw new Error('the page registered no reach-bottom handler')
  reachBottomHandler()
}

export function resetTaroMock(): void {
  storage.clear()
  router.params = {}
  pullDownHandler = null
  reachBottomHandler = null
  for (const fn of Object.values(Taro)) fn.mockClear()
  Taro.request.mockReset()
  Taro.login.mockReset()
  Taro.getLocation.mockReset()
  Taro.chooseImage.mockReset()
  Taro.getFileSystemManager.mockReset()
  Taro.getCurrentPages.mockImplementation(() => [])
}
