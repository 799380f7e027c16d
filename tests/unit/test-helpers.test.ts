import { describe, expect, it } from 'vitest'
import type { Gateway } from '../../api/_lib/db/types'
import { DomainError } from '../../core/errors'
import { walkPages, type TestApi } from '../helpers/api'
import { failure, walkList } from '../helpers/db'

// The shared test helpers that check things themselves: they must fail a test where the inlined steps did.

/** A keyset-paged list of `rows` served `limit` at a time, the cursor being the next offset. */
function paged<T>(rows: T[], limit: number, cursor: string | null) {
  const from = cursor ? Number(cursor) : 0
  const items = rows.slice(from, from + limit)
  return { items, nextCursor: from + limit < rows.length ? String(from + limit) : null }
}

describe('failure', () => {
  it('gives the DomainError a call is refused with', async () => {
    const e = await failure(Promise.reject(new DomainError('list.cursor_invalid', undefined, 'cursor')))
    expect([e.code, e.field]).toEqual(['list.cursor_invalid', 'cursor'])
  })
  it('fails when the call succeeds or fails otherwise', async () => {
    await expect(failure(Promise.resolve(1))).rejects.toThrow('expected a DomainError, the call succeeded')
    await expect(failure(Promise.reject(new TypeError('boom')))).rejects.toThrow('boom')
  })
})

describe('walkList', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}` }))
  const db = (list: { id: string }[], pageSize?: number) =>
    ({
      rpc: async (_fn: string, args: { p_cursor: string | null; p_limit: number }) => paged(list, pageSize ?? args.p_limit, args.p_cursor),
    }) as unknown as Gateway

  it('walks every page to the end and gives the rows in order', async () => {
    const walked = await walkList<{ id: string }>(db(rows), 'x_list', {}, 'resident1', 2)
    expect(walked.ids).toEqual(['r0', 'r1', 'r2', 'r3', 'r4'])
    expect(walked.pages.map((p) => p.length)).toEqual([2, 2, 1])
  })
  it('fails on a row repeated across pages, a page over the limit, or a short page that is not the last', async () => {
    await expect(walkList(db([...rows, rows[0]]), 'x_list', {}, 'resident1', 2)).rejects.toThrow(/a row repeated/)
    await expect(walkList(db(rows, 3), 'x_list', {}, 'resident1', 2)).rejects.toThrow()
    const short = { rpc: async (_fn: string, a: { p_cursor: string | null }) => (a.p_cursor ? paged(rows, 2, a.p_cursor) : { items: [rows[0]], nextCursor: '1' }) }
    await expect(walkList(short as unknown as Gateway, 'x_list', {}, 'resident1', 2)).rejects.toThrow()
  })
})

describe('walkPages', () => {
  const api = (list: { id: string }[], status = 200) =>
    ({
      call: async (_method: string, url: string) => {
        const q = new URL(url, 'http://x').searchParams
        return { status, body: paged(list, Number(q.get('limit')), q.get('cursor')), headers: new Headers() }
      },
    }) as unknown as TestApi
  const parse = (b: unknown) => b as { items: { id: string }[]; nextCursor: string | null }

  it('follows the cursor to the last page', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}` }))
    expect(await walkPages(api(rows), '/api/x?communityId=a', 'token', 2, parse)).toEqual({ ids: ['r0', 'r1', 'r2', 'r3', 'r4'], pages: 3 })
  })
  it('fails on an error status or a repeated row', async () => {
    await expect(walkPages(api([{ id: 'a' }], 403), '/api/x', 'token', 2, parse)).rejects.toThrow()
    await expect(walkPages(api([{ id: 'a' }, { id: 'b' }, { id: 'a' }]), '/api/x', 'token', 2, parse)).rejects.toThrow()
  })
})
