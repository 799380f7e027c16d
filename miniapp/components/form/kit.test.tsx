import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resetTaroMock } from '../../testing/taroMock'
import { ChipSelect } from './ChipSelect'
import { Field, FormInput } from './Field'
import { PhotoPicker, usePhotos } from './PhotoPicker'
import { choosePhotos, PhotoError, type PickedPhoto } from './photos'

vi.mock('@tarojs/taro', async () => (await import('../../testing/taroMock')).taroModule)
vi.mock('./photos', async (orig) => ({ ...(await orig<typeof import('./photos')>()), choosePhotos: vi.fn() }))

beforeEach(() => {
  resetTaroMock()
  vi.mocked(choosePhotos).mockReset()
})
afterEach(cleanup)

const LABELS = { a: '上午', b: '下午', c: '晚上' } as const
type Key = keyof typeof LABELS

describe('ChipSelect', () => {
  function Single({ clearable = false }: { clearable?: boolean }) {
    const [v, setV] = useState<Key | null>('a')
    return clearable ? (
      <ChipSelect options={['a', 'b', 'c'] as const} labels={LABELS} prefix='slot' value={v} onChange={setV} clearable groupLabel='时段' />
    ) : (
      <ChipSelect options={['a', 'b', 'c'] as const} labels={LABELS} prefix='slot' value={v} onChange={setV} groupLabel='时段' />
    )
  }

  it('single: radios in a named group, aria-checked on the chosen one only; a tap moves the choice', () => {
    const { container } = render(<Single />)
    const group = container.querySelector('.chip-grid')!
    expect(group.getAttribute('role')).toBe('radiogroup')
    expect(group.getAttribute('aria-label')).toBe('时段')
    const chips = Array.from(container.querySelectorAll('.chip'))
    expect(chips.map((c) => c.getAttribute('role'))).toEqual(['radio', 'radio', 'radio'])
    expect(chips.map((c) => c.getAttribute('aria-checked'))).toEqual(['true', 'false', 'false'])
    expect(chips.map((c) => c.textContent)).toEqual(['上午', '下午', '晚上'])
    expect(chips[0].className).toContain('slot-a')
    expect(chips[0].className).toContain('is-selected')
    fireEvent.click(container.querySelector('.slot-c')!)
    expect(container.querySelector('.slot-c')?.getAttribute('aria-checked')).toBe('true')
    expect(container.querySelector('.slot-a')?.getAttribute('aria-checked')).toBe('false')
    // tapping the chosen chip again keeps it (not clearable)
    fireEvent.click(container.querySelector('.slot-c')!)
    expect(container.querySelector('.slot-c')?.className).toContain('is-selected')
  })

  it('clearable: tapping the chosen chip again clears the choice', () => {
    const { container } = render(<Single clearable />)
    fireEvent.click(container.querySelector('.slot-a')!)
    expect(container.querySelectorAll('.chip.is-selected')).toHaveLength(0)
    expect(container.querySelectorAll('[aria-checked="true"]')).toHaveLength(0)
  })

  it('multiple: checkboxes; the selection toggles and comes back in the order of the options', () => {
    const onChange = vi.fn()
    function Multi() {
      const [v, setV] = useState<Key[]>(['c'])
      return (
        <ChipSelect
          multiple
          options={['a', 'b', 'c'] as const}
          labels={(k) => LABELS[k]}
          prefix='m'
          layout='half'
          value={v}
          onChange={(next) => {
            onChange(next)
            setV(next)
          }}
        />
      )
    }
    const { container } = render(<Multi />)
    expect(container.querySelector('.chip-grid')?.getAttribute('role')).toBeNull()
    const roles = Array.from(container.querySelectorAll('.chip')).map((c) => c.getAttribute('role'))
    expect(roles).toEqual(['checkbox', 'checkbox', 'checkbox'])
    expect(container.querySelector('.m-a')?.className).toContain('chip-half')
    fireEvent.click(container.querySelector('.m-a')!)
    expect(onChange).toHaveBeenLastCalledWith(['a', 'c'])
    expect(container.querySelector('.m-a')?.getAttribute('aria-checked')).toBe('true')
    fireEvent.click(container.querySelector('.m-c')!)
    expect(onChange).toHaveBeenLastCalledWith(['a'])
    expect(container.querySelector('.m-c')?.getAttribute('aria-checked')).toBe('false')
  })

  it('a second line, extra classes per chip, and chips that cannot be chosen', () => {
    const onChange = vi.fn()
    const { container } = render(
      <ChipSelect
        options={['a', 'b'] as const}
        labels={LABELS}
        sub={(k) => (k === 'a' ? '08:00–12:00' : null)}
        subClassName='slot-hours'
        chipClassName={(k) => `extra-${k}`}
        disabled={(k) => k === 'b'}
        value=''
        onChange={onChange}
      />,
    )
    expect(container.querySelector('.extra-a .chip-title')?.textContent).toBe('上午')
    expect(container.querySelector('.extra-a .chip-sub.slot-hours')?.textContent).toBe('08:00–12:00')
    expect(container.querySelector('.extra-b .chip-sub')).toBeNull()
    expect(container.querySelector('.extra-b')?.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(container.querySelector('.extra-b')!)
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.click(container.querySelector('.extra-a')!)
    expect(onChange).toHaveBeenCalledWith('a')
  })
})

describe('Field', () => {
  it('label, hint, the input, then the error named for revealFirstError', () => {
    const { container } = render(
      <Field name='title' label='标题' labelHint='选填' hint='一句话说明' error='请填写标题' className='my-field' required>
        <FormInput className='my-title' value='' invalid onInput={() => undefined} />
      </Field>,
    )
    const field = container.querySelector('.form-field.my-field')!
    expect(field.querySelector('.form-label')?.textContent).toBe('标题*选填')
    expect(field.querySelector('.form-required')?.textContent).toBe('*')
    expect(field.querySelector('.form-hint')?.textContent).toBe('一句话说明')
    expect(field.querySelector('.form-input.my-title')?.className).toContain('has-error')
    const error = field.querySelector('.field-error')!
    expect(error.className).toContain('field-error-title')
    expect(error.textContent).toBe('请填写标题')
    // the error comes after the input, in the field (formErrors finds the field from it)
    expect(error.closest('.form-field')).toBe(field)
  })

  it('no error: nothing red; with a counter, the counter alone on the foot line', () => {
    const { container, rerender } = render(
      <Field name='title' label='标题' count={{ value: 3, max: 40, className: 'title-count' }}>
        <FormInput value='abc' onInput={() => undefined} />
      </Field>,
    )
    expect(container.querySelector('.field-error')).toBeNull()
    expect(container.querySelector('.form-input')?.className).not.toContain('has-error')
    expect(container.querySelector('.form-field-foot .title-count')?.textContent).toBe('3/40')
    rerender(
      <Field name='title' label='标题' error='太长了' count={{ value: 41, max: 40 }}>
        <FormInput value='' onInput={() => undefined} />
      </Field>,
    )
    expect(container.querySelector('.form-field-foot .field-error-title')?.textContent).toBe('太长了')
  })

  it('FormInput hands the typed value to onInput', async () => {
    const onInput = vi.fn()
    const { container } = render(<FormInput className='x' value='' onInput={onInput} />)
    await waitFor(() => expect(container.querySelector('.x input')).not.toBeNull())
    fireEvent.input(container.querySelector('.x input')!, { target: { value: '王' } })
    expect(onInput).toHaveBeenCalledWith('王')
  })
})

describe('PhotoPicker', () => {
  const photo = (n: number): PickedPhoto => ({ preview: `wxfile://${n}.jpg`, contentType: 'image/jpeg', dataBase64: '/9j/AA' })

  function setup(opts: { max?: number; upload?: (p: PickedPhoto) => Promise<{ key: string; url?: string }> } = {}) {
    const errors: Array<string | undefined> = []
    let state: ReturnType<typeof usePhotos> | null = null
    function Host() {
      const [error, setError] = useState<string | undefined>()
      const photos = usePhotos({
        max: opts.max ?? 3,
        upload: opts.upload,
        onError: (m) => {
          errors.push(m)
          setError(m)
        },
      })
      state = photos
      return (
        <Field name='photos' label='照片' error={error}>
          <PhotoPicker state={photos} prefix='t' addLabel='添加现场照片' />
        </Field>
      )
    }
    const r = render(<Host />)
    return { ...r, errors, state: () => state!, cells: () => r.container.querySelectorAll('.t-photo'), add: () => fireEvent.click(r.container.querySelector('.t-photo-add')!) }
  }

  it('asks the picker only for the room left, hides the add tile at the limit, and a remove brings it back', async () => {
    vi.mocked(choosePhotos).mockResolvedValueOnce([photo(1), photo(2)]).mockResolvedValueOnce([photo(3), photo(4)])
    const f = setup()
    expect(f.container.querySelector('.t-photo-add')?.getAttribute('role')).toBe('button')
    expect(f.container.querySelector('.t-photo-add')?.getAttribute('aria-label')).toBe('添加现场照片')
    f.add()
    await waitFor(() => expect(f.cells()).toHaveLength(2))
    expect(choosePhotos).toHaveBeenLastCalledWith(3)
    // kept on the phone: no upload given
    expect(f.container.querySelectorAll('.t-photo.is-picked')).toHaveLength(2)
    expect(f.state().photos[0].picked).toEqual(photo(1))
    f.add()
    await waitFor(() => expect(f.cells()).toHaveLength(3))
    expect(choosePhotos).toHaveBeenLastCalledWith(1)
    expect(f.container.querySelector('.t-photo-add')).toBeNull()
    fireEvent.click(f.container.querySelectorAll('.t-photo-remove')[0])
    await waitFor(() => expect(f.cells()).toHaveLength(2))
    expect(f.container.querySelector('.t-photo-add')).not.toBeNull()
  })

  it('uploads one at a time saying which (正在上传第 n/m 张照片…), then has the keys', async () => {
    vi.mocked(choosePhotos).mockResolvedValueOnce([photo(1), photo(2)])
    const pending: Array<(v: { key: string }) => void> = []
    const upload = vi.fn(() => new Promise<{ key: string }>((resolve) => pending.push(resolve)))
    const f = setup({ upload })
    f.add()
    await waitFor(() => expect(f.container.querySelector('.t-upload-progress')?.textContent).toBe('正在上传第 1/2 张照片…'))
    expect(f.container.querySelector('.t-upload-progress')?.getAttribute('role')).toBe('alert')
    expect(f.container.querySelectorAll('.t-photo.is-uploading')).toHaveLength(2)
    expect(f.state().uploading).toBe(2)
    await act(async () => pending[0]({ key: 'k/1.jpg' }))
    await waitFor(() => expect(f.container.querySelector('.t-upload-progress')?.textContent).toBe('正在上传第 2/2 张照片…'))
    expect(upload).toHaveBeenCalledTimes(2)
    await act(async () => pending[1]({ key: 'k/2.jpg' }))
    await waitFor(() => expect(f.container.querySelector('.t-upload-progress')).toBeNull())
    expect(f.container.querySelectorAll('.t-photo.is-uploaded')).toHaveLength(2)
    expect(f.state().keys()).toEqual(['k/1.jpg', 'k/2.jpg'])
    expect(f.state().uploading).toBe(0)
  })

  it('one error type: a photo that cannot be used says why; a failed upload drops that photo', async () => {
    vi.mocked(choosePhotos).mockRejectedValueOnce(new PhotoError('只支持 JPG、PNG、WebP 格式的照片')).mockResolvedValueOnce([photo(1)])
    const upload = vi.fn().mockRejectedValueOnce(new Error('网络不通'))
    const f = setup({ upload })
    f.add()
    await waitFor(() => expect(f.container.querySelector('.field-error-photos')?.textContent).toBe('只支持 JPG、PNG、WebP 格式的照片'))
    f.add()
    await waitFor(() => expect(f.container.querySelector('.field-error-photos')?.textContent).toContain('照片上传失败'))
    expect(f.cells()).toHaveLength(0)
  })

  it('restore puts back uploaded photos (a draft), at most the limit', async () => {
    const f = setup({ max: 2 })
    act(() => f.state().restore([{ key: 'a', preview: 'p/a' }, { key: 'b', preview: 'p/b' }, { key: 'c', preview: 'p/c' }]))
    await waitFor(() => expect(f.cells()).toHaveLength(2))
    expect(f.state().keys()).toEqual(['a', 'b'])
    expect(f.container.querySelector('.t-photo-add')).toBeNull()
  })
})
