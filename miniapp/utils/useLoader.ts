// One loader for every list and detail of every package, kept in the main package (weapp subpackages cannot import
// one another). `useLoader` loads one value, `usePaged` a keyset-paged list; both run on `useLoad` below.
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useMemo, useRef, useState } from 'react'
import { errorMessage } from '../services/errors'

export type Load<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: T }
/** A lazy loader before its first load (a search not yet typed, a code not yet looked up). */
export type Idle = { kind: 'idle' }

/** One page of a keyset-paged list, with whatever else the endpoint answers beside it (a balance, an unread count). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface Paged<T, P extends Page<T> = Page<T>> {
  kind: 'idle' | 'loading' | 'error' | 'ready'
  message: string
  items: T[]
  nextCursor: string | null
  /** a next page is being fetched */
  more: boolean
  /** why the last next page failed, with `moreError: 'inline'` ('' otherwise) */
  moreError: string
  /** the pages so far as one: the items, and the other fields of the newest page */
  page: P | null
}

export interface LoaderOptions {
  /** Load whenever the page shows (useDidShow): `true`, or a guard such as `ensureLoggedIn`. */
  show?: boolean | (() => boolean)
  /**
   * Pull-down refresh reloads in place (the page config needs `enablePullDownRefresh`); a guard may refuse, and the
   * spinner stops either way. Read once: a page has it or not.
   */
  pullDown?: boolean | (() => boolean)
  /** How a failure reads (default: errorMessage). */
  message?: (err: unknown) => string
  /** Start idle instead of loading: the page's own call loads first. */
  lazy?: boolean
}

export interface PagedOptions extends LoaderOptions {
  /** Reaching the bottom of the page loads the next page. Read once. */
  reachBottom?: boolean
  /** A failed next page: a toast (default), or `moreError` for the page to show next to 加载更多. */
  moreError?: 'toast' | 'inline'
}

/** A fetch's own refusal in the page's words (no id given, nothing found): shown as it is. */
export class LoadError extends Error {}

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 })
const guard = (option: boolean | (() => boolean) | undefined) => (typeof option === 'function' ? option() : !!option)

/**
 * Pull-down refresh in one place: runs `refresh` at once and stops the spinner when what it returns settles. For a
 * page with several loaders (one handler per page); a single loader says `pullDown` instead.
 */
export function usePullDown(refresh: () => unknown) {
  const ref = useRef(refresh)
  ref.current = refresh
  usePullDownRefresh(() => {
    let done: unknown
    try {
      done = ref.current()
    } catch (err) {
      Taro.stopPullDownRefresh()
      throw err
    }
    if (done && typeof (done as Promise<unknown>).then === 'function') {
      void Promise.resolve(done).catch(() => undefined).finally(() => Taro.stopPullDownRefresh())
    } else Taro.stopPullDownRefresh()
  })
}

interface Core<D> {
  kind: 'idle' | 'loading' | 'error' | 'ready'
  message: string
  data: D | undefined
  more: boolean
  moreError: string
}

interface Paging<D> {
  cursor: (data: D) => string | null
  append: (prev: D, next: D) => D
}

/**
 * The one implementation. Only the newest `load` writes (a slow first load must not overwrite a newer refresh);
 * once something is on screen a refresh keeps it and reports a failure in a toast instead of blanking it;
 * `load(true)` starts over (another filter: show loading, not the old list). `set` is a local update from an
 * action's answer, the newest truth, so a load still in flight is dropped. `loadMore` appends one page at a time
 * and is dropped if a load replaced the list meanwhile.
 */
function useLoad<D>(fetch: (cursor?: string) => Promise<D>, options: PagedOptions, paging?: Paging<D>) {
  const [state, setState] = useState<Core<D>>(() => ({
    kind: options.lazy ? 'idle' : 'loading', message: '', data: undefined, more: false, moreError: '',
  }))
  const current = useRef(state)
  current.current = state
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch
  const opts = useRef(options)
  opts.current = options
  const latest = useRef(0) // the newest load
  const version = useRef(0) // what the list on screen is based on: a next page must fit it
  const moreToken = useRef(0) // the next page in flight (0: none)
  const moreSeq = useRef(0)
  const shown = useRef(false)
  const initial = useRef(!!options.lazy)

  const load = useCallback(async (reset = false): Promise<D | undefined> => {
    const id = ++latest.current
    version.current++
    moreToken.current = 0
    if (reset || !shown.current) {
      shown.current = false
      setState({ kind: 'loading', message: '', data: undefined, more: false, moreError: '' })
    }
    try {
      const data = await fetchRef.current()
      if (id !== latest.current) return undefined
      shown.current = true
      version.current++
      setState({ kind: 'ready', message: '', data, more: false, moreError: '' })
      return data
    } catch (err) {
      if (id !== latest.current) return undefined
      const message = err instanceof LoadError ? err.message : (opts.current.message ?? errorMessage)(err)
      if (shown.current) {
        setState((prev) => (prev.more ? { ...prev, more: false } : prev))
        toast(message)
      } else setState({ kind: 'error', message, data: undefined, more: false, moreError: '' })
      return undefined
    }
  }, [])

  const loadMore = useCallback(async () => {
    const s = current.current
    const cursor = paging && s.kind === 'ready' && s.data !== undefined ? paging.cursor(s.data) : null
    if (!paging || !cursor || moreToken.current) return
    const token = (moreToken.current = ++moreSeq.current)
    const basis = version.current
    setState((prev) => ({ ...prev, more: true, moreError: '' }))
    try {
      const page = await fetchRef.current(cursor)
      if (basis !== version.current) return
      setState((prev) => (prev.kind === 'ready' && prev.data !== undefined ? { ...prev, data: paging.append(prev.data, page) } : prev))
    } catch (err) {
      if (basis !== version.current) return
      const message = (opts.current.message ?? errorMessage)(err)
      if (opts.current.moreError === 'inline') setState((prev) => ({ ...prev, moreError: message }))
      else toast(message)
    } finally {
      if (moreToken.current === token) {
        moreToken.current = 0
        setState((prev) => (prev.more ? { ...prev, more: false } : prev))
      }
    }
  }, [paging])

  const set = useCallback((update: (prev: D) => D, drop = true) => {
    if (current.current.kind !== 'ready') return
    if (drop) latest.current++
    setState((prev) => (prev.kind === 'ready' && prev.data !== undefined ? { ...prev, data: update(prev.data) } : prev))
  }, [])

  /** Back to idle (a lazy loader) or loading, dropping whatever is in flight. */
  const clear = useCallback(() => {
    latest.current++
    version.current++
    moreToken.current = 0
    shown.current = false
    setState({ kind: initial.current ? 'idle' : 'loading', message: '', data: undefined, more: false, moreError: '' })
  }, [])

  useDidShow(() => {
    if (guard(opts.current.show)) void load()
  })
  // Read once: a hook a page has or has not, so the order of hooks never changes between renders.
  const [wants] = useState(() => ({ pullDown: options.pullDown !== undefined && options.pullDown !== false, reachBottom: !!options.reachBottom }))
  /* eslint-disable react-hooks/rules-of-hooks */
  if (wants.pullDown) usePullDown(() => (guard(opts.current.pullDown) ? load() : undefined))
  if (wants.reachBottom) useReachBottom(() => void loadMore())
  /* eslint-enable react-hooks/rules-of-hooks */

  return { state, load, loadMore, set, clear }
}

export interface Loader<T, S = Load<T>> {
  state: S
  /** Loads again: in place once shown (a failure is a toast), or from loading with `reset`; the value, if it landed. */
  load: (reset?: boolean) => Promise<T | undefined>
  /** A local update (an action's answer); a load in flight is dropped. */
  set: (update: (prev: T) => T) => void
  /** Back to idle (lazy) or loading. */
  clear: () => void
}

/** One value (a detail, a short list): loading, error with retry, ready; refreshes keep what is shown. */
export function useLoader<T>(fetch: () => Promise<T>, options: LoaderOptions & { lazy: true }): Loader<T, Load<T> | Idle>
export function useLoader<T>(fetch: () => Promise<T>, options?: LoaderOptions): Loader<T>
export function useLoader<T>(fetch: () => Promise<T>, options: LoaderOptions = {}): Loader<T, Load<T> | Idle> {
  const core = useLoad<T>(() => fetch(), options)
  const { kind, message, data } = core.state
  const state = useMemo<Load<T> | Idle>(
    () => (kind === 'ready' ? { kind, data: data as T } : kind === 'error' ? { kind, message } : { kind }),
    [kind, message, data],
  )
  return { state, load: core.load, set: core.set, clear: core.clear }
}

export interface PagedLoader<T, P extends Page<T> = Page<T>> {
  state: Paged<T, P>
  load: (reset?: boolean) => Promise<P | undefined>
  /** The next page, appended (one at a time). */
  loadMore: () => Promise<void>
  /**
   * A local update of the items (an action's answer on one row). A refresh in flight still lands, unless `drop`:
   * then this update is newer than any list being fetched.
   */
  set: (update: (items: T[]) => T[], drop?: boolean) => void
  /** A local update of the other fields of the page (an unread count), as `set`. */
  setPage: (update: (page: P) => P, drop?: boolean) => void
  clear: () => void
}

/** Appends a page: items seen already are skipped (a refresh racing a next page), other fields come from the newer page. */
function appendPage<T, P extends Page<T>>(prev: P, next: P): P {
  const key = (x: T): unknown => (typeof x === 'object' && x !== null && 'id' in x ? (x as { id: unknown }).id : undefined)
  const seen = new Set<unknown>(prev.items.map(key).filter((k) => k !== undefined))
  const fresh = next.items.filter((x) => key(x) === undefined || !seen.has(key(x)))
  const extra = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Partial<P>
  return { ...prev, ...extra, items: [...prev.items, ...fresh], nextCursor: next.nextCursor }
}

const PAGING: Paging<Page<unknown>> = { cursor: (p) => p.nextCursor, append: appendPage }

/**
 * A keyset-paged list: `load(true)` starts over (filters changed), `load()` refreshes in place, `loadMore()`
 * appends the next page. A next page may leave out fields only the first page carries (they are kept).
 */
export function usePaged<T, P extends Page<T> = Page<T>>(fetch: (cursor?: string) => Promise<P>, options: PagedOptions = {}): PagedLoader<T, P> {
  const core = useLoad<P>(fetch, options, PAGING as unknown as Paging<P>)
  const { kind, message, data, more, moreError } = core.state
  const state = useMemo<Paged<T, P>>(
    () => ({ kind, message, items: data?.items ?? [], nextCursor: data?.nextCursor ?? null, more, moreError, page: data ?? null }),
    [kind, message, data, more, moreError],
  )
  const coreSet = core.set
  const set = useCallback((update: (items: T[]) => T[], drop = false) => coreSet((p) => ({ ...p, items: update(p.items) }), drop), [coreSet])
  const setPage = useCallback((update: (page: P) => P, drop = false) => coreSet(update, drop), [coreSet])
  return { state, load: core.load, loadMore: core.loadMore, set, setPage, clear: core.clear }
}
