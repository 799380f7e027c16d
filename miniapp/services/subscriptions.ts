import Taro from '@tarojs/taro'
import { TEMPLATE_GROUPS, type TemplateGroup } from '../../core/contracts'
import { api } from './client'

// WeChat subscribe messages (订阅消息, issue 12). WeChat shows its "allow" sheet only from a tap, and each allowance
// lets the server send one message of that template, so the pages ask at the tap that will later cause a message
// (submitting a need, claiming a slot, registering for a meeting, redeeming) and report the answer by template group.
//
// The template ids come from the server (getSubscriptions: its configuration is the one source), cached here
// and in storage: the sheet must open before anything is awaited, so `askToSubscribe` uses what is cached and
// `prepareSubscribe` (on page show) fetches it ahead. Nothing here may block or fail the action it accompanies.

const STORAGE_KEY = 'subscribe-templates'
/** Refetch the ids after this long (a template changed in the WeChat console). */
const FRESH_MS = 12 * 3600_000
/** WeChat takes at most three template ids per request. */
const MAX_PER_REQUEST = 3

type Templates = Record<TemplateGroup, string | null>
interface Cached {
  at: number
  templates: Templates
}

let memory: Cached | null = null
let loading: Promise<void> | null = null

const isWeapp = () => process.env.TARO_ENV === 'weapp'

function warn(what: string, e: unknown) {
  console.warn(`[subscribe] ${what}`, e)
}

function cached(): Cached | null {
  if (memory) return memory
  try {
    const v = Taro.getStorageSync(STORAGE_KEY) as Cached | ''
    if (v && typeof v === 'object' && typeof v.at === 'number' && v.templates && typeof v.templates === 'object') memory = v
  } catch (e) {
    warn('storage', e)
  }
  return memory
}

/** Fetches the template ids unless a fresh copy is cached; never throws. Call it when a page that asks is shown. */
export function prepareSubscribe(): Promise<void> {
  if (!isWeapp()) return Promise.resolve()
  const c = cached()
  if (c && Date.now() - c.at < FRESH_MS) return Promise.resolve()
  if (!loading) {
    loading = api.subscriptions.getSubscriptions()
      .then((r) => {
        memory = { at: Date.now(), templates: r.templates }
        Taro.setStorageSync(STORAGE_KEY, memory)
      })
      .catch((e) => warn('template ids', e))
      .finally(() => (loading = null))
  }
  return loading
}

/**
 * Asks the person to allow the messages of `groups` (WeChat's sheet) and tells the server what they allowed.
 * Call it synchronously in the tap handler, before awaiting the action's request; do not await it. A no-op on H5,
 * for groups without a configured template, and before the ids were ever fetched (it fetches them for next time).
 */
export function askToSubscribe(groups: readonly TemplateGroup[]): Promise<void> {
  try {
    if (!isWeapp()) return Promise.resolve()
    const c = cached()
    if (!c) {
      void prepareSubscribe()
      return Promise.resolve()
    }
    const groupsOf = new Map<string, TemplateGroup[]>()
    for (const g of groups) {
      const id = TEMPLATE_GROUPS.includes(g) ? c.templates[g] : null
      if (id) groupsOf.set(id, [...(groupsOf.get(id) ?? []), g])
    }
    const tmplIds = [...groupsOf.keys()].slice(0, MAX_PER_REQUEST)
    if (tmplIds.length === 0) return Promise.resolve()
    // Taro's type mixes in the device-subscription fields; a mini-program passes only tmplIds
    const sheet = Taro.requestSubscribeMessage({ tmplIds } as unknown as Taro.requestSubscribeMessage.Option)
    return Promise.resolve(sheet)
      .then((res) => {
        const answers = res as unknown as Record<string, unknown>
        const accepted: TemplateGroup[] = []
        const rejected: TemplateGroup[] = []
        for (const id of tmplIds) {
          const a = answers[id]
          // 'accept'; 'reject', 'ban' (template banned) and 'filter' (filtered by WeChat) all mean no allowance
          if (a === 'accept') accepted.push(...groupsOf.get(id)!)
          else if (typeof a === 'string') rejected.push(...groupsOf.get(id)!)
        }
        if (accepted.length === 0 && rejected.length === 0) return
        return api.subscriptions.recordSubscriptions({ body: { accepted, rejected } }).then(() => undefined)
      })
      .catch((e) => warn('request', e))
      .finally(() => {
        if (Date.now() - c.at >= FRESH_MS) void prepareSubscribe()
      })
  } catch (e) {
    warn('request', e)
    return Promise.resolve()
  }
}

/** For tests: forget the cached ids. */
export function resetSubscribeCache(): void {
  memory = null
  loading = null
}
