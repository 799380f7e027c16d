import {
  ZCreateNeedRequest,
  ZCreateNeedResponse,
  ZGetNeedResponse,
  ZListMyNeedsResponse,
  type CreateNeedRequest,
  type Need,
} from '../../core/contracts'
import { parseInput } from './errors'
import { request } from './request'

/** Validates with the same contract as the server, so a bad form never costs a round trip. */
export async function createNeed(input: CreateNeedRequest): Promise<Need> {
  const body = parseInput(ZCreateNeedRequest, input)
  return request({ method: 'POST', path: '/api/needs', data: body, schema: ZCreateNeedResponse })
}

export async function listMyNeeds(): Promise<Need[]> {
  const res = await request({ path: '/api/needs/mine', schema: ZListMyNeedsResponse })
  return res.items
}

export async function getNeed(id: string): Promise<Need> {
  return request({ path: `/api/needs/${encodeURIComponent(id)}`, schema: ZGetNeedResponse })
}
