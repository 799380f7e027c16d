import Taro from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { errorMessage } from '../services/errors'

export type Load<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: T }

/**
 * One loader per screen: only the latest call may write (a slow first load must not overwrite a newer
 * refresh); a refresh keeps what is on screen and reports a failure in a toast instead of blanking it.
 */
export function useLoader<T>(fetch: () => Promise<T>) {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' })
  const latest = useRef(0)
  const shown = useRef(false)
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch

  const load = useCallback(async (reset = false) => {
    const id = ++latest.current
    if (reset || !shown.current) {
      shown.current = false
      setState({ kind: 'loading' })
    }
    try {
      const data = await fetchRef.current()
      if (id !== latest.current) return
      shown.current = true
      setState({ kind: 'ready', data })
    } catch (err) {
      if (id !== latest.current) return
      const message = errorMessage(err)
      if (shown.current) void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
      else setState({ kind: 'error', message })
    }
  }, [])

  /** An action's answer is the newest truth: a reload still in flight must not overwrite it. */
  const set = useCallback((update: (prev: T) => T) => {
    latest.current++
    setState((prev) => (prev.kind === 'ready' ? { kind: 'ready', data: update(prev.data) } : prev))
  }, [])

  return { state, load, set }
}
