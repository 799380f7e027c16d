import { afterEach, describe, expect, it, vi } from 'vitest'
import { OFFLINE_TEXT, installOfflineNotice, isChunkLoadError, showOfflineNotice } from './offline'

afterEach(() => {
  document.body.innerHTML = ''
})

function chunkError(): Error {
  const e = new Error('Loading chunk 812 failed.\n(error: http://localhost/js/812.js)')
  e.name = 'ChunkLoadError'
  return e
}

describe('offline notice', () => {
  it('recognises webpack\'s chunk failures only', () => {
    expect(isChunkLoadError(chunkError())).toBe(true)
    expect(isChunkLoadError({ message: 'Loading CSS chunk packageNeeds-pages failed' })).toBe(true)
    expect(isChunkLoadError(new Error('需求不存在'))).toBe(false)
    expect(isChunkLoadError('Loading chunk 1 failed')).toBe(false)
    expect(isChunkLoadError(null)).toBe(false)
  })

  it('shows once, as an alert with 重试; 重试 removes it and retries', () => {
    const retry = vi.fn()
    showOfflineNotice(retry)
    showOfflineNotice(retry)
    const boxes = document.querySelectorAll('#gz-offline')
    expect(boxes).toHaveLength(1)
    expect(boxes[0].getAttribute('role')).toBe('alert')
    expect(boxes[0].textContent).toContain(OFFLINE_TEXT)
    const button = document.querySelector('.gz-offline-retry') as HTMLButtonElement
    expect(button.textContent).toBe('重试')
    button.click()
    expect(retry).toHaveBeenCalledTimes(1)
    expect(document.getElementById('gz-offline')).toBeNull()
  })

  it('an unhandled ChunkLoadError rejection shows the notice; another rejection does not', () => {
    installOfflineNotice()
    const other = new Event('unhandledrejection') as Event & { reason?: unknown }
    other.reason = new Error('something else')
    window.dispatchEvent(other)
    expect(document.getElementById('gz-offline')).toBeNull()

    const event = new Event('unhandledrejection', { cancelable: true }) as Event & { reason?: unknown }
    event.reason = chunkError()
    window.dispatchEvent(event)
    expect(document.getElementById('gz-offline')?.textContent).toContain('网络不给力')
    expect(event.defaultPrevented).toBe(true)
  })

  it('a ChunkLoadError thrown as an error event shows it too', () => {
    installOfflineNotice()
    window.dispatchEvent(new ErrorEvent('error', { error: chunkError() }))
    expect(document.getElementById('gz-offline')).not.toBeNull()
  })
})
