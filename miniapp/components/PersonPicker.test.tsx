import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Person } from '../../core/contracts'
import { IDS } from '../testing/fixtures'
import { Taro, resetTaroMock, storage } from '../testing/taroMock'
import { PERSON_EMPTY_TEXT, PersonPicker } from './PersonPicker'

vi.mock('@tarojs/taro', async () => (await import('../testing/taroMock')).taroModule)

const ZHAO: Person = {
  id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a21',
  displayName: '赵网格',
  phoneMasked: '138****0006',
  microGridName: '1号楼',
  roles: ['resident', 'grid_worker'],
}
const ZHANG: Person = { id: '0b7f8f34-4f0e-4a43-9b7c-0c6f1f2b9a22', displayName: '张阿姨', phoneMasked: null, microGridName: '3号楼', roles: ['resident'] }

beforeEach(() => {
  resetTaroMock()
  storage.set('token', 'tok')
})
afterEach(cleanup)

const sent = (i = 0) => Taro.request.mock.calls[i][0] as { url: string; method: string }

function setup(props: { initial?: Person | null; role?: 'grid_worker'; error?: string; communityId?: string } = {}) {
  const onChange = vi.fn()
  function Host() {
    const [value, setValue] = useState<Person | null>(props.initial ?? null)
    return (
      <PersonPicker
        communityId={props.communityId ?? IDS.community}
        value={value}
        onChange={(p) => {
          onChange(p)
          setValue(p)
        }}
        role={props.role}
        label='发给谁'
        hint='输入姓名查找'
        error={props.error}
        className='award-person'
      />
    )
  }
  const { container } = render(<Host />)
  const q = (sel: string) => container.querySelector<HTMLElement>(sel)
  const type = (value: string) => fireEvent.input(q('.person-picker-search input')!, { target: { value } })
  const ready = () => waitFor(() => expect(q('.person-picker-search input')).not.toBeNull())
  return { container, q, type, ready, onChange }
}

describe('PersonPicker', () => {
  it('searches as the person types (debounced), shows big rows without ids, and picks one as a chip', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { items: [ZHAO, ZHANG] } })
    const f = setup()
    await f.ready()
    expect(f.q('.person-picker-label')?.textContent).toBe('发给谁')
    expect(f.q('.award-person')).not.toBeNull()
    f.type('赵')
    f.type('赵网')
    // nothing is sent for each keystroke: one search after the pause
    expect(Taro.request).not.toHaveBeenCalled()
    await waitFor(() => expect(f.container.querySelectorAll('.person-picker-row')).toHaveLength(2))
    expect(Taro.request).toHaveBeenCalledTimes(1)
    expect(sent().url).toBe(`/api/people?communityId=${IDS.community}&q=${encodeURIComponent('赵网')}`)
    const first = f.container.querySelectorAll('.person-picker-row')[0]
    expect(first.textContent).toContain('赵网格')
    expect(first.textContent).toContain('138****0006')
    expect(first.textContent).toContain('1号楼')
    expect(first.textContent).toContain('网格员')
    expect(f.container.textContent).not.toContain(ZHAO.id)
    fireEvent.click(first)
    expect(f.onChange).toHaveBeenCalledWith(ZHAO)
    await waitFor(() => expect(f.q('.person-picker-chip')?.textContent).toContain('赵网格'))
    expect(f.q('.person-picker-search')).toBeNull()
    fireEvent.click(f.q('.person-picker-change')!)
    expect(f.onChange).toHaveBeenLastCalledWith(null)
    await waitFor(() => expect(f.q('.person-picker-search')).not.toBeNull())
  })

  it('passes the role, and says so when nobody matches', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { items: [] } })
    const f = setup({ role: 'grid_worker' })
    await f.ready()
    f.type(' 钱 ')
    await waitFor(() => expect(f.q('.person-picker-empty')?.textContent).toBe(PERSON_EMPTY_TEXT))
    expect(sent().url).toBe(`/api/people?communityId=${IDS.community}&q=${encodeURIComponent('钱')}&role=grid_worker`)
  })

  it('shows the loading state, then an error with 重试 that searches again', async () => {
    let resolve: (v: unknown) => void = () => undefined
    Taro.request.mockImplementationOnce(() => new Promise((r) => (resolve = r)))
    const f = setup()
    await f.ready()
    f.type('张')
    await waitFor(() => expect(f.q('.person-picker-loading')).not.toBeNull())
    await act(async () => resolve({ statusCode: 500, data: { error: { code: 'server', message: '服务暂时不可用，请稍后再试' } } }))
    await waitFor(() => expect(f.q('.person-picker-error')?.textContent).toContain('服务暂时不可用'))
    Taro.request.mockResolvedValue({ statusCode: 200, data: { items: [ZHANG] } })
    fireEvent.click(f.q('.person-picker-retry')!)
    await waitFor(() => expect(f.container.querySelectorAll('.person-picker-row')).toHaveLength(1))
    expect(Taro.request).toHaveBeenCalledTimes(2)
  })

  it('clearing the box sends nothing; a slow earlier answer never replaces a later one', async () => {
    const f = setup()
    await f.ready()
    f.type('张')
    f.type('')
    await new Promise((r) => setTimeout(r, 400))
    expect(Taro.request).not.toHaveBeenCalled()
    let first: (v: unknown) => void = () => undefined
    Taro.request
      .mockImplementationOnce(() => new Promise((r) => (first = r)))
      .mockResolvedValueOnce({ statusCode: 200, data: { items: [ZHANG] } })
    f.type('赵')
    await waitFor(() => expect(Taro.request).toHaveBeenCalledTimes(1))
    f.type('张')
    await waitFor(() => expect(f.container.querySelectorAll('.person-picker-row')).toHaveLength(1))
    await act(async () => first({ statusCode: 200, data: { items: [ZHAO] } }))
    expect(f.q('.person-picker-row')?.textContent).toContain('张阿姨')
  })

  it('shows a chosen person, the field error, and a note when there is no community', () => {
    const f = setup({ initial: ZHANG, error: '请选择发放对象' })
    expect(f.q('.person-picker-chip')?.textContent).toContain('张阿姨')
    expect(f.q('.person-picker-field-error')?.textContent).toBe('请选择发放对象')
    cleanup()
    const g = setup({ communityId: '' })
    expect(g.q('.person-picker-search')).toBeNull()
    expect(g.q('.person-picker-note')?.textContent).toContain('加入社区')
  })
})

describe('PersonPicker accessibility', () => {
  it('the matches are radios in a group named by the label; the chosen one is a checked radio with 更换 named', async () => {
    Taro.request.mockResolvedValue({ statusCode: 200, data: { items: [ZHAO, ZHANG] } })
    const f = setup()
    await f.ready()
    f.type('张')
    await waitFor(() => expect(f.container.querySelectorAll('.person-picker-row')).toHaveLength(2))
    const group = f.q('.person-picker-results')!
    expect(group.getAttribute('role')).toBe('radiogroup')
    expect(group.getAttribute('aria-label')).toBe('发给谁')
    for (const row of Array.from(f.container.querySelectorAll('.person-picker-row'))) {
      expect(row.getAttribute('role')).toBe('radio')
      expect(row.getAttribute('aria-checked')).toBe('false')
    }
    fireEvent.click(f.container.querySelectorAll('.person-picker-row')[1])
    const chip = f.q('.person-picker-chip')!
    expect(chip.getAttribute('role')).toBe('radio')
    expect(chip.getAttribute('aria-checked')).toBe('true')
    expect(chip.getAttribute('aria-label')).toBe('已选：张阿姨')
    expect(f.q('.person-picker-change')?.getAttribute('aria-label')).toBe('更换发给谁')
  })

  it('a field error is announced', () => {
    const f = setup({ error: '请选择发给谁' })
    expect(f.q('.person-picker-field-error')?.getAttribute('role')).toBe('alert')
    expect(f.q('.person-picker-field-error')?.classList.contains('field-error')).toBe(true)
  })
})
