import type { AcceptInvitationResponse, InvitationPreview, MicroGridOption, Profile, Street } from '../../core/contracts'
import { api } from './client'
import { setProfile } from './session'

// Joining a community (居民入驻), binding a phone and accepting an invitation: issue 11.
// Each call is its operation in core/contracts (method, path, schemas), so a moved endpoint or a changed field is one
// edit in the contract, and a bad input fails here like the server's 400.

const j = api.admin

export async function listStreets(): Promise<Street[]> {
  return (await j.listStreets()).items
}

/** Finds communities by a fragment of the name or the 一社区一编码 code, optionally within one street. */
export function listCommunities(params: { q?: string; streetId?: string; cursor?: string } = {}) {
  const q = params.q?.trim()
  return j.listCommunities({ query: { q: q || undefined, streetId: params.streetId || undefined, cursor: params.cursor || undefined } })
}

/** The micro-grids (楼栋/小区) of a community, with the grid each belongs to. */
export async function listMicroGrids(communityId: string): Promise<MicroGridOption[]> {
  return (await j.listMicroGrids({ params: { communityId } })).items
}

/** Joins (or moves to) a community; the returned profile replaces the cached one so every page sees it. */
export async function joinCommunity(communityId: string, microGridId?: string): Promise<Profile> {
  const profile = await j.joinCommunity({ body: { communityId, microGridId: microGridId || undefined } })
  setProfile(profile)
  return profile
}

/** Exchanges the code from `<Button openType='getPhoneNumber'>` for a bound phone number. */
export async function bindPhone(code: string): Promise<Profile> {
  const profile = await j.bindPhone({ body: { code } })
  setProfile(profile)
  return profile
}

export function getInvitation(code: string): Promise<InvitationPreview> {
  return j.getInvitation({ params: { code } })
}

/** Accepts an invitation; the new roles are in the returned profile, cached at once. */
export async function acceptInvitation(code: string): Promise<AcceptInvitationResponse> {
  const res = await j.acceptInvitation({ params: { code } })
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

/** Names oneself (updateMe): a first WeChat login is '微信用户' until the person says who they are. */
export async function updateMyName(displayName: string): Promise<Profile> {
  const profile = await api.me.updateMe({ body: { displayName } })
  setProfile(profile)
  return profile
}

/** The name a first WeChat login gets before the person names themself. */
export const UNNAMED = '微信用户'
