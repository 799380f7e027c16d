import type { ZodType, z } from 'zod'
import {
  ops,
  type AcceptInvitationResponse,
  type CommunityPublic,
  type InvitationPreview,
  type MicroGridOption,
  type Operation,
  type Profile,
  type Street,
} from '../../core/contracts'
import { parseInput } from './errors'
import { request } from './request'
import { setProfile } from './session'

// Joining a community (居民入驻), binding a phone and accepting an invitation: issue 11.
// Every call is derived from its operation in core/contracts (method, path, request and response schemas), so a
// moved endpoint or a changed field is one edit in the contract, and a bad input fails here like the server's 400.

const enc = encodeURIComponent

/**
 * Calls one contract operation: validates the input with `op.request`, fills `{param}` in `op.path` from it, sends
 * the rest as the query string (GET, only the values that are set: Taro would send `undefined` as text) or as the
 * body, and validates the answer with `op.response`.
 */
export async function callOp<Req extends z.ZodType, Res extends z.ZodType>(
  op: Operation<Req, Res>,
  input: z.input<Req>,
): Promise<z.output<Res>> {
  const schema = op.response as ZodType<z.output<Res>>
  const parsed = parseInput(op.request, input) as Record<string, unknown>
  const rest: Record<string, unknown> = { ...parsed }
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name]
    delete rest[name]
    return enc(String(value ?? ''))
  })
  if (op.method === 'GET' || op.method === 'DELETE') {
    const parts = Object.entries(rest)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${enc(k)}=${enc(String(v))}`)
    return request({ method: op.method, path: parts.length ? `${path}?${parts.join('&')}` : path, schema })
  }
  return request({ method: op.method, path, data: rest, schema })
}

export interface CommunityPage {
  items: CommunityPublic[]
  nextCursor: string | null
}

export async function listStreets(): Promise<Street[]> {
  const res = await callOp(ops.listStreets, {})
  return res.items
}

/** Finds communities by a fragment of the name or the 一社区一编码 code, optionally within one street. */
export async function listCommunities(params: { q?: string; streetId?: string; cursor?: string } = {}): Promise<CommunityPage> {
  const q = params.q?.trim()
  return callOp(ops.listCommunities, {
    q: q || undefined,
    streetId: params.streetId || undefined,
    cursor: params.cursor || undefined,
  })
}

/** The micro-grids (楼栋/小区) of a community, with the grid each belongs to. */
export async function listMicroGrids(communityId: string): Promise<MicroGridOption[]> {
  const res = await callOp(ops.listMicroGrids, { communityId })
  return res.items
}

/** Joins (or moves to) a community; the returned profile replaces the cached one so every page sees it. */
export async function joinCommunity(communityId: string, microGridId?: string): Promise<Profile> {
  const profile = await callOp(ops.joinCommunity, { communityId, microGridId: microGridId || undefined })
  setProfile(profile)
  return profile
}

/** Exchanges the code from `<Button openType='getPhoneNumber'>` for a bound phone number. */
export async function bindPhone(code: string): Promise<Profile> {
  const profile = await callOp(ops.bindPhone, { code })
  setProfile(profile)
  return profile
}

export async function getInvitation(code: string): Promise<InvitationPreview> {
  return callOp(ops.getInvitation, { code })
}

/** Accepts an invitation; the new roles are in the returned profile, cached at once. */
export async function acceptInvitation(code: string): Promise<AcceptInvitationResponse> {
  const res = await callOp(ops.acceptInvitation, { code })
  setProfile(res.profile)
  return res
}

/**
 * What a scanned QR code (or a pasted text) says: the value of `key=` in a link or text, else the text itself when it
 * looks like a bare code. Returns '' when nothing usable is found.
 */
export function codeFromScan(text: string, key: 'community' | 'code', bare: RegExp): string {
  const raw = (text ?? '').trim()
  if (!raw) return ''
  const m = new RegExp(`(?:^|[?&#\\s])${key}=([^&#\\s]+)`).exec(raw)
  if (m) {
    try {
      return decodeURIComponent(m[1]).trim()
    } catch {
      return m[1].trim()
    }
  }
  return bare.test(raw) ? raw : ''
}

/**
 * The value a 小程序码 carries for `key` ('c' = a community code, 'i' = an invitation code). WeChat opens the page
 * with `?scene=<the scene, URL-encoded>` and the scene holds `key=value` pairs joined by '&'.
 */
export function sceneValue(scene: string | undefined, key: 'c' | 'i'): string {
  if (!scene) return ''
  let text = scene
  try {
    text = decodeURIComponent(scene)
  } catch {
    // not encoded after all: read it as it is
  }
  for (const part of text.split('&')) {
    const [k, ...rest] = part.split('=')
    if (k === key) return rest.join('=').trim()
  }
  return ''
}

/** Names oneself (PATCH /api/me): a first WeChat login is '微信用户' until the person says who they are. */
export async function updateMyName(displayName: string): Promise<Profile> {
  const profile = await callOp(ops.updateMe, { displayName })
  setProfile(profile)
  return profile
}

/** The name a first WeChat login gets before the person names themself. */
export const UNNAMED = '微信用户'
