import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getProfile } from '../services/session'

/**
 * Drafts of a form, saved on the device as the person types and offered back when they return: a
 * resident who leaves the page to look up an address, or whose phone locks, finds the text still there.
 * The key holds the person's id, so on a shared phone nobody sees another account's draft. A draft older
 * than DRAFT_TTL_MS is dropped. A successful submit must call clear().
 */
export const DRAFT_PREFIX = 'draft:'
export const DRAFT_TTL_MS = 7 * 24 * 3600 * 1000
const SAVE_DELAY_MS = 300

interface Stored<T> {
  at: number
  value: T
}

export function draftKey(form: string): string {
  return `${DRAFT_PREFIX}${getProfile()?.id ?? 'anon'}:${form}`
}

export function readDraft<T>(form: string, now = Date.now()): T | null {
  try {
    const raw: unknown = Taro.getStorageSync(draftKey(form))
    if (typeof raw !== 'string' || !raw) return null
    const stored = JSON.parse(raw) as Stored<T>
    if (!stored || typeof stored.at !== 'number' || now - stored.at > DRAFT_TTL_MS) {
      Taro.removeStorageSync(draftKey(form))
      return null
    }
    return stored.value
  } catch {
    return null
  }
}

export function writeDraft<T>(form: string, value: T, now = Date.now()): void {
  try {
    Taro.setStorageSync(draftKey(form), JSON.stringify({ at: now, value } satisfies Stored<T>))
  } catch {
    // storage full or unavailable: the form still works, only the draft is not kept
  }
}

export function clearDraft(form: string): void {
  try {
    Taro.removeStorageSync(draftKey(form))
  } catch {
    // nothing to clear
  }
}

export interface DraftOptions<T> {
  /** Is there anything worth keeping? An untouched form saves nothing (and removes an old draft). */
  isEmpty?: (value: T) => boolean
  /** false while the form is not ready (e.g. an edit form still loading the record): nothing is read or saved. */
  enabled?: boolean
}

/**
 * `form` names the form (add the record's id for an edit form); `value` is everything the person typed or
 * chose, as JSON; `restore` puts a saved draft back into the form's state, once, when it opens.
 * Returns `restored` (true when a draft was put back: the page says so) and `clear` (call on success).
 */
export function useDraft<T>(form: string, value: T, restore: (draft: T) => void, options: DraftOptions<T> = {}) {
  const { isEmpty, enabled = true } = options
  const [restored, setRestored] = useState(false)
  const ready = useRef(false)
  const cleared = useRef(false)
  const restoreRef = useRef(restore)
  restoreRef.current = restore
  const serialized = JSON.stringify(value)
  const emptyRef = useRef(isEmpty)
  emptyRef.current = isEmpty

  useEffect(() => {
    if (!enabled || ready.current) return
    const draft = readDraft<T>(form)
    if (draft !== null && !(emptyRef.current?.(draft) ?? false)) {
      restoreRef.current(draft)
      setRestored(true)
    }
    ready.current = true
  }, [form, enabled])

  useEffect(() => {
    if (!enabled || !ready.current || cleared.current) return
    const timer = setTimeout(() => {
      // A submit that succeeded within the delay must not see its draft written back.
      if (cleared.current) return
      const current = JSON.parse(serialized) as T
      if (emptyRef.current?.(current)) clearDraft(form)
      else writeDraft(form, current)
    }, SAVE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [form, serialized, enabled])

  const clear = useCallback(() => {
    cleared.current = true
    clearDraft(form)
  }, [form])

  /** Throw the draft away and keep saving from here on (a 清空 button). */
  const discard = useCallback(() => {
    clearDraft(form)
    setRestored(false)
  }, [form])

  return { restored, clear, discard }
}
