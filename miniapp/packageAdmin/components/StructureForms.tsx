import { Button, Text, View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
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
import { FIX_HINT, localErrors, numberOrUndefined } from '../utils/form'
import { useDraft } from '../../utils/draft'
import { ChipGroup } from './ChipGroup'
import { Field, FormInput, useSubmit } from '../../components/form'
import { DraftNote } from '../../components/DraftNote'

const HOUSEHOLDS_REQUIRED = '请填写户数'

type Parsed = { success: true } | { success: false; error: { issues: Parameters<typeof localErrors>[0] } }

/**
 * The save of a grid or a micro-grid: the contract's check plus a required households count, one write at a time,
 * the server's field errors under their fields.
 */
function useSave<T>(fields: string[], onSaved: (saved: T) => void, draft: { clear: () => void }) {
  const f = useSubmit(fields, 'structure-form-error', { fieldHint: FIX_HINT })
  // SaveBar shows the form's line; the fields show theirs
  const errors = f.errors as Record<string, string>

  async function save(parsed: Parsed, households: string, write: () => Promise<T>) {
    if (f.pending()) return
    const missing: Record<string, string> = households.trim() === '' ? { households: HOUSEHOLDS_REQUIRED } : {}
    if (!parsed.success || missing.households) {
      f.setErrors({ ...(parsed.success ? {} : localErrors(parsed.error.issues)), ...missing, form: FIX_HINT })
      return
    }
    const saved = await f.run(write)
    if (saved) {
      draft.clear()
      onSaved(saved)
    }
  }

  return { errors, busy: f.busy, clear: (field: string) => f.clear(field), save }
}

interface SizeFieldsProps {
  /** class prefix: `<prefix>-name`, `<prefix>-households` */
  prefix: 'grid' | 'micro'
  nameLabel: string
  namePlaceholder: string
  householdsHint: string
  householdsPlaceholder: string
  name: string
  households: string
  setName: (v: string) => void
  setHouseholds: (v: string) => void
  errors: Record<string, string>
  clear: (field: string) => void
  /** fields between the name and the households (a grid's kind) */
  children?: ReactNode
}

/** The name and households of a grid or a micro-grid: both forms ask for them the same way. */
function SizeFields(p: SizeFieldsProps) {
  return (
    <>
      <Field name='name' label={p.nameLabel} error={p.errors.name}>
        <FormInput
          className={`${p.prefix}-name`}
          invalid={!!p.errors.name}
          value={p.name}
          maxlength={60}
          placeholder={p.namePlaceholder}
          onInput={(v) => {
            p.setName(v)
            p.clear('name')
          }}
        />
      </Field>
      {p.children}
      <Field name='households' label='户数' hint={p.householdsHint} error={p.errors.households}>
        <FormInput
          className={`${p.prefix}-households`}
          invalid={!!p.errors.households}
          type='number'
          value={p.households}
          maxlength={6}
          placeholder={p.householdsPlaceholder}
          onInput={(v) => {
            p.setHouseholds(v)
            p.clear('households')
          }}
        />
      </Field>
    </>
  )
}

/** The form's error, save and 取消 (hidden while saving). */
function SaveBar({ prefix, error, busy, text, onSave, onCancel }: { prefix: string; error?: string; busy: boolean; text: string; onSave: () => void; onCancel: () => void }) {
  return (
    <>
      {error ? <Text className={`form-error ${prefix}-form-error`}>{error}</Text> : null}
      <BusyButton className={`${prefix}-submit btn-gap`} busy={busy} busyText='正在保存…' onClick={onSave}>
        {text}
      </BusyButton>
      {!busy && (
        <Button className={`btn btn-outline btn-gap ${prefix}-cancel`} onClick={onCancel}>
          取消
        </Button>
      )}
    </>
  )
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
  const { errors, busy, clear, save } = useSave<Grid>(['name', 'kind', 'households'], onSaved, draft)
  const cancel = () => {
    draft.discard()
    onCancel()
  }

  function submit() {
    const input = { name, kind, households: numberOrUndefined(households) }
    const parsed = grid ? ZUpdateGridRequest.safeParse({ id: grid.id, ...input }) : ZCreateGridRequest.safeParse({ communityId, ...input })
    return save(parsed, households, () =>
      grid ? updateGrid({ id: grid.id, ...input }) : createGrid({ communityId, name, kind, households: input.households! }),
    )
  }

  return (
    <View className={`inline-form grid-form${grid ? ' grid-edit-form' : ' grid-new-form'}`}>
      <Text className='section-title'>{grid ? `编辑「${grid.name}」` : '新建网格'}</Text>
      {draft.restored && <DraftNote className='grid-draft-note' onDiscard={() => { draft.discard(); setName(initial.name); setKind(initial.kind); setHouseholds(initial.households) }} />}
      <SizeFields
        prefix='grid'
        nameLabel='网格名称'
        namePlaceholder='例如：第一网格'
        householdsHint='一般 300-500 户；不在这个范围也能保存，会有提示'
        householdsPlaceholder='例如：420'
        {...{ name, households, setName, setHouseholds, errors, clear }}
      >
        <Field name='kind' label='网格类型' error={errors.kind}>
          <ChipGroup options={GRID_KINDS} labels={GRID_KIND_LABELS} value={kind} prefix='grid-kind' half onChange={(v) => { setKind(v); clear('kind') }} />
          <Text className='form-hint'>专属网格：学校、医院、园区等单独划出的网格</Text>
        </Field>
      </SizeFields>
      <SaveBar prefix='grid' error={errors.form} busy={busy} text={grid ? '保存网格' : '建好网格'} onSave={() => void submit()} onCancel={cancel} />
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
  const { errors, busy, clear, save } = useSave<MicroGrid>(['name', 'households'], onSaved, draft)
  const cancel = () => {
    draft.discard()
    onCancel()
  }

  function submit() {
    const input = { name, households: numberOrUndefined(households) }
    const parsed = microGrid ? ZUpdateMicroGridRequest.safeParse({ id: microGrid.id, ...input }) : ZCreateMicroGridRequest.safeParse({ gridId, ...input })
    return save(parsed, households, () =>
      microGrid ? updateMicroGrid({ id: microGrid.id, ...input }) : createMicroGrid({ gridId, name, households: input.households! }),
    )
  }

  return (
    <View className={`inline-form micro-form${microGrid ? ' micro-edit-form' : ' micro-new-form'}`}>
      <Text className='section-title'>{microGrid ? `编辑「${microGrid.name}」` : `在「${gridName}」下新建微网格`}</Text>
      {draft.restored && <DraftNote className='micro-draft-note' onDiscard={() => { draft.discard(); setName(initial.name); setHouseholds(initial.households) }} />}
      <SizeFields
        prefix='micro'
        nameLabel='微网格名称'
        namePlaceholder='例如：3号楼'
        householdsHint='一般 50-80 户；不在这个范围也能保存，会有提示'
        householdsPlaceholder='例如：64'
        {...{ name, households, setName, setHouseholds, errors, clear }}
      />
      <SaveBar prefix='micro' error={errors.form} busy={busy} text={microGrid ? '保存微网格' : '建好微网格'} onSave={() => void submit()} onCancel={cancel} />
    </View>
  )
}
