import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VolunteerKind } from '../../../core/contracts'
import { ApiError } from '../../services/errors'
import { resetTaroMock } from '../../testing/taroMock'
import { MICRO_GRID, registration } from '../testing/fixtures'
import { RegisterForm, splitSkills } from './RegisterForm'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)

beforeEach(() => resetTaroMock())
afterEach(cleanup)

function open(opts: { taken?: VolunteerKind[]; microGridId?: string | null } = {}) {
  const submit = vi.fn()
  const onSuccess = vi.fn()
  const r = render(<RegisterForm taken={opts.taken ?? []} microGridId={opts.microGridId === undefined ? MICRO_GRID : opts.microGridId} submit={submit} onSuccess={onSuccess} />)
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => r.container.querySelector<T>(sel)
  const type = async (sel: string, value: string) => {
    await waitFor(() => expect(q(sel)).not.toBeNull())
    fireEvent.input(q(sel)!, { target: { value } })
  }
  return { ...r, q, type, submit, onSuccess, click: (sel: string) => fireEvent.click(q(sel)!) }
}

describe('志愿者报到 form', () => {
  it('splits skills however people separate them', () => {
    expect(splitSkills(' 修水管，理发、 电脑维修,  ')).toEqual(['修水管', '理发', '电脑维修'])
  })

  it('asks for a kind first', async () => {
    const f = open()
    f.click('.register-submit')
    await waitFor(() => expect(f.q('.field-error-kind')?.textContent).toBe('请选择报到类型（在职党员或社区能人）'))
    expect(f.submit).not.toHaveBeenCalled()
  })

  it('在职党员 needs a work unit; then sends it with the skills and the home micro-grid', async () => {
    const f = open()
    f.click('.register-kind-party_member')
    await waitFor(() => expect(f.q('.register-work-unit')).not.toBeNull())
    f.click('.register-submit')
    await waitFor(() => expect(f.q('.field-error-workUnit')?.textContent).toBe('在职党员请填写工作单位'))
    expect(f.submit).not.toHaveBeenCalled()

    f.submit.mockResolvedValue(registration())
    await f.type('.register-work-unit input', '市第一医院')
    await f.type('.register-party-org input', '市第一医院党委')
    await f.type('.register-skills input', '健康咨询，量血压')
    await waitFor(() => expect(f.q('.field-error-workUnit')).toBeNull())
    f.click('.register-submit')
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalled())
    expect(f.submit).toHaveBeenCalledWith({
      kind: 'party_member', workUnit: '市第一医院', partyOrg: '市第一医院党委', skills: ['健康咨询', '量血压'], microGridId: MICRO_GRID,
    })
  })

  it('the micro-grid can be left out', async () => {
    const f = open()
    f.click('.register-kind-party_member')
    await f.type('.register-work-unit input', '区税务局')
    f.click('.register-micro-grid')
    f.submit.mockResolvedValue(registration())
    f.click('.register-submit')
    await waitFor(() => expect(f.submit).toHaveBeenCalled())
    expect(f.submit.mock.calls[0][0].microGridId).toBeUndefined()
  })

  it('能人自荐 needs at least one skill; the intro goes along', async () => {
    const f = open()
    f.click('.register-kind-talent')
    await waitFor(() => expect(f.q('.register-intro')).not.toBeNull())
    expect(f.q('.register-work-unit')).toBeNull()
    f.click('.register-submit')
    await waitFor(() => expect(f.q('.field-error-skills')?.textContent).toBe('社区能人请至少填写一项技能'))
    f.submit.mockResolvedValue(registration({ kind: 'talent' }))
    await f.type('.register-skills input', '修家电')
    await f.type('.register-intro textarea', '退休电工')
    f.click('.register-submit')
    await waitFor(() => expect(f.submit).toHaveBeenCalledWith({ kind: 'talent', skills: ['修家电'], intro: '退休电工' }))
  })

  it('a kind already registered cannot be chosen again', async () => {
    const f = open({ taken: ['party_member'] })
    expect(f.q('.register-kind-party_member')?.className).toContain('is-disabled')
    // the only open kind is preselected
    expect(f.q('.register-kind-talent')?.className).toContain('is-selected')
    f.click('.register-kind-party_member')
    expect(f.q('.register-kind-party_member')?.className).not.toContain('is-selected')
    expect(f.q('.register-taken')?.textContent).toContain('在职党员')
  })

  it('the server\'s message goes next to its field and the input stays', async () => {
    const f = open()
    f.click('.register-kind-party_member')
    await f.type('.register-work-unit input', '市第一医院')
    f.submit.mockRejectedValue(new ApiError(409, 'volunteer.already_registered', '已经报到过了，请等待审核或查看审核结果'))
    f.click('.register-submit')
    await waitFor(() => expect(f.q('.register-form-error')?.textContent).toBe('已经报到过了，请等待审核或查看审核结果'))
    expect(f.q<HTMLInputElement>('.register-work-unit input')?.value).toBe('市第一医院')
    f.submit.mockRejectedValue(new ApiError(400, 'request.invalid', '工作单位最多 60 个字', 'workUnit'))
    f.click('.register-submit')
    await waitFor(() => expect(f.q('.field-error-workUnit')?.textContent).toBe('工作单位最多 60 个字'))
  })
})
