import Taro from '@tarojs/taro'
import type { z } from 'zod'
import { exportFileName, ops, type ExportKind } from '../../core/contracts'
import { chinaToday } from '../../core/days'
import { urlOf } from './client'
import { ApiError, apiErrorFromNetwork, apiErrorFromResponse, parseInput } from './errors'
import { clearSession, getToken, redirectToLogin } from './session'

// 导出 (issue 12): a community's or the street's records of a period as a CSV file. The request layer reads JSON only,
// so the file is fetched here, with the session's token in the Authorization header (never in the URL, which ends
// up in logs): on H5 with fetch and saved through <a download>; in WeChat with Taro.downloadFile and then handed to
// a chat (shareFileMessage: 文件传输助手 opens it on the office PC), since openDocument cannot show a CSV.

/** What to export (the path's `kind`) and the period and scope (the query). */
export type ExportInput = z.input<typeof ops.exportData.params> & z.input<typeof ops.exportData.query>

export const EXPORT_TIMEOUT_MS = 60_000

/** What happened to the file: saved by the browser, shared to a chat, or downloaded but not shared (cancelled). */
export type ExportOutcome = 'saved' | 'shared' | 'downloaded'

/** The export's URL under the API base; the input is checked with the contract first (a 400 without a round trip). */
export function exportUrl({ kind, ...query }: ExportInput): { url: string; fileName: string } {
  // parsed here for the defaults (format) that the URL must name; urlOf checks the kind
  const v = parseInput(ops.exportData.query, query)
  const url = urlOf(ops.exportData, { kind }, { communityId: v.communityId, streetId: v.streetId, from: v.from, to: v.to, format: v.format })
  return { url, fileName: exportFileName({ kind, from: v.from, to: v.to }) }
}

function authHeader(): Record<string, string> {
  const token = getToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

function failed(status: number, body: unknown): ApiError {
  const err = apiErrorFromResponse(status, body)
  if (status === 401) {
    clearSession()
    redirectToLogin()
  }
  return err
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Downloads the export and hands it to the person (see the top of this file). Throws ApiError with a Chinese message. */
export async function downloadExport(input: ExportInput): Promise<ExportOutcome> {
  const { url, fileName } = exportUrl(input)
  return process.env.TARO_ENV === 'weapp' ? downloadInWeapp(url, fileName) : downloadInBrowser(url, fileName)
}

async function downloadInBrowser(url: string, fileName: string): Promise<ExportOutcome> {
  const controller = typeof AbortController === 'function' ? new AbortController() : null
  const timer = controller ? setTimeout(() => controller.abort(), EXPORT_TIMEOUT_MS) : null
  let res: Response
  let blob: Blob
  try {
    res = await fetch(url, { headers: authHeader(), signal: controller?.signal })
    if (!res.ok) throw failed(res.status, parseJson(await res.text()))
    blob = await res.blob()
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw apiErrorFromNetwork(err)
  } finally {
    if (timer) clearTimeout(timer)
  }
  // the server's bytes as they are: the BOM stays, so Excel reads the Chinese
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  document.body.removeChild(a)
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
  return 'saved'
}

interface WxFileApis {
  shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown>
}

async function downloadInWeapp(url: string, fileName: string): Promise<ExportOutcome> {
  let res: { statusCode: number; tempFilePath: string }
  try {
    res = await Taro.downloadFile({ url, header: authHeader(), timeout: EXPORT_TIMEOUT_MS } as Taro.downloadFile.Option)
  } catch (err) {
    throw apiErrorFromNetwork(err)
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    // the error body was saved as the file: read it for the server's message
    let body: unknown = null
    try {
      body = parseJson(String(Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8')))
    } catch {}
    throw failed(res.statusCode, body)
  }
  const share = (Taro as unknown as WxFileApis).shareFileMessage
  if (typeof share !== 'function') return 'downloaded'
  try {
    await share({ filePath: res.tempFilePath, fileName })
    return 'shared'
  } catch {
    // the person closed the chat picker: the file is there, nothing went wrong
    return 'downloaded'
  }
}

// --- periods ------------------------------------------------------------------------------------------

export type PeriodPreset = 'this_month' | 'last_month' | 'this_year' | 'custom'
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['this_month', 'last_month', 'this_year', 'custom']
export const PERIOD_LABELS: Record<PeriodPreset, string> = { this_month: '本月', last_month: '上月', this_year: '今年', custom: '自定义' }

const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`

/** Today in Beijing as YYYY-MM-DD: the office's calendar, wherever the phone's clock is set. */
export const beijingToday = chinaToday

/** A preset's first and last day, in Beijing's calendar (本月 and 今年 end today). */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, now: Date = new Date()): { from: string; to: string } {
  const today = beijingToday(now)
  const [y, m] = today.split('-').map(Number)
  if (preset === 'this_month') return { from: ymd(y, m, 1), to: today }
  if (preset === 'this_year') return { from: ymd(y, 1, 1), to: today }
  const ly = m === 1 ? y - 1 : y
  const lm = m === 1 ? 12 : m - 1
  const last = new Date(Date.UTC(ly, lm, 0)).getUTCDate()
  return { from: ymd(ly, lm, 1), to: ymd(ly, lm, last) }
}

export type { ExportKind }
