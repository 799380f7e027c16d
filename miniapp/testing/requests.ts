/**
 * The Taro.request spy as the service tests use it: start signed in, answer the next requests, read what a call sent.
 * (Each test file still declares its own vi.mock('@tarojs/taro', …), since vitest hoists it per file.)
 */
import { Taro, resetTaroMock, storage } from './taroMock'

/** What a service handed to Taro.request. */
export type SentRequest = { url: string; method: string; data?: unknown; dataType?: string; header: Record<string, string> }

/** Resets the mock and stores a token, as after logging in. */
export function resetSignedIn(): void {
  resetTaroMock()
  storage.set('token', 'tok')
}

/** Every following request answers `data` with `statusCode`. */
export const ok = (data: unknown, statusCode = 200) => Taro.request.mockResolvedValue({ statusCode, data })

/** The options of the `i`-th request. */
export const sent = (i = 0) => Taro.request.mock.calls[i][0] as SentRequest
