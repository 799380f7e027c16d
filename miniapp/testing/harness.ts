/** Renders an element for a component test with the queries the tests share: by selector, all, click and type. */
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import type { ReactElement } from 'react'
import { expect } from 'vitest'

export function harness(el: ReactElement) {
  const r = render(el)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const all = (sel: string) => Array.from(r.container.querySelectorAll<HTMLElement>(sel))
  /** Types into a field once it is there (a Taro Input reports `input` events). */
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  /** Taro's Picker reports a choice as a `change` event with detail.value */
  const pick = (el: HTMLElement, value: string) => act(() => void el.dispatchEvent(new CustomEvent('change', { detail: { value } })))
  return { ...r, q, all, type, pick, click: (sel: string) => fireEvent.click(q(sel)!) }
}
