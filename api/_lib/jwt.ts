import { SignJWT, jwtVerify } from 'jose'
import { DomainError } from '../../core/errors'
import type { Claims } from './db/types'

const enc = new TextEncoder()

export interface PersonClaims {
  sub: string
  community_id: string | null
  app_roles: string[]
}

/** A token PostgREST accepts as-is: HS256, role `authenticated`, `sub` = profile id. */
export async function signToken(secret: string, c: PersonClaims, ttlSeconds: number): Promise<string> {
  return new SignJWT({ role: 'authenticated', community_id: c.community_id, app_roles: c.app_roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(c.sub)
    .setAudience('authenticated')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(enc.encode(secret))
}

/** Signs arbitrary claims (the supabase adapter forwards the caller's claims to PostgREST). */
export async function signClaims(secret: string, claims: Claims, ttlSeconds = 60): Promise<string> {
  const { exp: _exp, iat: _iat, ...rest } = claims as Claims & { exp?: number; iat?: number }
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(enc.encode(secret))
}

export async function verifyToken(secret: string, token: string): Promise<Claims> {
  try {
    const { payload } = await jwtVerify(token, enc.encode(secret), { algorithms: ['HS256'], audience: 'authenticated' })
    if (payload.role !== 'authenticated' || typeof payload.sub !== 'string') {
      throw new Error('not a person token')
    }
    return payload as unknown as Claims
  } catch {
    throw new DomainError('auth.invalid_token')
  }
}
