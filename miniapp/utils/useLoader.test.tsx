import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deferred } from '../testing/fixtures'
import { Taro, resetTaroMock, triggerPullDownRefresh, triggerReachBottom } from '../testing/taroMock'
import { ApiError } from '../services/errors'
import { usePaged, useLoader, type Page } from './useLoader'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

beforeEach(() => resetTaroMock())
afterEach(cleanup)

const failure = (message: string) => new ApiError(500, 'server_error', message)

describe('useLoader', () => {
  it('loads on show, then only the newest call writes', async () => {
    const calls: Array<ReturnType<typeof deferred<string>>> = []
    const fetch = vi.fn(() => {
      const d = deferred<string>()
      calls.push(d)
      return d.promise
    })
    const { result } = renderHook(() => useLoader(fetch, { show: true }))
    expect(result.current.state).toEqual({ kind: 'loading' })
    expect(fetch).toHaveBeenCalledTimes(1)
    void act(() => void result.current.load())
    // the second answers first; the slow first must not overwrite it
    await act(async () => calls[1].resolve('new'))
    await act(async () => calls[0].resolve('old'))
    expect(result.current.state).toEqual({ kind: 'ready', data: 'new' })
  })

  it('a show guard that refuses loads nothing', () => {
    const fetch = vi.fn(() => Promise.resolve(1))
    renderHook(() => useLoader(fetch, { show: () => false }))
    expect(fetch).not.toHaveBeenCalled()
  })

  it('an error offers a retry that shows loading, then the value', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(failure('网络不给力')).mockResolvedValueOnce('ok')
    const { result } = renderHook(() => useLoader<string>(fetch, { show: true }))
    await waitFor(() => expect(result.current.state).toEqual({ kind: 'error', message: '网络不给力' }))
    expect(Taro.showToast).not.toHaveBeenCalled()
    const d = deferred<string>()
    fetch.mockReset().mockReturnValueOnce(d.promise)
    void act(() => void result.current.load())
    expect(result.current.state).toEqual({ kind: 'loading' })
    await act(async () => d.resolve('ok'))
    expect(result.current.state).toEqual({ kind: 'ready', data: 'ok' })
  })

  it('a failed refresh keeps what is shown and says why in a toast; load(true) starts over', async () => {
    const fetch = vi.fn().mockResolvedValueOnce('first').mockRejectedValueOnce(failure('服务器开小差了'))
    const { result } = renderHook(() => useLoader<string>(fetch, { show: true }))
    await waitFor(() => expect(result.current.state.kind).toBe('ready'))
    await act(async () => void (await result.current.load()))
    expect(result.current.state).toEqual({ kind: 'ready', data: 'first' })
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务器开小差了', icon: 'none' }))
    fetch.mockReturnValueOnce(new Promise(() => undefined))
    void act(() => void result.current.load(true))
    expect(result.current.state).toEqual({ kind: 'loading' })
  })

  it('set is the newest truth: a load still in flight is dropped', async () => {
    const d = deferred<number>()
    const fetch = vi.fn().mockResolvedValueOnce(1).mockReturnValueOnce(d.promise)
    const { result } = renderHook(() => useLoader<number>(fetch, { show: true }))
    await waitFor(() => expect(result.current.state.kind).toBe('ready'))
    void act(() => void result.current.load())
    act(() => result.current.set((n) => n + 10))
    await act(async () => d.resolve(2))
    expect(result.current.state).toEqual({ kind: 'ready', data: 11 })
  })

  it('load resolves to what landed; a custom message; lazy starts idle and clear goes back', async () => {
    const fetch = vi.fn().mockResolvedValueOnce('v').mockRejectedValueOnce(new Error('x'))
    const { result } = renderHook(() => useLoader<string>(fetch, { lazy: true, message: () => '邀请码不对' }))
    expect(result.current.state).toEqual({ kind: 'idle' })
    expect(fetch).not.toHaveBeenCalled()
    let got: string | undefined
    await act(async () => void (got = await result.current.load(true)))
    expect(got).toBe('v')
    await act(async () => void (got = await result.current.load(true)))
    expect(got).toBeUndefined()
    expect(result.current.state).toEqual({ kind: 'error', message: '邀请码不对' })
    act(() => result.current.clear())
    expect(result.current.state).toEqual({ kind: 'idle' })
  })

  it('pull-down reloads in place and stops the spinner once the answer is in, even a failed one', async () => {
    const d = deferred<string>()
    const fetch = vi.fn().mockResolvedValueOnce('a').mockReturnValueOnce(d.promise)
    const { result } = renderHook(() => useLoader<string>(fetch, { show: true, pullDown: true }))
    await waitFor(() => expect(result.current.state.kind).toBe('ready'))
    act(() => triggerPullDownRefresh())
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(result.current.state).toEqual({ kind: 'ready', data: 'a' })
    expect(Taro.stopPullDownRefresh).not.toHaveBeenCalled()
    await act(async () => d.reject(failure('断网了')))
    expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1)
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '断网了' }))
  })

  it('a pull-down guard that refuses only stops the spinner', () => {
    const fetch = vi.fn(() => Promise.resolve(1))
    renderHook(() => useLoader(fetch, { pullDown: () => false }))
    triggerPullDownRefresh()
    expect(fetch).not.toHaveBeenCalled()
    expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  })
})

type Row = { id: string }
const rows = (...ids: string[]) => ids.map((id) => ({ id }))

describe('usePaged', () => {
  it('appends the next page, one at a time, skipping rows already shown, keeping first-page fields', async () => {
    const more = deferred<Page<Row> & { unread?: number; extra?: string }>()
    const fetch = vi.fn((cursor?: string) =>
      cursor ? more.promise : Promise.resolve({ items: rows('a', 'b'), nextCursor: 'c1', unread: 3, extra: 'first' }))
    const { result } = renderHook(() => usePaged<Row, Page<Row> & { unread?: number; extra?: string }>(fetch, { show: true, reachBottom: true }))
    await waitFor(() => expect(result.current.state.kind).toBe('ready'))
    expect(result.current.state.items).toEqual(rows('a', 'b'))
    expect(result.current.state.nextCursor).toBe('c1')
    act(() => triggerReachBottom())
    expect(result.current.state.more).toBe(true)
    void act(() => void result.current.loadMore()) // one at a time
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(fetch).toHaveBeenLastCalledWith('c1')
    await act(async () => more.resolve({ items: rows('b', 'c'), nextCursor: null, unread: 2 }))
    const s = result.current.state
    expect(s.items).toEqual(rows('a', 'b', 'c'))
    expect(s.nextCursor).toBeNull()
    expect(s.more).toBe(false)
    expect(s.page?.unread).toBe(2)
    expect(s.page?.extra).toBe('first')
    await act(async () => void (await result.current.loadMore())) // no next page: nothing asked
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('a failed next page keeps the list: a toast, or inline with moreError; then it may be tried again', async () => {
    const fetch = vi.fn((cursor?: string): Promise<Page<Row>> => (cursor ? Promise.reject(failure('加载失败')) : Promise.resolve({ items: rows('a'), nextCursor: 'c1' })))
    const toastList = renderHook(() => usePaged<Row>(fetch, { show: true }))
    await waitFor(() => expect(toastList.result.current.state.kind).toBe('ready'))
    await act(async () => toastList.result.current.loadMore())
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '加载失败' }))
    expect(toastList.result.current.state.moreError).toBe('')
    expect(toastList.result.current.state.items).toEqual(rows('a'))

    vi.mocked(Taro.showToast).mockClear()
    const inline = renderHook(() => usePaged<Row>(fetch, { show: true, moreError: 'inline' }))
    await waitFor(() => expect(inline.result.current.state.kind).toBe('ready'))
    await act(async () => inline.result.current.loadMore())
    expect(Taro.showToast).not.toHaveBeenCalled()
    expect(inline.result.current.state.moreError).toBe('加载失败')
    expect(inline.result.current.state.more).toBe(false)
    fetch.mockImplementation((cursor?: string) => Promise.resolve(cursor ? { items: rows('b'), nextCursor: null } : { items: rows('a'), nextCursor: 'c1' }))
    await act(async () => inline.result.current.loadMore())
    expect(inline.result.current.state.moreError).toBe('')
    expect(inline.result.current.state.items).toEqual(rows('a', 'b'))
  })

  it('a next page asked before a refresh landed is dropped; load(true) shows loading, not the old list', async () => {
    const more = deferred<Page<Row>>()
    let first = true
    const fetch = vi.fn((cursor?: string) => {
      if (cursor) return more.promise
      const page = first ? { items: rows('a'), nextCursor: 'c1' } : { items: rows('x'), nextCursor: null }
      first = false
      return Promise.resolve(page)
    })
    const { result } = renderHook(() => usePaged<Row>(fetch, { show: true }))
    await waitFor(() => expect(result.current.state.kind).toBe('ready'))
    void act(() => void result.current.loadMore())
    await act(async () => void (await result.current.load()))
    expect(result.current.state.items).toEqual(rows('x'))
    await act(async () => more.resolve({ items: rows('b'), nextCursor: null }))
    expect(result.current.state.items).toEqual(rows('x'))
    expect(result.current.state.more).toBe(false)
    fetch.mockReturnValueOnce(new Promise(() => undefined))
    void act(() => void result.current.load(true))
    expect(result.current.state.kind).toBe('loading')
    expect(result.current.state.items).toEqual([])
  })

  it('set updates the items, setPage the other fields', async () => {
    const fetch = vi.fn(() => Promise.resolve({ items: rows('a', 'b'), nextCursor: null, unread: 2 }))
    const { result } = renderHook(() => usePaged<Row, Page<Row> & { unread: number }>(fetch, { show: true }))
    await waitFor(() => expect(result.current.state.kind).toBe('ready'))
    act(() => result.current.set((items) => items.filter((r) => r.id !== 'a')))
    act(() => result.current.setPage((p) => ({ ...p, unread: 0 })))
    expect(result.current.state.items).toEqual(rows('b'))
    expect(result.current.state.page?.unread).toBe(0)
  })
})
