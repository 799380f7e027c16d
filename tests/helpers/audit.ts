import type { Page } from 'playwright-core'

/**
 * The size audit (issue 15): on a Taro H5 page in a real browser, the smallest text a person has to read and
 * the smallest thing they have to hit, measured where they are: the visible page
 * (`.taro_page_stationed:not(.taro_page_shade)`; Taro keeps hidden pages in the DOM), the title bar
 * (`#taro-navigation-bar`), the tab bar (`.weui-tabbar`) and Taro's dialog, action sheet and toast, when shown.
 *
 * Text: every visible element with a non-whitespace text node of its own (and ::before/::after content, such
 * as the title bar's 返回), every input/textarea with a value or placeholder; its computed font-size. Text below
 * the fold counts (boxes are read wherever they are), text outside the viewport's width (a scrolled-away chip)
 * does not. Visible = a non-zero box, `checkVisibility` (no display:none up the tree, not visibility:hidden, no
 * opacity 0 up the tree), horizontally inside the viewport.
 *
 * Tap targets: buttons (`taro-button-core`, `button`), fields (`input`, `textarea`: the box of their Taro host
 * element, which is what looks like the field), anything with role button|radio|checkbox|tab|link|switch, the
 * title bar's 返回 / 首页 and the tab bar items, and any element with a click handler (Taro H5 keeps them in
 * `el.__events`) even without a role; min(width, height) of the box. A target inside a larger target of the same
 * kind is left out (a finger hits the outer one). A tappable element without a role, and a target with neither
 * text nor aria-label, are reported as a11y breaches (screen readers cannot announce them).
 */

export interface AuditThresholds {
  /** smallest allowed font-size, CSS px */
  font: number
  /** smallest allowed min(width, height) of a tap target, CSS px */
  tap: number
}

export interface FontFinding {
  size: number
  where: string
  text: string
  /** how many elements share this place and size (list items repeat) */
  count: number
}

export interface TapFinding {
  size: number
  width: number
  height: number
  kind: string
  where: string
  label: string
  count: number
}

export interface A11yFinding {
  where: string
  label: string
  problem: string
  count: number
}

export interface AuditResult {
  /** smallest font-size measured (Infinity when the page shows no text) */
  minFont: number
  minFontAt: FontFinding | null
  /** smallest tap target measured (Infinity when the page has none) */
  minTap: number
  minTapAt: TapFinding | null
  fontBreaches: FontFinding[]
  tapBreaches: TapFinding[]
  /** a tappable element without a role, or a target with neither text nor aria-label */
  a11yBreaches: A11yFinding[]
  /** warnings, not failures: a short label (chip, button) that wraps, text running past the screen's edge */
  layoutWarnings: A11yFinding[]
  /** how many text elements and tap targets were measured */
  texts: number
  targets: number
  /** every finding, grouped by place and size, smallest first */
  allFonts: FontFinding[]
  allTaps: TapFinding[]
}

interface RawResult {
  texts: { size: number; where: string; text: string }[]
  taps: { width: number; height: number; kind: string; where: string; label: string }[]
  a11y: { where: string; label: string; problem: string }[]
  layout: { where: string; label: string; problem: string }[]
}

/** Runs in the page: must be self-contained (it is serialised by Playwright). */
function measureInPage(): RawResult {
  const vw = window.innerWidth
  const roots: Element[] = []
  for (const el of Array.from(document.querySelectorAll('.taro_page_stationed:not(.taro_page_shade)'))) roots.push(el)
  const nav = document.getElementById('taro-navigation-bar')
  if (nav) roots.push(nav)
  for (const el of Array.from(document.querySelectorAll('.weui-tabbar'))) roots.push(el)
  // Taro's dialog, action sheet and toast when one is up
  for (const el of Array.from(document.querySelectorAll('.taro__modal, .taro__actionSheet, .taro__toast'))) roots.push(el)

  const visible = (el: Element): boolean => {
    const r = el.getBoundingClientRect()
    if (r.width <= 0 || r.height <= 0) return false
    if (r.right <= 0 || r.left >= vw) return false
    const anyEl = el as Element & { checkVisibility?: (o: object) => boolean }
    if (anyEl.checkVisibility) {
      if (!anyEl.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true })) return false
    } else {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e)
        if (s.display === 'none' || s.opacity === '0') return false
      }
      if (getComputedStyle(el).visibility === 'hidden') return false
    }
    return true
  }

  const TAROISH = /^(taro[-_]|weui-|hydrated$|is-)/
  const seg = (el: Element): string => {
    const tag = el.tagName.toLowerCase()
    const cls = Array.from(el.classList).filter((c) => !TAROISH.test(c) || /^weui-tabbar|^taro-navigation-bar-(back|home|title)|^taro-mod[ae]l__|^taro-actionsheet__|^taro__/.test(c))
    return cls.length ? `${tag}.${cls.slice(0, 3).join('.')}` : tag
  }
  /** The element and up to two named ancestors below its root: enough to find it in the source. */
  const where = (el: Element): string => {
    const parts = [seg(el)]
    let e = el.parentElement
    while (e && parts.length < 3 && !roots.includes(e)) {
      const s = seg(e)
      if (s.includes('.')) parts.unshift(s)
      e = e.parentElement
    }
    return parts.join(' > ')
  }
  const clip = (s: string) => {
    const t = s.replace(/\s+/g, ' ').trim()
    return t.length > 24 ? `${t.slice(0, 24)}…` : t
  }

  const texts: RawResult['texts'] = []
  const taps: RawResult['taps'] = []
  const a11y: RawResult['a11y'] = []
  const layout: RawResult['layout'] = []
  const TAP_ROLES = new Set(['button', 'radio', 'checkbox', 'tab', 'link', 'switch'])

  const clickable = (el: Element): boolean => {
    const ev = (el as Element & { __events?: Record<string, unknown> }).__events
    // Taro's own overlays (dialog buttons, action sheet cells) set onclick
    if (typeof (el as HTMLElement).onclick === 'function') return true
    if (!ev) return false
    return ['click', 'tap'].some((k) => {
      const h = ev[k]
      return typeof h === 'function' || (Array.isArray(h) && h.length > 0)
    })
  }
  const kindOf = (el: Element): string | null => {
    const tag = el.tagName.toLowerCase()
    const role = el.getAttribute('role')
    if (role && TAP_ROLES.has(role)) return role
    if (tag === 'taro-button-core' || tag === 'button') return 'button'
    if (tag === 'taro-input-core' || tag === 'taro-textarea-core') return 'field'
    if ((tag === 'input' || tag === 'textarea') && !el.closest('taro-input-core, taro-textarea-core')) {
      const type = (el as HTMLInputElement).type
      if (type === 'hidden') return null
      return 'field'
    }
    if (el.classList.contains('taro-navigation-bar-back') || el.classList.contains('taro-navigation-bar-home')) return 'button'
    if (el.classList.contains('weui-tabbar__item')) return 'tab'
    // Taro H5 keeps a component's handlers in el.__events: a View with onClick and no role is still a target
    if (clickable(el)) return el.closest('.taro_page_stationed') ? 'no-role' : 'button'
    return null
  }

  for (const root of roots) {
    // an overlay's wrapper has no box of its own (its children are fixed): only ask whether it is shown
    const shown = (root as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true
    if (!shown) continue
    const all = [root, ...Array.from(root.querySelectorAll('*'))]
    for (const el of all) {
      // text of its own
      let own = ''
      for (const n of Array.from(el.childNodes)) if (n.nodeType === Node.TEXT_NODE) own += n.textContent ?? ''
      const tag = el.tagName.toLowerCase()
      if ((tag === 'input' || tag === 'textarea') && (el as HTMLInputElement).type !== 'hidden') {
        own = (el as HTMLInputElement).value || (el as HTMLInputElement).placeholder || ''
      }
      if (tag === 'style' || tag === 'script' || tag === 'svg' || el.closest('svg')) own = ''
      if (own.trim() !== '' && visible(el)) {
        texts.push({ size: parseFloat(getComputedStyle(el).fontSize), where: where(el), text: clip(own) })
        // text running past the right edge of the screen, outside anything that scrolls sideways
        if (el.getBoundingClientRect().right > vw + 1) {
          let scrolls = false
          for (let a = el.parentElement; a && !scrolls; a = a.parentElement) scrolls = /(auto|scroll)/.test(getComputedStyle(a).overflowX)
          if (!scrolls) layout.push({ where: where(el), label: clip(own), problem: `runs ${Math.round(el.getBoundingClientRect().right - vw)} px past the screen edge` })
        }
      }
      for (const pseudo of ['::before', '::after']) {
        const ps = getComputedStyle(el, pseudo)
        const content = ps.content
        if (!content || content === 'none' || content === 'normal') continue
        const literal = content.replace(/^["']|["']$/g, '')
        if (literal.trim() === '' || ps.display === 'none') continue
        if (!visible(el)) continue
        texts.push({ size: parseFloat(ps.fontSize), where: `${where(el)}${pseudo}`, text: clip(literal) })
      }

      const kind = kindOf(el)
      if (kind && visible(el)) {
        // a target inside a larger target of the same kind: the finger hits the outer one
        const r = el.getBoundingClientRect()
        let inside = false
        for (let a = el.parentElement; a; a = a.parentElement) {
          if (kindOf(a) === kind) {
            const ar = a.getBoundingClientRect()
            if (ar.width >= r.width && ar.height >= r.height) inside = true
            break
          }
        }
        const label = el.getAttribute('aria-label') || (el as HTMLElement).innerText || (el as HTMLInputElement).placeholder || ''
        if (!inside) {
          taps.push({ width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10, kind, where: where(el), label: clip(label) })
        }
        // a short label (≤ 10 characters) of a chip or a button (not a card: under 130 px tall) broken over two
        // lines: the layout did not survive the size
        if (kind !== 'field' && r.height < 130) {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const word = (n.textContent ?? '').trim()
            if (!word || word.length > 10) continue
            const range = document.createRange()
            range.selectNodeContents(n)
            const tops = Array.from(range.getClientRects()).filter((rr) => rr.width > 0).map((rr) => rr.top).sort((a, b) => a - b)
            // a new line starts more than half a line below the last one
            const half = parseFloat(getComputedStyle(n.parentElement ?? el).fontSize) / 2
            let lines = tops.length ? 1 : 0
            for (let i = 1; i < tops.length; i++) if (tops[i] - tops[i - 1] > half) lines++
            if (lines > 1) layout.push({ where: where(el), label: clip(word), problem: `label wraps over ${lines} lines` })
          }
        }
        if (kind === 'no-role') a11y.push({ where: where(el), label: clip(label), problem: 'tappable without a role' })
        else if (kind !== 'field' && label.trim() === '' && !el.classList.contains('taro-navigation-bar-back') && !el.classList.contains('taro-navigation-bar-home')) {
          a11y.push({ where: where(el), label: '', problem: 'no text and no aria-label' })
        }
      }
    }
  }
  return { texts, taps, a11y, layout }
}

function groupFonts(list: RawResult['texts']): FontFinding[] {
  const map = new Map<string, FontFinding>()
  for (const t of list) {
    const key = `${t.where}|${t.size}`
    const hit = map.get(key)
    if (hit) hit.count++
    else map.set(key, { size: t.size, where: t.where, text: t.text, count: 1 })
  }
  return [...map.values()].sort((a, b) => a.size - b.size)
}

function groupTaps(list: RawResult['taps']): TapFinding[] {
  const map = new Map<string, TapFinding>()
  for (const t of list) {
    const size = Math.min(t.width, t.height)
    const key = `${t.where}|${t.kind}|${size}`
    const hit = map.get(key)
    if (hit) hit.count++
    else map.set(key, { size, width: t.width, height: t.height, kind: t.kind, where: t.where, label: t.label, count: 1 })
  }
  return [...map.values()].sort((a, b) => a.size - b.size)
}

function groupA11y(list: RawResult['a11y'], byLabel = false): A11yFinding[] {
  const map = new Map<string, A11yFinding>()
  for (const f of list) {
    const key = `${f.where}|${f.problem}${byLabel ? `|${f.label}` : ''}`
    const hit = map.get(key)
    if (hit) hit.count++
    else map.set(key, { ...f, count: 1 })
  }
  return [...map.values()]
}

/** Measures the page as it is now (wait for its content first). Sizes are CSS px, compared with a 0.05 px tolerance. */
export async function auditPage(page: Page, thresholds: AuditThresholds): Promise<AuditResult> {
  const raw = await page.evaluate(measureInPage)
  const fonts = groupFonts(raw.texts)
  const taps = groupTaps(raw.taps)
  const EPS = 0.05
  return {
    minFont: fonts.length ? fonts[0].size : Infinity,
    minFontAt: fonts[0] ?? null,
    minTap: taps.length ? taps[0].size : Infinity,
    minTapAt: taps[0] ?? null,
    fontBreaches: fonts.filter((f) => f.size < thresholds.font - EPS),
    tapBreaches: taps.filter((t) => t.size < thresholds.tap - EPS),
    a11yBreaches: groupA11y(raw.a11y),
    layoutWarnings: groupA11y(raw.layout, true),
    texts: raw.texts.length,
    targets: raw.taps.length,
    allFonts: fonts,
    allTaps: taps,
  }
}

/**
 * Waits until the visible page has drawn its content: a page root is there, nothing says 正在加载 / 加载中, no
 * button spinner turns, and the DOM has been quiet for `quietMs`. Resolves false on timeout (the caller reports it).
 */
export async function waitForContent(page: Page, opts: { timeout?: number; quietMs?: number } = {}): Promise<boolean> {
  const timeout = opts.timeout ?? 10_000
  const quietMs = opts.quietMs ?? 300
  return page.evaluate(
    ({ timeout, quietMs }) =>
      new Promise<boolean>((resolve) => {
        const start = Date.now()
        let last = Date.now()
        const obs = new MutationObserver(() => {
          last = Date.now()
        })
        obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'style'] })
        const loading = () => {
          const root = document.querySelector('.taro_page_stationed:not(.taro_page_shade)')
          if (!root || !root.querySelector('.page, [class*="page"]')) return true
          const text = (root as HTMLElement).innerText || ''
          if (/正在加载|加载中/.test(text)) return true
          if (root.querySelector('.btn-spinner.is-on')) return true
          return false
        }
        const tick = () => {
          const now = Date.now()
          if (!loading() && now - last >= quietMs) {
            obs.disconnect()
            resolve(true)
          } else if (now - start > timeout) {
            obs.disconnect()
            resolve(false)
          } else setTimeout(tick, 50)
        }
        tick()
      }),
    { timeout, quietMs },
  )
}

/** One line per finding, for a failure message or the report. */
export function describeFindings(r: Pick<AuditResult, 'fontBreaches' | 'tapBreaches'> & { a11yBreaches?: A11yFinding[] }): string[] {
  return [
    ...(r.a11yBreaches ?? []).map((a) => `a11y ${a.problem}  ${a.where}  "${a.label}"${a.count > 1 ? ` ×${a.count}` : ''}`),
    ...r.fontBreaches.map((f) => `text ${f.size}px  ${f.where}  "${f.text}"${f.count > 1 ? ` ×${f.count}` : ''}`),
    ...r.tapBreaches.map((t) => `tap ${t.size}px (${t.width}×${t.height}, ${t.kind})  ${t.where}  "${t.label}"${t.count > 1 ? ` ×${t.count}` : ''}`),
  ]
}
