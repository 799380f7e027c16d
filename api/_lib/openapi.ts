import { z } from 'zod'
import { ops, type Operation } from '../../core/contracts/api'
import { ZErrorBody } from '../../core/contracts/common'

/** OpenAPI 3.1 generated from the operation registry and its zod contracts, never written by hand. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  const errorSchema = z.toJSONSchema(ZErrorBody, { target: 'draft-2020-12' })
  const json = (schema: z.ZodType, io: 'input' | 'output') =>
    z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }
  for (const o of Object.values(ops) as Operation[]) {
    const params = json(o.params, 'input')
    const query = json(o.query, 'input')
    const parameters: unknown[] = [
      ...Object.entries(params.properties ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
      ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
        name, in: 'query', required: query.required?.includes(name) ?? false, schema,
      })),
    ]
    const entry: Record<string, unknown> = {
      operationId: o.id,
      summary: o.summary,
      tags: o.tags,
      ...(o.auth === 'required' ? { security: [{ bearer: [] }] } : {}),
      responses: {
        ...Object.fromEntries(Object.entries(o.responses).map(([status, schema]) => [status, {
          description: 'OK',
          content: { [o.produces ?? 'application/json']: { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } },
        }])),
        default: { description: '错误', content: { 'application/json': { schema: errorSchema } } },
      },
    }
    if (o.method !== 'GET' && o.method !== 'DELETE') {
      entry.requestBody = { required: true, content: { 'application/json': { schema: json(o.body, 'input') } } }
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
