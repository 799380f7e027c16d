import { Button, Input, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import {
  GRID_KINDS,
  GRID_KIND_LABELS,
  ZCreateGridRequest,
  ZCreateMicroGridRequest,
  ZUpdateGridRequest,
  ZUpdateMicroGridRequest,
  type Grid,
  type GridKind,
  type MicroGrid,
} from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { createGrid, createMicroGrid, updateGrid, updateMicroGrid } from '../../services/admin'
import { revealFirstError } from '../../utils/formErrors'
import { FIX_HINT, localErrors, numberOrUndefined, serverErrors } from '../utils/form'
import { useDraft } from '../../utils/draft'
import { ChipGroup, FieldError } from './ChipGroup'
import { DraftNote } from '../../components/DraftNote'

const HOUSEHOLDS_REQUIRED = '请填写户数'

function useErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({})
  const clear = (field: string) =>
    setErrors((prev) => {
      if (!prev[field] && !prev.form) return prev
      const next = { ...prev }
      delete next[field]
      delete next.form
      return next
    })
  return { errors, setErrors, clear }
}

export interface GridFormProps {
  communityId: string
  /** present: edit this grid */
  grid?: Grid
  onSaved: (grid: Grid) => void
  onCancel: () => void
}

/** 新建网格 / 编辑网格: name, kind (综合 or 专属), households. Counts outside 300-500 are saved with a warning. */
export function GridForm({ communityId, grid, onSaved, onCancel }: GridFormProps) {
  const [name, setName] = useState(grid?.name ?? '')
  const [kind, setKind] = useState<GridKind>(grid?.kind ?? 'comprehensive')
  const [households, setHouseholds] = useState(grid?.households != null ? String(grid.households) : '')
  const { errors, setErrors, clear } = useErrors()
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  const initial = { name: grid?.name ?? '', kind: grid?.kind ?? 'comprehensive', households: grid?.households != null ? String(grid.households) : '' }
  const draft = useDraft(
    grid ? `admin.grid.${grid.id}` : `admin.grid.new.${communityId}`,
    { name, kind, households },
    (d) => {
      setName(typeof d.name === 'string' ? d.name : initial.name)
      setKind((GRID_KINDS as readonly string[]).includes(d.kind) ? d.kind : initial.kind)
      setHouseholds(typeof d.households === 'string' ? d.households : initial.households)
    },
    { isEmpty: (d) => d.name === initial.name && d.kind === initial.kind && d.households === initial.households },
  )
  const cancel = () => {
    draft.discard()
    onCancel()
  }

  async function submit() {
    if (inFlight.current) return
    const input = { name, kind, households: numberOrUndefined(households) }
    const parsed = grid ? ZUpdateGridRequest.safeParse({ id: grid.id, ...input }) : ZCreateGridRequest.safeParse({ communityId, ...input })
    const missing: Record<string, string> = households.trim() === '' ? { households: HOUSEHOLDS_REQUIRED } : {}
    if (!parsed.success || missing.households) {
      setErrors({ ...(parsed.success ? {} : localErrors(parsed.error.issues)), ...missing, form: FIX_HINT })
      void revealFirstError()
      return
    }
    inFlight.current = true
    setBusy(true)
    setErrors({})
    try {
      const saved = grid ? await updateGrid({ id: grid.id, ...input }) : await createGrid({ communityId, name, kind, households: input.households! })
      draft.clear()
      onSaved(saved)
    } catch (err) {
      setErrors(serverErrors(err, ['name', 'kind', 'households']))
      void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <View className={`inline-form grid-form${grid ? ' grid-edit-form' : ' grid-new-form'}`}>
      <Text className='section-title'>{grid ? `编辑「${grid.name}」` : '新建网格'}</Text>
      {draft.restored && <DraftNote className='grid-draft-note' onDiscard={() => { draft.discard(); setName(initial.name); setKind(initial.kind); setHouseholds(initial.households) }} />}
      <View className='form-field'>
        <Text className='form-label'>网格名称</Text>
        <Input
          className={`form-input grid-name${errors.name ? ' has-error' : ''}`}
          value={name}
          maxlength={60}
          placeholder='例如：第一网格'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setName(e.detail.value)
            clear('name')
          }}
        />
        <FieldError field='name' message={errors.name} />
      </View>
      <View className='form-field'>
        <Text className='form-label'>网格类型</Text>
        <ChipGroup options={GRID_KINDS} labels={GRID_KIND_LABELS} value={kind} prefix='grid-kind' half onChange={(v) => { setKind(v); clear('kind') }} />
        <Text className='form-hint'>专属网格：学校、医院、园区等单独划出的网格</Text>
        <FieldError field='kind' message={errors.kind} />
      </View>
      <View className='form-field'>
        <Text className='form-label'>户数</Text>
        <Text className='form-hint'>一般 300-500 户；不在这个范围也能保存，会有提示</Text>
        <Input
          className={`form-input grid-households${errors.households ? ' has-error' : ''}`}
          type='number'
          value={households}
          maxlength={6}
          placeholder='例如：420'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setHouseholds(e.detail.value)
            clear('households')
          }}
        />
        <FieldError field='households' message={errors.households} />
      </View>
      {errors.form ? <Text className='form-error grid-form-error'>{errors.form}</Text> : null}
      <BusyButton className='grid-submit btn-gap' busy={busy} busyText='正在保存…' onClick={() => void submit()}>
        {grid ? '保存网格' : '建好网格'}
      </BusyButton>
      {!busy && (
        <Button className='btn btn-outline btn-gap grid-cancel' onClick={cancel}>
          取消
        </Button>
      )}
    </View>
  )
}

export interface MicroGridFormProps {
  gridId: string
  gridName: string
  microGrid?: MicroGrid
  onSaved: (micro: MicroGrid) => void
  onCancel: () => void
}

/** 新建微网格 / 编辑微网格 (a building or a small estate): name and households; 50-80 is the guideline. */
export function MicroGridForm({ gridId, gridName, microGrid, onSaved, onCancel }: MicroGridFormProps) {
  const [name, setName] = useState(microGrid?.name ?? '')
  const [households, setHouseholds] = useState(microGrid?.households != null ? String(microGrid.households) : '')
  const { errors, setErrors, clear } = useErrors()
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  const initial = { name: microGrid?.name ?? '', households: microGrid?.households != null ? String(microGrid.households) : '' }
  const draft = useDraft(
    microGrid ? `admin.micro.${microGrid.id}` : `admin.micro.new.${gridId}`,
    { name, households },
    (d) => {
      setName(typeof d.name === 'string' ? d.name : initial.name)
      setHouseholds(typeof d.households === 'string' ? d.households : initial.households)
    },
    { isEmpty: (d) => d.name === initial.name && d.households === initial.households },
  )
  const cancel = () => {
    draft.discard()
    onCancel()
  }

  async function submit() {
    if (inFlight.current) return
    const input = { name, households: numberOrUndefined(households) }
    const parsed = microGrid ? ZUpdateMicroGridRequest.safeParse({ id: microGrid.id, ...input }) : ZCreateMicroGridRequest.safeParse({ gridId, ...input })
    const missing: Record<string, string> = households.trim() === '' ? { households: HOUSEHOLDS_REQUIRED } : {}
    if (!parsed.success || missing.households) {
      setErrors({ ...(parsed.success ? {} : localErrors(parsed.error.issues)), ...missing, form: FIX_HINT })
      void revealFirstError()
      return
    }
    inFlight.current = true
    setBusy(true)
    setErrors({})
    try {
      const saved = microGrid ? await updateMicroGrid({ id: microGrid.id, ...input }) : await createMicroGrid({ gridId, name, households: input.households! })
      draft.clear()
      onSaved(saved)
    } catch (err) {
      setErrors(serverErrors(err, ['name', 'households']))
      void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <View className={`inline-form micro-form${microGrid ? ' micro-edit-form' : ' micro-new-form'}`}>
      <Text className='section-title'>{microGrid ? `编辑「${microGrid.name}」` : `在「${gridName}」下新建微网格`}</Text>
      {draft.restored && <DraftNote className='micro-draft-note' onDiscard={() => { draft.discard(); setName(initial.name); setHouseholds(initial.households) }} />}
      <View className='form-field'>
        <Text className='form-label'>微网格名称</Text>
        <Input
          className={`form-input micro-name${errors.name ? ' has-error' : ''}`}
          value={name}
          maxlength={60}
          placeholder='例如：3号楼'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setName(e.detail.value)
            clear('name')
          }}
        />
        <FieldError field='name' message={errors.name} />
      </View>
      <View className='form-field'>
        <Text className='form-label'>户数</Text>
        <Text className='form-hint'>一般 50-80 户；不在这个范围也能保存，会有提示</Text>
        <Input
          className={`form-input micro-households${errors.households ? ' has-error' : ''}`}
          type='number'
          value={households}
          maxlength={6}
          placeholder='例如：64'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setHouseholds(e.detail.value)
            clear('households')
          }}
        />
        <FieldError field='households' message={errors.households} />
      </View>
      {errors.form ? <Text className='form-error micro-form-error'>{errors.form}</Text> : null}
      <BusyButton className='micro-submit btn-gap' busy={busy} busyText='正在保存…' onClick={() => void submit()}>
        {microGrid ? '保存微网格' : '建好微网格'}
      </BusyButton>
      {!busy && (
        <Button className='btn btn-outline btn-gap micro-cancel' onClick={cancel}>
          取消
        </Button>
      )}
    </View>
  )
}
