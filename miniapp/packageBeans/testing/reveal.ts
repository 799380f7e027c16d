/** Test-only: watches revealFirstError (utils/formErrors.ts) bring the first field in error into view. */
import { waitFor } from '@testing-library/react'
import { expect, vi } from 'vitest'

export function revealSpy() {
  const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined)
  scroll.mockClear()
  return {
    scroll,
    /** resolves once the page was scrolled to the first `.field-error` */
    revealed: () => waitFor(() => expect(scroll).toHaveBeenCalled()),
    /** the element that has the cursor: the input of the field in error */
    focused: () => document.activeElement,
  }
}
