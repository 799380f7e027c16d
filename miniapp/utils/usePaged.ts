// One keyset-paged list for every package, kept in the main package (weapp subpackages cannot import one another).
import Taro from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { errorMessage } from '../services/errors'

export interface Paged<T> {
  kind: 'loading' | 'error' | 'ready'
  message: string
  items: T[]
  nextCursor: string | null
  /** a next page is being fetched */
  more: boolean
}

/**
 * A keyset-paged list: `load(true)` starts over (filters changed), `load()` refreshes in place, `loadMore()` appends the
 * next page. Only the newest request writes; a failed refresh or next page keeps the list and says so in a toast.
 */
export function usePaged<T>(fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const [state, setState] = useState<Paged<T>>({ kind: 'loading', message: '', items: [], nextCursor: null, more: false })
  const latest = useRef(0)
  const shown = useRef(false)
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch

  const load = useCallback(async (reset = false) => {
    const id = ++latest.current
    if (reset || !shown.current) {
      shown.current = false
      setState({ kind: 'loading', message: '', items: [], nextCursor: null, more: false })
    }
    try {
      const page = await fetchRef.current(undefined)
      if (id !== latest.current) return
      shown.current = true
      setState({ kind: 'ready', message: '', items: page.items, nextCursor: page.nextCursor, more: false })
    } catch (err) {
      if (id !== latest.current) return
      const message = errorMessage(err)
      if (shown.current) void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
      else setState({ kind: 'error', message, items: [], nextCursor: null, more: false })
    }
  }, [])

  const cursorRef = useRef<{ cursor: string | null; busy: boolean }>({ cursor: null, busy: false })
  cursorRef.current.cursor = state.nextCursor

  const loadMore = useCallback(async () => {
    const cursor = cursorRef.current.cursor
    if (!cursor || cursorRef.current.busy) return
    cursorRef.current.busy = true
    const id = latest.current
    setState((prev) => ({ ...prev, more: true }))
    try {
      const page = await fetchRef.current(cursor)
      if (id !== latest.current) return
      setState((prev) => ({ ...prev, items: [...prev.items, ...page.items], nextCursor: page.nextCursor, more: false }))
    } catch (err) {
      if (id !== latest.current) return
      setState((prev) => ({ ...prev, more: false }))
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      cursorRef.current.busy = false
    }
  }, [])

  /** An action's answer replaces the item on screen at once. */
  const update = useCallback((fn: (items: T[]) => T[]) => {
    setState((prev) => (prev.kind === 'ready' ? { ...prev, items: fn(prev.items) } : prev))
  }, [])

  return { state, load, loadMore, update }
}
