import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedDetail, SlaRule } from '../../../core/contracts'
import { DEFAULT_SLA_RULES } from '../../../core/needs/sla'
import { listDepartments } from '../../services/departments'
import { ApiError } from '../../services/errors'
import type { TriageInput } from '../../services/needs'
import { IDS, needDetail } from '../../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../../testing/taroMock'
import { TriageForm } from './TriageForm'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('../../services/departments', () => ({ listDepartments: vi.fn() }))

const depts = vi.mocked(listDepartments)

beforeEach(() => {
  resetTaroMock()
  depts.mockReset()
  depts.mockResolvedValue([])
  storage.set('token', 'tok')
})
afterEach(cleanup)

const CHEN = { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a41', displayName: '陈主任', phoneMasked: '138****0004', microGridName: null, roles: ['staff'] }

const triaged = needDetail({ status: 'triaged', track: 'shared', severity: 'general' })

function setup(opts: { rules?: readonly SlaRule[]; selfId?: string | null; need?: NeedDetail; submit?: (i: TriageInput) => Promise<NeedDetail>; rulesAreDefault?: boolean } = {}) {
  const submitFn = vi.fn(opts.submit ?? (async () => triaged))
  const onSuccess = vi.fn()
  const { container } = render(
    <TriageForm
      need={opts.need ?? needDetail()}
      rules={opts.rules ?? DEFAULT_SLA_RULES}
      rulesAreDefault={opts.rulesAreDefault}
      selfId={opts.selfId ?? null}
      submit={submitFn}
      onSuccess={onSuccess}
    />,
  )
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const ready = () => waitFor(() => expect(q('.triage-department input')).not.toBeNull())
  const tap = (sel: string) => fireEvent.click(q(sel)!)
  const typeDepartment = (value: string) => fireEvent.input(q('.triage-department input')!, { target: { value } })
  const typeNote = (value: string) => fireEvent.input(q('.triage-note textarea')!, { target: { value } })
  return { container, q, ready, tap, typeDepartment, typeNote, submitFn, onSuccess }
}

describe('TriageForm', () => {
  it('offers the three tracks with a one-line explanation each', () => {
    const f = setup()
    expect(f.q('.triage-track-private')?.textContent).toBe('自家事居民自己的事，社区帮助转介')
    expect(f.q('.triage-track-shared')?.textContent).toBe('大家事共同协商解决，可提交议事')
    expect(f.q('.triage-track-public')?.textContent).toBe('公家事政府职责，转交职能部门')
  })

  it('shows the SLA rule text of the community next to each severity', () => {
    const rules: SlaRule[] = [
      { severity: 'general', minutes: 120, goal: 'resolve' },
      { severity: 'major', minutes: 2 * 1440, goal: 'resolve' },
      { severity: 'complex', minutes: 7 * 1440, goal: 'plan' },
      { severity: 'escalated', minutes: 3 * 1440, goal: 'report' },
    ]
    const f = setup({ rules })
    expect(f.q('.triage-severity-general .triage-sla')?.textContent).toBe('2 小时内办结')
    expect(f.q('.triage-severity-major .triage-sla')?.textContent).toBe('2 天内办结')
    expect(f.q('.triage-severity-complex .triage-sla')?.textContent).toBe('7 天内拿出方案')
    expect(f.q('.triage-severity-escalated .triage-sla')?.textContent).toBe('3 天内上报')
    expect(f.q('.triage-severity-general')?.textContent).toContain('一般')
    expect(f.q('.triage-sla-source')?.textContent).toContain('本社区')
  })

  it('with the default rules says so', () => {
    const f = setup({ rulesAreDefault: true })
    expect(f.q('.triage-severity-general .triage-sla')?.textContent).toBe('1 小时内办结')
    expect(f.q('.triage-sla-source')?.textContent).toContain('默认')
  })

  it('requires a track and a severity', async () => {
    const f = setup()
    f.tap('.triage-submit')
    await waitFor(() => expect(f.q('.field-error-track')?.textContent).toBe('请选择事项类型（自家事/大家事/公家事）'))
    expect(f.q('.field-error-severity')?.textContent).toBe('请选择事项等级')
    expect(f.submitFn).not.toHaveBeenCalled()
  })

  it('公家事 requires the department; other tracks do not', async () => {
    const f = setup()
    await f.ready()
    f.tap('.triage-track-public')
    f.tap('.triage-severity-major')
    await waitFor(() => expect(f.q('.triage-track-public')?.className).toContain('is-selected'))
    expect(f.container.textContent).toContain('公家事必填')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.q('.field-error-department')?.textContent).toBe('公家事请填写承办部门'))
    expect(f.submitFn).not.toHaveBeenCalled()

    f.typeDepartment('  街道城管科 ')
    await waitFor(() => expect(f.q('.field-error-department')).toBeNull())
    f.tap('.triage-submit')
    await waitFor(() => expect(f.onSuccess).toHaveBeenCalledWith(triaged))
    expect(f.submitFn).toHaveBeenCalledWith({ track: 'public', severity: 'major', department: '街道城管科' })
  })

  it('submits track, severity and note, and a staff member can take it on', async () => {
    const f = setup({ selfId: IDS.staff })
    await f.ready()
    f.tap('.triage-track-shared')
    f.tap('.triage-severity-general')
    f.typeNote('已联系物业')
    expect(f.q('.triage-handler-self')?.className).toContain('is-selected')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledWith({ track: 'shared', severity: 'general', note: '已联系物业', handlerId: IDS.staff }))
  })

  it('a grid worker is not offered 由我承办 and sends no handler', async () => {
    const f = setup({ selfId: null })
    await f.ready()
    expect(f.q('.triage-handler-self')).toBeNull()
    f.tap('.triage-track-private')
    f.tap('.triage-severity-general')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledWith({ track: 'private', severity: 'general' }))
  })

  it('starts from the current triage when re-triaging', () => {
    const f = setup({ need: needDetail({ status: 'triaged', track: 'public', severity: 'complex', department: '区住建局' }) })
    expect(f.q('.triage-track-public')?.className).toContain('is-selected')
    expect(f.q('.triage-severity-complex')?.className).toContain('is-selected')
  })

  it('keeps the choices and shows the server message next to the named field', async () => {
    const f = setup({
      submit: async () => {
        throw new ApiError(400, 'need.department_required', '公家事请填写承办部门', 'department')
      },
    })
    await f.ready()
    f.tap('.triage-track-public')
    f.tap('.triage-severity-general')
    f.typeDepartment('某部门')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.q('.field-error-department')?.textContent).toBe('公家事请填写承办部门'))
    expect(f.q('.triage-track-public')?.className).toContain('is-selected')
    expect((f.q('.triage-department input') as HTMLInputElement).value).toBe('某部门')
    expect(f.q('.triage-submit')?.className).not.toContain('is-disabled')
  })

  it('shows the busy state and ignores a second tap', async () => {
    const f = setup({ submit: () => new Promise<NeedDetail>(() => undefined) })
    f.tap('.triage-track-shared')
    f.tap('.triage-severity-general')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.q('.triage-submit')?.className).toContain('is-disabled'))
    f.tap('.triage-submit')
    expect(f.submitFn).toHaveBeenCalledTimes(1)
  })

  it('hands the need to another staff member chosen by name, or a grid worker', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { items: [CHEN] } })
    const f = setup({ selfId: IDS.staff })
    await f.ready()
    f.tap('.triage-track-shared')
    f.tap('.triage-severity-general')
    f.tap('.triage-handler-other')
    await waitFor(() => expect(f.q('.triage-handler-person .person-picker-search input')).not.toBeNull())
    expect(f.q('.triage-handler-self')?.className).not.toContain('is-selected')
    // 交给其他人 without a person is caught before sending
    f.tap('.triage-submit')
    await waitFor(() => expect(f.q('.triage-handler-person .person-picker-field-error')?.textContent).toContain('请选择承办人'))
    expect(f.submitFn).not.toHaveBeenCalled()
    fireEvent.input(f.q('.triage-handler-person .person-picker-search input')!, { target: { value: '陈' } })
    await waitFor(() => expect(f.q('.triage-handler-person .person-picker-row')).not.toBeNull())
    expect((Taro.request.mock.calls[0][0] as { url: string }).url).toBe(`/api/people?communityId=${IDS.community}&q=${encodeURIComponent('陈')}&role=staff`)
    f.tap('.triage-handler-person .person-picker-row')
    await waitFor(() => expect(f.q('.triage-handler-person .person-picker-chip')?.textContent).toContain('陈主任'))
    f.tap('.triage-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledWith({ track: 'shared', severity: 'general', handlerId: CHEN.id }))
  })

  it('a re-triage keeps the current handler, shown by name', () => {
    const f = setup({ selfId: IDS.staff, need: needDetail({ status: 'triaged', track: 'shared', severity: 'general', handlerId: CHEN.id, handlerName: '陈主任' }) })
    expect(f.q('.triage-handler-other')?.className).toContain('is-selected')
    expect(f.q('.triage-handler-person .person-picker-chip')?.textContent).toContain('陈主任')
    expect(f.container.textContent).not.toContain(CHEN.id)
  })
})

describe('TriageForm: 公家事 goes to one of the street\'s departments', () => {
  const DEPT_A = '30000000-0000-4000-8000-000000000001'
  const DEPT_B = '30000000-0000-4000-8000-000000000002'
  const dept = (id: string, name: string, archived = false) => ({
    id, streetId: '20000000-0000-4000-8000-000000000001', name, contactName: null, contactPhone: null, archived,
    archivedAt: null, members: [], openCount: 0, createdAt: '2026-11-20T08:00:00Z',
  })
  const names = (c: HTMLElement) => Array.from(c.querySelectorAll('.triage-dept')).map((e) => e.textContent)

  it('asks for the departments only for 公家事 and offers them as chips instead of the text', async () => {
    depts.mockResolvedValue([dept(DEPT_A, '城管科'), dept(DEPT_B, '民政科'), dept('30000000-0000-4000-8000-000000000003', '旧科室', true)])
    const f = setup()
    f.tap('.triage-track-shared')
    expect(depts).not.toHaveBeenCalled()
    expect(f.q('.triage-department')).not.toBeNull()
    f.tap('.triage-track-public')
    await waitFor(() => expect(names(f.container)).toEqual(['城管科', '民政科', '其他部门']))
    expect(depts).toHaveBeenCalledTimes(1)
    expect(f.q('.triage-department')).toBeNull()
    f.tap('.triage-severity-major')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.q('.field-error-department')?.textContent).toBe('公家事请填写承办部门'))
    expect(f.submitFn).not.toHaveBeenCalled()
    f.tap(`.triage-dept[data-id="${DEPT_B}"]`)
    expect(f.q('.field-error-department')).toBeNull()
    expect(f.q(`.triage-dept[data-id="${DEPT_B}"]`)?.className).toContain('is-selected')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledWith({ track: 'public', severity: 'major', departmentId: DEPT_B }))
    expect(f.onSuccess).toHaveBeenCalled()
  })

  it('其他部门 brings back the free text, sent as department', async () => {
    depts.mockResolvedValue([dept(DEPT_A, '城管科')])
    const f = setup()
    f.tap('.triage-track-public')
    await waitFor(() => expect(f.q('.triage-dept-other')).not.toBeNull())
    f.tap('.triage-dept-other')
    await f.ready()
    f.typeDepartment('区住建局')
    f.tap('.triage-severity-complex')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledWith({ track: 'public', severity: 'complex', department: '区住建局' }))
  })

  it('a re-triage starts from the routed department; a server error on departmentId shows at the chips', async () => {
    depts.mockResolvedValue([dept(DEPT_A, '城管科'), dept(DEPT_B, '民政科')])
    const f = setup({
      need: needDetail({ status: 'triaged', track: 'public', severity: 'major', departmentId: DEPT_A, departmentName: '城管科' }),
      submit: async () => {
        throw new ApiError(400, 'need.department_archived', '该部门已归档', 'departmentId')
      },
    })
    await waitFor(() => expect(f.q(`.triage-dept[data-id="${DEPT_A}"]`)?.className).toContain('is-selected'))
    f.tap('.triage-submit')
    await waitFor(() => expect(f.q('.field-error-department')?.textContent).toBe('该部门已归档'))
    expect(f.submitFn).toHaveBeenCalledWith({ track: 'public', severity: 'major', departmentId: DEPT_A })
    expect(f.q(`.triage-dept[data-id="${DEPT_A}"]`)?.className).toContain('is-selected')
  })

  it('when the departments cannot be read, the free text stays', async () => {
    depts.mockRejectedValue(new ApiError(403, 'auth.forbidden', '您没有权限进行这个操作'))
    const f = setup()
    f.tap('.triage-track-public')
    await waitFor(() => expect(depts).toHaveBeenCalled())
    await f.ready()
    expect(f.q('.triage-dept')).toBeNull()
    f.typeDepartment('街道城管科')
    f.tap('.triage-severity-general')
    f.tap('.triage-submit')
    await waitFor(() => expect(f.submitFn).toHaveBeenCalledWith({ track: 'public', severity: 'general', department: '街道城管科' }))
  })
})
