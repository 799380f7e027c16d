import Taro from '@tarojs/taro'

/**
 * After a refused submit, bring the first field in error into view and put the cursor in it, so a person
 * who pressed 提交 at the bottom of a long form sees what to fix. Every form renders its errors as
 * `.field-error` inside the field's `.form-field`, in the order of the form, so "first" is DOM order.
 *
 * H5 keeps hidden pages in the DOM: only the visible page is searched. WeChat scrolls by selector (the
 * first match in the page) and cannot focus from outside: a form that wants the keyboard up passes
 * `focus={focused === 'field'}` to its Input with the field name this returns.
 */
export const ERROR_SELECTOR = '.field-error'
const H5_PAGE = '.taro_page_stationed:not(.taro_page_shade)'
/** Room above the field for the title bar and the field's own label. */
const OFFSET_TOP = -96

function fieldNameOf(el: Element): string | null {
  const m = /\bfield-error-([\w-]+)/.exec(el.className)
  return m ? m[1] : null
}

export function revealFirstError(): Promise<string | null> {
  return new Promise((resolve) => {
    // After the render that shows the errors.
    setTimeout(() => {
      if (process.env.TARO_ENV !== 'weapp' && typeof document !== 'undefined') {
        const scope = document.querySelector(H5_PAGE) ?? document
        const first = scope.querySelector(ERROR_SELECTOR)
        if (!first) return resolve(null)
        const field = first.closest('.form-field') ?? first.parentElement ?? first
        // Taro H5 scrolls inside its page panel, not the window: let the browser find the scroller.
        // 'center' keeps the field clear of the sticky title bar.
        try {
          field.scrollIntoView?.({ block: 'center', behavior: 'auto' })
        } catch {
          // jsdom: no layout, nothing to scroll
        }
        const input = field.querySelector('input, textarea') as HTMLElement | null
        input?.focus?.()
        return resolve(fieldNameOf(first))
      }
      void Taro.pageScrollTo({ selector: ERROR_SELECTOR, offsetTop: OFFSET_TOP, duration: 200 }).catch(() => undefined)
      resolve(null)
    }, 30)
  })
}
