import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../helpers/api'
import { ops } from '../../core/contracts/api'

describe('HTTP plumbing', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi('plumbing')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('a wrong method → 405 with Allow', async () => {
    const r = await api.call('DELETE', '/api/needs')
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toBe('GET, POST')
    const m = await api.call('POST', '/api/me')
    expect(m.status).toBe(405)
    expect(m.headers.get('allow')).toBe('GET, PATCH')
  })

  it('an unknown endpoint → 404 JSON', async () => {
    const r = await api.call('GET', '/api/nothing-here')
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('request.not_found')
  })

  it('a body over the limit → 413', async () => {
    const token = await api.login('resident1')
    const r = await api.call('POST', '/api/needs', { token, raw: JSON.stringify({ title: 'x', description: 'y'.repeat(70_000) }) })
    expect(r.status).toBe(413)
    expect(r.body.error.message).toMatch(/太大/)
  })

  it('GET /api/openapi.json lists every operation, generated from the contracts', async () => {
    const r = await api.call('GET', '/api/openapi.json')
    expect(r.status).toBe(200)
    expect(r.body.openapi).toBe('3.1.0')
    for (const o of Object.values(ops)) {
      expect(r.body.paths[o.path]?.[o.method.toLowerCase()]?.operationId, o.id).toBe(o.id)
    }
    const create = r.body.paths['/api/needs'].post
    expect(create.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['title', 'description', 'category']))
    expect(create.requestBody.content['application/json'].schema.properties.category.enum).toContain('facility_repair')
    expect(Object.keys(r.body.paths['/api/volunteers/report'].get.responses['200'].content)).toEqual(['text/csv'])
    const get = r.body.paths['/api/needs/{id}'].get
    expect(get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true })
  })
})
