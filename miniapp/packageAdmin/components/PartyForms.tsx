import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import {
  PARTY_ORG_LEVEL_LABELS,
  ZCreatePartyOrgRequest,
  type Community,
  type CommunityStructure,
  type PartyOrg,
  type PartyOrgLevel,
  type Person,
} from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { ChipSelect, Field, FieldError, FormInput, PersonPicker, useSubmit } from '../../components/form'
import { createPartyOrg, getCommunityStructure, listAdminCommunities, updatePartyOrg } from '../../services/admin'
import { fieldErrors } from '../../services/errors'
import { confirmAction } from '../utils/confirm'
import { FIX_HINT } from '../utils/form'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { useLoader } from '../../utils/useLoader'

/** 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组: a new organisation sits one level below its parent. */
const CHILD_FIELDS = ['name', 'communityId', 'gridId', 'microGridId', 'secretaryId'] as const

export const CHILD_LEVEL: Record<PartyOrgLevel, PartyOrgLevel | null> = {
  street_committee: 'community_committee',
  community_committee: 'grid_branch',
  grid_branch: 'building_group',
  building_group: null,
}

/** Loads once the key is set (a level that needs no list has none); 重试 after a failure. */
function useRemote<T>(key: string, fetch: () => Promise<T>) {
  const loader = useLoader<T>(fetch, { lazy: true })
  const { load } = loader
  useEffect(() => {
    if (key) void load(true)
  }, [key, load])
  return { state: loader.state, reload: () => void load(true) }
}

/** A person chip from what the organisation already says about its secretary (name only: nobody sees an id). */
export function secretaryAsPerson(org: PartyOrg): Person | null {
  return org.secretaryId ? { id: org.secretaryId, displayName: org.secretaryName ?? '现任书记', phoneMasked: null, microGridName: null, roles: [] } : null
}

function RemoteNote({ state, onRetry, what }: { state: { kind: string; message?: string }; onRetry: () => void; what: string }) {
  if (state.kind === 'loading') return <Text className='form-hint'>正在加载{what}…</Text>
  if (state.kind === 'error') {
    return (
      <View className='link-text party-remote-retry' {...a11y('button', '重新加载')} onClick={onRetry}>
        <Text>{state.message}，点此重试</Text>
      </View>
    )
  }
  return null
}

export interface AddChildFormProps {
  /** null: the street committee itself (the root of a street) */
  parent: PartyOrg | null
  streetId: string
  onSaved: (org: PartyOrg) => void
  onCancel: () => void
}

/** 新增下级组织: the level follows the parent; a grid branch is built on a grid, a building group optionally on a micro-grid. */
export function AddChildForm({ parent, streetId, onSaved, onCancel }: AddChildFormProps) {
  const level: PartyOrgLevel = parent ? CHILD_LEVEL[parent.level]! : 'street_committee'
  const [name, setName] = useState('')
  const [communityId, setCommunityId] = useState(level === 'community_committee' ? '' : parent?.communityId ?? '')
  const [gridId, setGridId] = useState('')
  const [microGridId, setMicroGridId] = useState('')
  const [secretary, setSecretary] = useState<Person | null>(null)
  const f = useSubmit(CHILD_FIELDS, 'party-form-error', { fieldHint: FIX_HINT })
  const { errors, busy, clear } = f
  const draft = useDraft(
    `admin.party.new.${parent?.id ?? streetId}`,
    { name, communityId, gridId, microGridId, secretary },
    (d) => {
      if (typeof d.name === 'string') setName(d.name)
      if (typeof d.communityId === 'string' && level === 'community_committee') setCommunityId(d.communityId)
      if (typeof d.gridId === 'string') setGridId(d.gridId)
      if (typeof d.microGridId === 'string') setMicroGridId(d.microGridId)
      if (d.secretary && typeof d.secretary.id === 'string') setSecretary(d.secretary)
    },
    { isEmpty: (d) => !d.name?.trim() && !d.gridId && !d.microGridId && !d.secretary && (level !== 'community_committee' || !d.communityId) },
  )
  const cancel = () => {
    draft.discard()
    onCancel()
  }

  const communities = useRemote<Community[]>(level === 'community_committee' ? `c:${parent?.streetId ?? streetId}` : '', () =>
    listAdminCommunities({ streetId: parent?.streetId ?? streetId }),
  )
  const structureKey = (level === 'grid_branch' || level === 'building_group') && parent?.communityId ? `s:${parent.communityId}` : ''
  const structure = useRemote<CommunityStructure>(structureKey, () => getCommunityStructure(parent!.communityId!))

  /** A suggested name from the chosen place, only while nothing was typed. */
  const suggest = (text: string) => setName((prev) => (prev.trim() === '' ? text : prev))

  async function submit() {
    if (f.pending()) return
    const input = {
      level,
      name,
      parentId: parent?.id,
      streetId: level === 'street_committee' ? streetId : undefined,
      communityId: level === 'community_committee' ? communityId || undefined : undefined,
      gridId: level === 'grid_branch' ? gridId || undefined : undefined,
      microGridId: level === 'building_group' ? microGridId || undefined : undefined,
      secretaryId: secretary?.id,
    }
    const parsed = ZCreatePartyOrgRequest.safeParse(input)
    const fields: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error.issues)
    if (level === 'community_committee' && !communityId) fields.communityId = '请选择社区'
    if (level === 'grid_branch' && !gridId) fields.gridId = '请选择网格'
    if (Object.keys(fields).length > 0) {
      f.setErrors({ ...fields, form: FIX_HINT })
      return
    }
    if (secretary && !(await confirmAction('设置书记', `新建「${name.trim()}」，由 ${secretary.displayName} 担任书记？`, '确定'))) return
    const made = await f.run(() => createPartyOrg(input))
    if (made) {
      draft.clear()
      onSaved(made)
    }
  }

  const grids = structure.state.kind === 'ready' ? structure.state.data.grids : []
  const micros = grids.filter((g) => !parent?.gridId || g.id === parent.gridId).flatMap((g) => g.microGrids)
  const openCommunities = communities.state.kind === 'ready' ? communities.state.data.filter((c) => !c.archived) : []
  const pickerCommunity = level === 'community_committee' ? communityId : parent?.communityId ?? ''

  return (
    <View className='inline-form party-child-form'>
      <Text className='section-title'>
        {parent ? `在「${parent.name}」下新增${PARTY_ORG_LEVEL_LABELS[level]}` : `新建${PARTY_ORG_LEVEL_LABELS[level]}`}
      </Text>
      {draft.restored && (
        <DraftNote
          className='party-draft-note'
          onDiscard={() => {
            draft.discard()
            setName('')
            setGridId('')
            setMicroGridId('')
            setSecretary(null)
            if (level === 'community_committee') setCommunityId('')
          }}
        />
      )}

      {level === 'community_committee' && (
        <Field name='communityId' label='领导的社区' error={errors.communityId}>
          <RemoteNote state={communities.state} onRetry={communities.reload} what='社区' />
          {communities.state.kind === 'ready' && (
            <ChipSelect
              options={openCommunities.map((c) => c.id)}
              labels={(id) => openCommunities.find((c) => c.id === id)?.name ?? ''}
              chipClassName={(id) => `party-community-${openCommunities.findIndex((c) => c.id === id)}`}
              layout='half'
              groupLabel='领导的社区'
              value={communityId}
              onChange={(id) => {
                setCommunityId(id)
                setSecretary(null)
                suggest(`${openCommunities.find((c) => c.id === id)?.name ?? ''}党委`)
                clear('communityId')
              }}
            />
          )}
        </Field>
      )}

      {level === 'grid_branch' && (
        <Field name='gridId' label='所在网格' error={errors.gridId}>
          {structureKey !== '' && <RemoteNote state={structure.state} onRetry={structure.reload} what='网格' />}
          {structure.state.kind === 'ready' && grids.length === 0 && <Text className='form-hint'>社区还没有网格，请先在「网格与微网格」里建网格</Text>}
          <ChipSelect
            options={grids.map((g) => g.id)}
            labels={(id) => grids.find((g) => g.id === id)?.name ?? ''}
            chipClassName={(id) => `party-grid-${grids.findIndex((g) => g.id === id)}`}
            layout='half'
            groupLabel='所在网格'
            value={gridId}
            onChange={(id) => {
              setGridId(id)
              suggest(`${grids.find((g) => g.id === id)?.name ?? ''}党支部`)
              clear('gridId')
            }}
          />
        </Field>
      )}

      {level === 'building_group' && (
        <Field name='microGridId' label='所在楼栋（微网格，选填）' error={errors.microGridId}>
          {structureKey !== '' && <RemoteNote state={structure.state} onRetry={structure.reload} what='微网格' />}
          <ChipSelect
            clearable
            options={micros.map((m) => m.id)}
            labels={(id) => micros.find((m) => m.id === id)?.name ?? ''}
            chipClassName={(id) => `party-micro-${micros.findIndex((m) => m.id === id)}`}
            layout='half'
            groupLabel='所在楼栋'
            value={microGridId}
            onChange={(id) => {
              setMicroGridId(id ?? '')
              if (id) suggest(`${micros.find((m) => m.id === id)?.name ?? ''}党小组`)
              clear('microGridId')
            }}
          />
        </Field>
      )}

      <Field name='name' label='组织名称' error={errors.name}>
        <FormInput
          className='party-name'
          invalid={!!errors.name}
          value={name}
          maxlength={60}
          placeholder={level === 'grid_branch' ? '例如：第一网格党支部' : '组织的全称'}
          onInput={(v) => {
            setName(v)
            clear('name')
          }}
        />
      </Field>

      {level !== 'street_committee' && pickerCommunity !== '' && (
        <View className='form-field'>
          <PersonPicker
            className='party-new-secretary'
            communityId={pickerCommunity}
            value={secretary}
            onChange={(p) => {
              setSecretary(p)
              clear('secretaryId')
            }}
            label='书记（选填）'
            hint='也可以建好以后再设置'
            error={errors.secretaryId}
          />
        </View>
      )}

      {f.formError()}
      <BusyButton className='party-submit btn-gap' busy={busy} busyText='正在保存…' onClick={() => void submit()}>
        建立组织
      </BusyButton>
      {!busy && (
        <Button className='btn btn-outline btn-gap party-cancel' onClick={cancel}>
          取消
        </Button>
      )}
    </View>
  )
}

/** 改名 */
export function RenameForm({ org, onSaved, onCancel }: { org: PartyOrg; onSaved: (org: PartyOrg) => void; onCancel: () => void }) {
  const [name, setName] = useState(org.name)
  const f = useSubmit(['name'] as const, 'party-rename-error')

  async function submit() {
    if (f.pending()) return
    const text = name.trim()
    if (text.length < 2) {
      f.setErrors({ name: text === '' ? '请填写组织名称' : '组织名称至少 2 个字' })
      return
    }
    if (text === org.name) return onCancel()
    const saved = await f.run(() => updatePartyOrg({ id: org.id, name: text }), { into: 'name' })
    if (saved) onSaved(saved)
  }

  return (
    <Field name='name' className='inline-form party-rename-form' label='新的名称'>
      <FormInput className='party-rename-input' value={name} maxlength={60} {...f.bind('name', setName)} />
      <FieldError name='name' message={f.errors.name} className='party-rename-error' />
      <BusyButton className='party-rename-submit btn-gap' busy={f.busy} busyText='正在保存…' onClick={() => void submit()}>
        保存名称
      </BusyButton>
      {!f.busy && (
        <Button className='btn btn-outline btn-gap party-rename-cancel' onClick={onCancel}>
          取消
        </Button>
      )}
    </Field>
  )
}

export interface SecretaryFormProps {
  org: PartyOrg
  /** where to look for people: the organisation's community, or one chosen for a street committee */
  communityId: string
  onSaved: (org: PartyOrg) => void
  onCancel: () => void
}

/** 设置书记 / 清除书记 with the person picker; both ask first (the person and, where so set up, the grid are affected). */
export function SecretaryForm({ org, communityId, onSaved, onCancel }: SecretaryFormProps) {
  const current = secretaryAsPerson(org)
  const [person, setPerson] = useState<Person | null>(current)
  const f = useSubmit([] as const, 'party-secretary-error')
  const busy = f.busy
  const leaderNote = org.level === 'grid_branch' ? '如本社区由支部书记兼任网格长，网格长也会随之更换。' : ''

  async function save(next: Person | null) {
    if (f.pending()) return
    if (next && next.id === current?.id) return onCancel()
    const ok = next
      ? await confirmAction('设置书记', `由 ${next.displayName} 担任「${org.name}」书记？${leaderNote}`, '确定')
      : await confirmAction('清除书记', `不再由 ${current?.displayName ?? '现任书记'} 担任「${org.name}」书记？${leaderNote}`, '清除', true)
    if (!ok) return
    const saved = await f.run(() => updatePartyOrg({ id: org.id, secretaryId: next ? next.id : null }))
    if (saved) onSaved(saved)
  }

  return (
    <View className='inline-form party-secretary-form'>
      <PersonPicker
        className='party-secretary-picker'
        communityId={communityId}
        value={person}
        onChange={(p) => {
          setPerson(p)
          f.clear()
        }}
        label={`「${org.name}」的书记`}
        hint='按姓名或手机号查找'
      />
      {f.errors.form && <Text className='alert party-secretary-error'>{f.errors.form}</Text>}
      {person && person.id !== current?.id && (
        <BusyButton className='party-secretary-save btn-gap' busy={busy} busyText='正在保存…' onClick={() => void save(person)}>
          设为书记
        </BusyButton>
      )}
      {current && !busy && (
        <Button className='btn btn-outline btn-gap party-secretary-clear' onClick={() => void save(null)}>
          清除书记
        </Button>
      )}
      {!busy && (
        <Button className='btn btn-outline btn-gap party-secretary-cancel' onClick={onCancel}>
          取消
        </Button>
      )}
    </View>
  )
}
