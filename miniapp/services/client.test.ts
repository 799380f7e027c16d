import { beforeEach, describe, expect, it, vi } from 'vitest'
import { contract, ops } from '../../core/contracts/api'
import { ok, resetSignedIn, sent } from '../testing/requests'
import { Taro } from '../testing/taroMock'
import { api, call, flat, pathOf, urlOf } from './client'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const ID = '00000000-0000-4000-8000-000000000001'

beforeEach(resetSignedIn)

describe('the client derived from the contracts', () => {
  it('has every operation of the registry under its domain, and no other', () => {
    const derived = Object.entries(api).flatMap(([d, fns]) => Object.keys(fns).map((k) => `${d}.${k}`)).sort()
    const declared = Object.entries(contract).flatMap(([d, o]) => Object.keys(o).map((k) => `${d}.${k}`)).sort()
    expect(derived).toEqual(declared)
    expect(derived.length).toBe(Object.keys(ops).length)
  })

  it('every operation is registered under its own id', () => {
    expect(Object.entries(ops).filter(([k, o]) => k !== o.id).map(([k]) => k)).toEqual([])
  })

  it('fills the path from params and encodes them; the query keeps its order and leaves empty values out', () => {
    expect(pathOf(ops.getNeed, { id: ID })).toBe(`/api/needs/${ID}`)
    expect(pathOf(ops.listNeeds, {}, { status: 'submitted', track: undefined, q: '', overdue: 'true', limit: 20 }))
      .toBe('/api/needs?status=submitted&overdue=true&limit=20')
    expect(urlOf(ops.listMyNeeds)).toBe('/api/needs/mine')
  })

  it('refuses a malformed path parameter before sending, naming it', async () => {
    await expect(api.needs.getNeed({ params: { id: 'not-an-id' } })).rejects.toMatchObject({ status: 400, field: 'id' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('refuses a bad body before sending, naming the field, in Chinese', async () => {
    await expect(api.needs.evaluateNeed({ params: { id: ID }, body: { rating: 9 } }))
      .rejects.toMatchObject({ status: 400, field: 'rating', message: '请选择 1 到 5 星' })
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('sends the method from the contract and the parsed body (trimmed), with the session token', async () => {
    ok({ id: ID, followers: 2, following: true })
    await api.needs.followNeed({ params: { id: ID } })
    expect(sent()).toMatchObject({ url: `/api/needs/${ID}/follow`, method: 'POST', header: { Authorization: 'Bearer tok' } })
  })

  it('a GET has no body; the answer is checked against the response schema', async () => {
    ok({ items: 'not a list' })
    await expect(api.needs.listMyNeeds()).rejects.toMatchObject({ code: 'bad_response' })
    expect(sent().data).toBeUndefined()
    expect(sent().method).toBe('GET')
  })

  it('an operation without login sends no token (the login endpoints)', async () => {
    ok({ token: 'x'.repeat(20) })
    await call(ops.devLogin, { body: { handle: 'resident1' } }).catch(() => {})
    expect(sent().url).toBe('/api/auth/dev')
    expect(sent().header.Authorization).toBeUndefined()
  })

  it('flat(): the one object an edit form hands over is split by name into the path and the body', async () => {
    ok({})
    await flat(ops.evaluateNeed)({ id: ID, rating: 5, comment: '很及时' }).catch(() => {})
    expect(sent()).toMatchObject({ url: `/api/needs/${ID}/evaluate`, method: 'POST', data: { rating: 5, comment: '很及时' } })
    expect((sent().data as Record<string, unknown>).id).toBeUndefined()
  })
})
