import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import { ApiError } from './errors'
import { beijingToday, downloadExport, exportUrl, presetPeriod } from './exports'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const COMMUNITY_A = '20000000-0000-4000-8000-00000000000a'
const STREET = '10000000-0000-4000-8000-000000000001'
const input = { kind: 'needs' as const, communityId: COMMUNITY_A, from: '2026-11-01', to: '2026-11-30' }
const CSV = '\ufeff社区,提交时间,标题\r\n和平社区,2026-11-02 09:00,路灯坏了\r\n'

const fetchMock = vi.fn()
const taro = Taro as unknown as Record<string, ReturnType<typeof vi.fn>>

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  taro.downloadFile = vi.fn()
  taro.shareFileMessage = vi.fn(() => Promise.resolve({ errMsg: 'ok' }))
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
  delete taro.downloadFile
  delete taro.shareFileMessage
})

describe('exportUrl', () => {
  it('builds the path and query from the contract and names the file', () => {
    expect(exportUrl(input)).toEqual({
      url: `/api/exports/needs?communityId=${COMMUNITY_A}&from=2026-11-01&to=2026-11-30&format=csv`,
      fileName: '需求清单_needs_2026-11-01_2026-11-30.csv',
    })
    expect(exportUrl({ kind: 'bean_movements', streetId: STREET, from: '2026-01-01', to: '2026-12-31' }).url).toBe(
      `/api/exports/bean_movements?streetId=${STREET}&from=2026-01-01&to=2026-12-31&format=csv`,
    )
  })
  it('refuses a bad request before sending it, naming the field', () => {
    const fieldOf = (i: Record<string, unknown>) => {
      try {
        exportUrl(i as never)
        return null
      } catch (e) {
        return (e as ApiError).field
      }
    }
    expect(fieldOf({ ...input, communityId: undefined })).toBe('communityId')
    expect(fieldOf({ ...input, to: '2026-10-31' })).toBe('to')
    expect(fieldOf({ ...input, from: '2026-02-30' })).toBe('from')
    expect(fieldOf({ ...input, from: '2020-01-01' })).toBe('to')
  })
})

describe('downloadExport on H5', () => {
  it('fetches with the token in the header (not the URL) and saves the bytes through <a download>', async () => {
    fetchMock.mockResolvedValue(new Response(CSV, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' } }))
    const created: Blob[] = []
    // jsdom has no object URLs; these two are put back below
    const { createObjectURL, revokeObjectURL } = URL
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), 'blob:x'))
    URL.revokeObjectURL = vi.fn()
    const clicks: { download: string; href: string }[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download, href: this.getAttribute('href') ?? '' })
    })
    await expect(downloadExport(input)).resolves.toBe('saved')
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe(`/api/exports/needs?communityId=${COMMUNITY_A}&from=2026-11-01&to=2026-11-30&format=csv`)
    expect(url).not.toContain('tok')
    expect(init.headers).toEqual({ Authorization: 'Bearer tok' })
    expect(clicks).toEqual([{ download: '需求清单_needs_2026-11-01_2026-11-30.csv', href: 'blob:x' }])
    // the BOM is kept, so Excel reads the Chinese
    expect([...new Uint8Array(await created[0].arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    click.mockRestore()
    Object.assign(URL, { createObjectURL, revokeObjectURL })
  })

  it("turns the server's refusal into its Chinese message; a 401 ends the session", async () => {
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ error: { code: 'export.too_many_rows', message: '数据超过 5 万行' } }), { status: 413 }))
    await expect(downloadExport(input)).rejects.toMatchObject({ status: 413, code: 'export.too_many_rows', message: '数据超过 5 万行' })
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ error: { code: 'auth.invalid_token', message: '登录已过期，请重新登录' } }), { status: 401 }))
    await expect(downloadExport(input)).rejects.toMatchObject({ status: 401 })
    expect(storage.has('token')).toBe(false)
    expect(Taro.reLaunch).toHaveBeenCalled()
  })

  it('a network failure is the network message', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(downloadExport(input)).rejects.toMatchObject({ status: 0, code: 'network' })
  })
})

describe('downloadExport in WeChat', () => {
  beforeEach(() => vi.stubEnv('TARO_ENV', 'weapp'))

  it('downloads with the token header and shares the file to a chat under its name', async () => {
    taro.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/abc' })
    await expect(downloadExport(input)).resolves.toBe('shared')
    expect(taro.downloadFile).toHaveBeenCalledWith(expect.objectContaining({
      url: `/api/exports/needs?communityId=${COMMUNITY_A}&from=2026-11-01&to=2026-11-30&format=csv`,
      header: { Authorization: 'Bearer tok' },
    }))
    expect(taro.shareFileMessage).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/abc', fileName: '需求清单_needs_2026-11-01_2026-11-30.csv' })
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('a closed chat picker is not an error', async () => {
    taro.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/abc' })
    taro.shareFileMessage.mockRejectedValue({ errMsg: 'shareFileMessage:fail cancel' })
    await expect(downloadExport(input)).resolves.toBe('downloaded')
  })

  it("reads the server's error from the downloaded body", async () => {
    taro.downloadFile.mockResolvedValue({ statusCode: 403, tempFilePath: 'wxfile://tmp/err' })
    Taro.getFileSystemManager.mockReturnValue({ readFileSync: vi.fn(() => JSON.stringify({ error: { code: 'auth.forbidden', message: '您没有权限进行此操作' } })) })
    await expect(downloadExport(input)).rejects.toMatchObject({ status: 403, code: 'auth.forbidden', message: '您没有权限进行此操作' })
    taro.downloadFile.mockRejectedValue({ errMsg: 'downloadFile:fail timeout' })
    await expect(downloadExport(input)).rejects.toMatchObject({ code: 'timeout' })
  })
})

describe('periods', () => {
  // 2026-03-01 01:00 in Beijing is still February in UTC
  const now = new Date('2026-02-28T17:00:00Z')
  it('follow the Beijing calendar', () => {
    expect(beijingToday(now)).toBe('2026-03-01')
    expect(presetPeriod('this_month', now)).toEqual({ from: '2026-03-01', to: '2026-03-01' })
    expect(presetPeriod('last_month', now)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(presetPeriod('this_year', now)).toEqual({ from: '2026-01-01', to: '2026-03-01' })
    expect(presetPeriod('last_month', new Date('2026-01-10T00:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' })
  })
})
