import { describe, expect, it } from 'vitest'
import {
  ApiError,
  NETWORK_ERROR_MESSAGE,
  TIMEOUT_ERROR_MESSAGE,
  apiErrorFromNetwork,
  apiErrorFromResponse,
  errorMessage,
  fieldErrors,
  parseInput,
} from './errors'
import { ZCreateNeedRequest } from '../../core/contracts'

describe('apiErrorFromResponse', () => {
  it('keeps the server code, Chinese message and field', () => {
    const err = apiErrorFromResponse(400, { error: { code: 'validation', message: '标题至少 4 个字', field: 'title' } })
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'validation', message: '标题至少 4 个字', field: 'title' })
  })

  it('falls back to a Chinese message by status when the body is not an error body', () => {
    expect(apiErrorFromResponse(502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, code: 'server_error', message: '服务暂时不可用，请稍后再试' })
    expect(apiErrorFromResponse(401, null)).toMatchObject({ code: 'unauthorized', message: '登录已过期，请重新登录' })
    expect(apiErrorFromResponse(403, {})).toMatchObject({ code: 'forbidden', message: '您没有权限进行这个操作' })
    expect(apiErrorFromResponse(404, { error: 'nope' })).toMatchObject({ code: 'not_found', message: '要找的内容不存在或已被删除' })
    expect(apiErrorFromResponse(400, undefined).field).toBeUndefined()
  })
})

describe('apiErrorFromNetwork', () => {
  it('recognises a weapp timeout and an H5 abort as timeouts', () => {
    expect(apiErrorFromNetwork({ errMsg: 'request:fail timeout' })).toMatchObject({ status: 0, code: 'timeout', message: TIMEOUT_ERROR_MESSAGE })
    expect(apiErrorFromNetwork(Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' }))).toMatchObject({ code: 'timeout' })
  })

  it('maps any other failure to the network message', () => {
    expect(apiErrorFromNetwork({ errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' })).toMatchObject({ status: 0, code: 'network', message: NETWORK_ERROR_MESSAGE })
    expect(apiErrorFromNetwork(new TypeError('Failed to fetch'))).toMatchObject({ code: 'network' })
    expect(apiErrorFromNetwork(undefined)).toMatchObject({ code: 'network' })
  })
})

describe('errorMessage', () => {
  it('shows an ApiError as is and hides anything else behind a Chinese message', () => {
    expect(errorMessage(new ApiError(403, 'forbidden', '没有权限'))).toBe('没有权限')
    expect(errorMessage(new Error('TypeError: x is undefined'))).toBe('出了点问题，请稍后再试')
  })
})

describe('fieldErrors / parseInput', () => {
  it('keeps the first message of each field', () => {
    const res = ZCreateNeedRequest.safeParse({ title: 'ab', description: 'short' })
    expect(res.success).toBe(false)
    if (res.success) return
    expect(fieldErrors(res.error.issues)).toEqual({
      title: '标题至少 4 个字',
      description: '描述至少 10 个字，请说清楚遇到了什么问题',
      category: '请选择需求类别',
    })
  })

  it('throws a 400 ApiError naming the field, like the server', () => {
    expect(() => parseInput(ZCreateNeedRequest, { title: '楼道灯坏了', description: '三号楼二单元楼道灯坏了一周', category: 'bogus' }))
      .toThrow(expect.objectContaining({ status: 400, code: 'validation', field: 'category', message: '请选择需求类别' }))
  })

  it('returns the parsed (trimmed) value on success', () => {
    const body = parseInput(ZCreateNeedRequest, { title: '  楼道灯坏了 ', description: '三号楼二单元楼道灯坏了一周', category: 'facility_repair' })
    expect(body.title).toBe('楼道灯坏了')
  })
})
