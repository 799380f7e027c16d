import { z } from 'zod'
import { ops, type Operation } from '../../core/contracts/api'
import { ZErrorBody } from '../../core/contracts/common'

/** OpenAPI 3.1 generated from the operation registry and its zod contracts, never written by hand. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  const errorSchema = z.toJSONSchema(ZErrorBody, { target: 'draft-2020-12' })
  for (const o of Object.values(ops) as Operation[]) {
    const pathParams = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
    const reqSchema = z.toJSONSchema(o.request, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, unknown>
      required?: string[]
    }
    const parameters: unknown[] = pathParams.map((name) => ({
      name, in: 'path', required: true, schema: reqSchema.properties?.[name] ?? { type: 'string' },
    }))
    const entry: Record<string, unknown> = {
      operationId: o.id,
      summary: o.summary,
      tags: o.tags,
      ...(o.auth === 'required' ? { security: [{ bearer: [] }] } : {}),
      responses: {
        [String(o.status)]: {
          description: 'OK',
          content: { [o.produces ?? 'application/json']: { schema: z.toJSONSchema(o.response, { io: 'output', unrepresentable: 'any' }) } },
        },
        default: { description: '错误', content: { 'application/json': { schema: errorSchema } } },
      },
    }
    if (o.method === 'GET' || o.method === 'DELETE') {
      for (const [name, schema] of Object.entries(reqSchema.properties ?? {})) {
        if (pathParams.includes(name)) continue
        parameters.push({ name, in: 'query', required: reqSchema.required?.includes(name) ?? false, schema })
      }
    } else {
      entry.requestBody = { required: true, content: { 'application/json': { schema: reqSchema } } }
    }
    if (parameters.length) entry.parameters = parameters
    paths[o.path] = { ...(paths[o.path] ?? {}), [o.method.toLowerCase()]: entry }
  }
  return {
    openapi: '3.1.0',
    info: { title: '共治 Gongzhi API', version: '0.1.0', description: '社区需求、资源、服务与议事的接口' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  }
}
