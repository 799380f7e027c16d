/**
 * H5: a page's code is fetched when the person first opens it. Offline, that fetch fails (webpack's
 * ChunkLoadError) and the tap did nothing at all. This listens for the failure and shows a notice with
 * 重试, which loads the page again. WeChat downloads subpackages itself and shows its own message.
 */
const NOTICE_ID = 'gz-offline'
export const OFFLINE_TEXT = '网络不给力，页面没有打开。请检查网络后点重试。'

export function isChunkLoadError(reason: unknown): boolean {
  if (!reason || typeof reason !== 'object') return false
  const e = reason as { name?: unknown; message?: unknown }
  return e.name === 'ChunkLoadError' || (typeof e.message === 'string' && /Loading (CSS )?chunk [\w-]+ failed/i.test(e.message))
}

export function showOfflineNotice(retry: () => void = () => window.location.reload()): void {
  if (typeof document === 'undefined' || document.getElementById(NOTICE_ID)) return
  const box = document.createElement('div')
  box.id = NOTICE_ID
  box.className = 'gz-offline'
  box.setAttribute('role', 'alert')
  const text = document.createElement('span')
  text.className = 'gz-offline-text'
  text.textContent = OFFLINE_TEXT
  const button = document.createElement('button')
  button.className = 'gz-offline-retry'
  button.type = 'button'
  button.textContent = '重试'
  button.setAttribute('aria-label', '重试，重新打开页面')
  button.addEventListener('click', () => {
    box.remove()
    retry()
  })
  box.append(text, button)
  document.body.appendChild(box)
}

export function installOfflineNotice(): void {
  if (typeof window === 'undefined') return
  window.addEventListener('unhandledrejection', (event) => {
    if (isChunkLoadError(event.reason)) {
      event.preventDefault()
      showOfflineNotice()
    }
  })
  window.addEventListener('error', (event) => {
    if (isChunkLoadError(event.error)) showOfflineNotice()
  })
}
