/**
 * The shared need fixtures (miniapp/testing/fixtures.ts) with the fields issue 15 added to the contracts: every need
 * carries its 受理编号, a detail its outcome card and its story.
 */
import type { NeedDetail, NeedFull, NeedStoryItem, SimilarNeed } from '../../../core/contracts'
import * as base from '../../testing/fixtures'

export * from '../../testing/fixtures'

export const REF_NO = 'HP-20261122-0001'

export function needFull(overrides: Partial<NeedFull> = {}): NeedFull {
  return base.needFull({ refNo: REF_NO, ...overrides })
}

export function needDetail(overrides: Partial<NeedDetail> = {}): NeedDetail {
  return base.needDetail({ ...needFull(), outcome: null, story: [], ...overrides })
}

export function similar(overrides: Partial<SimilarNeed> = {}): SimilarNeed {
  return base.similar({ refNo: 'HP-20261120-0003', ...overrides })
}

export function storyItem(overrides: Partial<NeedStoryItem> = {}): NeedStoryItem {
  return { kind: 'submitted', at: base.at('11-22T06:30:00Z'), title: '提交需求', detail: null, photos: [], actorName: '张阿姨', link: null, ...overrides }
}
