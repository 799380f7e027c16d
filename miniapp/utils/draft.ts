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

/** Saves waiting for their delay, by form: clearDraft drops them, so a draft cleared is not written back. */
const pendingSaves = new Map<string, { form: string; serialized: string }>()

export function clearDraft(form: string): void {
  pendingSaves.delete(form)
  try {
    Taro.removeStorageSync(draftKey(form))
  } catch {
    // nothing to clear
  }
}

/** Nothing typed or chosen: empty strings, null, empty arrays and objects of those. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true
  if (typeof value === 'string') return value.trim() === ''
  if (Array.isArray(value)) return value.every(isBlank)
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every(isBlank)
  return false
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
  /** The value at the last clear(): the same value is not saved again (a submitted form not yet left). */
  const clearedValue = useRef<string | null>(null)
  /** A save waiting for the delay: written at once if the page closes first. */
  const pending = useRef<{ form: string; serialized: string } | null>(null)
  const restoreRef = useRef(restore)
  restoreRef.current = restore
  const serialized = JSON.stringify(value)
  const latest = useRef(serialized)
  latest.current = serialized
  const emptyRef = useRef(isEmpty)
  emptyRef.current = isEmpty

  const save = useCallback((target: { form: string; serialized: string }) => {
    const current = JSON.parse(target.serialized) as T
    // After a successful submit: neither the submitted text nor the form reset to blank is a draft.
    if (clearedValue.current !== null && (target.serialized === clearedValue.current || isBlank(current))) return
    clearedValue.current = null
    if (emptyRef.current?.(current)) clearDraft(target.form)
    else writeDraft(target.form, current)
  }, [])

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
    if (!enabled || !ready.current) return
    if (serialized === clearedValue.current) return
    const target = { form, serialized }
    pending.current = target
    pendingSaves.set(form, target)
    const timer = setTimeout(() => {
      pending.current = null
      if (pendingSaves.get(form) !== target) return
      pendingSaves.delete(form)
      save(target)
    }, SAVE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [form, serialized, enabled, save])

  // Leaving the page within the delay: what was typed last is still kept (unless cleared meanwhile).
  useEffect(() => () => {
    const target = pending.current
    pending.current = null
    if (target && pendingSaves.get(target.form) === target) {
      pendingSaves.delete(target.form)
      save(target)
    }
  }, [save])

  const clear = useCallback(() => {
    clearedValue.current = latest.current
    pending.current = null
    clearDraft(form)
  }, [form])

  /** Throw the draft away and keep saving from here on (a 清空 button). */
  const discard = useCallback(() => {
    clearDraft(form)
    pending.current = null
    setRestored(false)
  }, [form])

  return { restored, clear, discard }
}
