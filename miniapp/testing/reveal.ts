/** Test-only: watches revealFirstError (utils/formErrors.ts) bring the first field in error into view. */
import { waitFor } from '@testing-library/react'
import { expect, vi } from 'vitest'

export function revealSpy() {
  // revealFirstError scrolls the field itself (Taro H5 scrolls its page panel, not the window); jsdom has no
  // scrollIntoView, so give it one to watch
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined
  const scroll = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined)
  scroll.mockClear()
  return {
    scroll,
    /** resolves once the page was scrolled to the first `.field-error` */
    revealed: () => waitFor(() => expect(scroll).toHaveBeenCalled()),
    /** the element that has the cursor: the input of the field in error */
    focused: () => document.activeElement,
  }
}
