import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCommunity, getCommunityStructure, updateCommunity } from '../../../services/admin'
import { ApiError } from '../../../services/errors'
import { Taro, resetTaroMock, router, storage } from '../../../testing/taroMock'
import { COMMUNITY_B, STREET, community, loginAs, modalArgs, structure } from '../../testing/fixtures'
import CommunityFormPage from './index'

vi.mock('@tarojs/taro', async () => (await import('../../../testing/taroMock')).taroModule)
vi.mock('../../../services/admin', () => ({ createCommunity: vi.fn(), updateCommunity: vi.fn(), getCommunityStructure: vi.fn() }))

const create = vi.mocked(createCommunity)
const update = vi.mocked(updateCommunity)
const load = vi.mocked(getCommunityStructure)

beforeEach(() => {
  resetTaroMock()
  for (const fn of [create, update, load]) fn.mockReset()
  loginAs('street_admin')
  router.params = { streetId: STREET }
})
afterEach(cleanup)

function open() {
  const r = render(<CommunityFormPage />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  return { ...r, q, type, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('新建社区 form', () => {
  it('names what is missing; sends the classification; shows the generated code and offers 去建网格', async () => {
    create.mockResolvedValue(community({ id: COMMUNITY_B, name: '光明社区', code: '320106-02-B3-002' }))
    const f = open()
    f.click('.cf-submit')
    await waitFor(() => expect(f.q('.field-error-name')?.textContent).toBe('请填写社区名称'))
    expect(f.q('.field-error-scale')?.textContent).toBe('请选择社区规模')
    expect(f.q('.field-error-subtype')?.textContent).toBe('请选择社区细分类型')
    expect(create).not.toHaveBeenCalled()

    await f.type('.cf-name input', '光明社区')
    f.click('.cf-scale-large')
    f.click('.cf-function-rural')
    f.click('.cf-subtype-village_to_residential')
    expect(f.q('.cf-scale-large')?.className).toContain('is-selected')
    expect(f.q('.cf-branch-leads')?.className).toContain('is-on')
    f.click('.cf-branch-leads')
    f.click('.cf-submit')
    await waitFor(() => expect(create).toHaveBeenCalled())
    expect(create).toHaveBeenCalledWith({ streetId: STREET, name: '光明社区', scale: 'large', function: 'rural', subtype: 'village_to_residential', branchSecretaryLeadsGrid: false })
    await waitFor(() => expect(f.q('.cf-code')?.textContent).toBe('320106-02-B3-002'))
    f.click('.cf-go-structure')
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/packageAdmin/pages/structure/index?communityId=${COMMUNITY_B}` })
  })

  it('a 400 from the server lands at its field and keeps what was typed', async () => {
    create.mockRejectedValue(new ApiError(400, 'community.name_taken', '街道里已有同名社区', 'name'))
    const f = open()
    await f.type('.cf-name input', '和平社区')
    f.click('.cf-scale-general')
    f.click('.cf-function-urban')
    f.click('.cf-subtype-mixed')
    f.click('.cf-submit')
    await waitFor(() => expect(f.q('.field-error-name')?.textContent).toBe('街道里已有同名社区'))
    expect(f.q('.cf-name')?.className).toContain('has-error')
    expect(f.q<HTMLInputElement>('.cf-name input')?.value).toBe('和平社区')
    expect(f.q('.cf-subtype-mixed')?.className).toContain('is-selected')
    expect(f.q('.cf-form-error')?.textContent).toBe('请按红字提示修改后再提交')
    expect(f.q('.cf-code')).toBeNull()
  })

  it('what was typed survives leaving the page, with a note and 清空; a successful create clears the draft', async () => {
    let f = open()
    await f.type('.cf-name input', '幸福社区')
    f.click('.cf-scale-extra_large')
    await waitFor(() => expect([...storage.keys()].some((k) => k.includes('admin.community.new'))).toBe(true), { timeout: 2000 })
    cleanup()
    f = open()
    await waitFor(() => expect(f.q<HTMLInputElement>('.cf-name input')?.value).toBe('幸福社区'))
    expect(f.q('.cf-scale-extra_large')?.className).toContain('is-selected')
    expect(f.q('.cf-draft-note')?.textContent).toContain('已恢复您上次没提交的内容')
    // 清空 starts over
    fireEvent.click(f.q('.draft-discard')!)
    await waitFor(() => expect(f.q<HTMLInputElement>('.cf-name input')?.value).toBe(''))
    expect(f.q('.cf-draft-note')).toBeNull()

    await f.type('.cf-name input', '幸福社区')
    f.click('.cf-scale-general')
    f.click('.cf-function-urban')
    f.click('.cf-subtype-mixed')
    await waitFor(() => expect([...storage.keys()].some((k) => k.includes('admin.community.new'))).toBe(true), { timeout: 2000 })
    create.mockResolvedValue(community({ name: '幸福社区' }))
    f.click('.cf-submit')
    await waitFor(() => expect(f.q('.cf-code')).not.toBeNull())
    expect([...storage.keys()].some((k) => k.includes('admin.community.new'))).toBe(false)
    cleanup()
    f = open()
    await waitFor(() => expect(f.q('.cf-name input')).not.toBeNull())
    expect(f.q<HTMLInputElement>('.cf-name input')?.value).toBe('')
    expect(f.q('.cf-draft-note')).toBeNull()
  })

  it('a refused submit brings the first field in error into view and puts the cursor in it', async () => {
    const f = open()
    await f.type('.cf-phone input', '电话号码')
    f.click('.cf-submit')
    await waitFor(() => expect(f.q('.field-error-name')).not.toBeNull())
    // the first error in the page is the name: its input has the focus
    await waitFor(() => expect(document.activeElement).toBe(f.q('.cf-name input')))
    expect(f.q('.field-error-servicePhone')?.textContent).toContain('025-84561234')
  })

  it('the service phone and the 受理编号 prefix: sent uppercase; a taken prefix (409 naming refPrefix) lands at its field', async () => {
    create.mockRejectedValueOnce(new ApiError(409, 'community.ref_prefix_taken', '这个受理编号前缀已被其他社区使用，请换一个', 'refPrefix'))
    const f = open()
    expect(f.q('.community-form')?.textContent).toContain('社区服务电话')
    expect(f.q('.community-form')?.textContent).toContain('2–8 位大写字母或数字，如 HP')
    await f.type('.cf-name input', '光明社区')
    f.click('.cf-scale-large')
    f.click('.cf-function-rural')
    f.click('.cf-subtype-mixed')
    await f.type('.cf-phone input', '025-84567788')
    await f.type('.cf-prefix input', 'gm')
    expect(f.q<HTMLInputElement>('.cf-prefix input')?.value).toBe('GM')
    f.click('.cf-submit')
    await waitFor(() => expect(f.q('.field-error-refPrefix')?.textContent).toBe('这个受理编号前缀已被其他社区使用，请换一个'))
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ servicePhone: '025-84567788', refPrefix: 'GM' }))
    await waitFor(() => expect(document.activeElement).toBe(f.q('.cf-prefix input')))
    // a prefix that does not fit is refused before sending
    create.mockClear()
    await f.type('.cf-prefix input', '1A')
    f.click('.cf-submit')
    await waitFor(() => expect(f.q('.field-error-refPrefix')?.textContent).toContain('以字母开头'))
    expect(create).not.toHaveBeenCalled()
  })

  it('the community\'s staff edit only the phone and the prefix; the name and classification stay the street\'s', async () => {
    loginAs('staff')
    router.params = { id: community().id }
    load.mockResolvedValue(structure())
    update.mockResolvedValue(community({ servicePhone: '025-80000000', refPrefix: 'HPX' }))
    const f = open()
    await waitFor(() => expect(f.q<HTMLInputElement>('.cf-phone input')?.value).toBe('025-84561234'))
    expect(f.q<HTMLInputElement>('.cf-prefix input')?.value).toBe('HP')
    expect(f.q('.cf-name')).toBeNull()
    expect(f.q('.cf-scale-general')).toBeNull()
    expect(f.q('.cf-street-owns')?.textContent).toContain('街道管理员')
    await f.type('.cf-phone input', '025-80000000')
    await f.type('.cf-prefix input', 'hpx')
    // a new prefix is confirmed first, naming the community and the new numbers; 取消 sends nothing
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.cf-submit')
    await waitFor(() => expect(modalArgs(Taro.showModal).content).toContain('「和平社区」今后的新需求编号将以 HPX 开头'))
    expect(update).not.toHaveBeenCalled()
    f.click('.cf-submit')
    await waitFor(() => expect(update).toHaveBeenCalledWith({ id: community().id, servicePhone: '025-80000000', refPrefix: 'HPX' }))
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
  })

  it('clearing the phone sends null (the community then has none)', async () => {
    router.params = { id: community().id }
    load.mockResolvedValue(structure())
    update.mockResolvedValue(community({ servicePhone: null }))
    const f = open()
    await waitFor(() => expect(f.q<HTMLInputElement>('.cf-phone input')?.value).toBe('025-84561234'))
    await f.type('.cf-phone input', '')
    f.click('.cf-submit')
    await waitFor(() => expect(update).toHaveBeenCalledWith(expect.objectContaining({ servicePhone: null, refPrefix: 'HP' })))
  })

  it('编辑 (?id=) starts from the community and saves the changes', async () => {
    router.params = { id: community().id }
    load.mockResolvedValue(structure())
    update.mockResolvedValue(community({ name: '新和平社区' }))
    const f = open()
    await waitFor(() => expect(f.q<HTMLInputElement>('.cf-name input')?.value).toBe('和平社区'))
    expect(f.q('.cf-current-code')?.textContent).toContain('320106-01-A1-001')
    expect(f.q('.cf-subtype-commercial_housing')?.className).toContain('is-selected')
    await f.type('.cf-name input', '新和平社区')
    f.click('.cf-submit')
    await waitFor(() => expect(update).toHaveBeenCalledWith({
      id: community().id, name: '新和平社区', scale: 'general', function: 'urban', subtype: 'commercial_housing', branchSecretaryLeadsGrid: true,
      servicePhone: '025-84561234', refPrefix: 'HP',
    }))
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
  })

  it('changing the classification of an existing community asks first (the code may change)', async () => {
    router.params = { id: community().id }
    load.mockResolvedValue(structure())
    update.mockResolvedValue(community({ subtype: 'mixed', code: '320106-01-A4-001' }))
    const f = open()
    await waitFor(() => expect(f.q('.cf-subtype-mixed')).not.toBeNull())
    f.click('.cf-subtype-mixed')
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true, content: '', errMsg: 'ok' })
    f.click('.cf-submit')
    await waitFor(() => expect(modalArgs(Taro.showModal).content).toContain('一社区一编码可能随之改变'))
    expect(update).not.toHaveBeenCalled()
    f.click('.cf-submit')
    await waitFor(() => expect(update).toHaveBeenCalledWith(expect.objectContaining({ subtype: 'mixed' })))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存，新编码 320106-01-A4-001' })))
  })

  it('only a street administrator may create a community; a resident may not open a community either', () => {
    loginAs('staff')
    let f = open()
    expect(f.q('.cf-forbidden')?.textContent).toContain('只有街道管理员')
    expect(f.q('.cf-submit')).toBeNull()
    cleanup()
    loginAs('resident')
    router.params = { id: community().id }
    f = open()
    expect(f.q('.cf-forbidden')?.textContent).toContain('没有管理这个社区的权限')
    expect(f.q('.cf-submit')).toBeNull()
  })
})
