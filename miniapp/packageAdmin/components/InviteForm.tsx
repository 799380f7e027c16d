import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import {
  APP_ROLE_LABELS,
  PARTNER_TYPES,
  PARTNER_TYPE_LABELS,
  ZCreateInvitationRequest,
  type CreateInvitationResponse,
  type Grid,
  type InviteRole,
  type PartnerType,
} from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { createInvitation, getCommunityStructure } from '../../services/admin'
import { FIX_HINT, localErrors } from '../utils/form'
import { ChipGroup } from './ChipGroup'
import { ChipSelect, Field, FormInput, useSubmit } from '../../components/form'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { useLoader } from '../../utils/useLoader'

const ROLE_HINTS: Record<InviteRole, string> = {
  staff: '社区工作者：分流诉求、发布岗位、组织议事',
  grid_worker: '网格员：负责一个网格的巡查和代办',
  unit: '驻区单位：接受邀请后建立单位档案，可以发布资源、认领需求',
  admin: '管理员：管理整个街道的社区、网格和身份',
}

const FIELDS = ['role', 'gridId', 'unitName', 'partnerType'] as const

export interface InviteFormProps {
  communityId: string
  /** only street administrators may invite another administrator */
  allowAdmin: boolean
  onCreated: (inv: CreateInvitationResponse) => void
}

/** A new single-use invitation: the role, and the grid (网格员) or the unit (驻区单位) it comes with. */
export function InviteForm({ communityId, allowAdmin, onCreated }: InviteFormProps) {
  const roles: InviteRole[] = allowAdmin ? ['staff', 'grid_worker', 'unit', 'admin'] : ['staff', 'grid_worker', 'unit']
  const [role, setRole] = useState<InviteRole | ''>('')
  const [gridId, setGridId] = useState('')
  const [unitName, setUnitName] = useState('')
  const [partnerType, setPartnerType] = useState<PartnerType | ''>('')
  // The grids are needed only for a grid worker: fetched the first time that role is chosen.
  const grids = useLoader<Grid[]>(async () => (await getCommunityStructure(communityId)).grids, { lazy: true })
  const f = useSubmit(FIELDS, 'invite-form-error', { fieldHint: FIX_HINT })
  const errors = f.errors
  const draft = useDraft(
    `admin.invite.${communityId}`,
    { role, gridId, unitName, partnerType },
    (d) => {
      if ((roles as string[]).includes(d.role)) setRole(d.role)
      if (typeof d.gridId === 'string') setGridId(d.gridId)
      if (typeof d.unitName === 'string') setUnitName(d.unitName)
      if ((PARTNER_TYPES as readonly string[]).includes(d.partnerType)) setPartnerType(d.partnerType)
    },
    { isEmpty: (d) => !d.role && !d.unitName?.trim() },
  )

  useEffect(() => {
    if (role === 'grid_worker' && grids.state.kind === 'idle') void grids.load(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [role])

  const clear = f.clear
  const gridList = grids.state.kind === 'ready' ? grids.state.data : []

  async function submit() {
    if (f.pending()) return
    const input = {
      communityId,
      role: role || undefined,
      gridId: role === 'grid_worker' ? gridId || undefined : undefined,
      unitName: role === 'unit' ? unitName.trim() || undefined : undefined,
      partnerType: role === 'unit' ? partnerType || undefined : undefined,
    }
    const parsed = ZCreateInvitationRequest.safeParse(input)
    if (!parsed.success) {
      f.setErrors(localErrors(parsed.error.issues))
      return
    }
    const created = await f.run(() => createInvitation(parsed.data))
    if (created) {
      draft.clear()
      setRole('')
      setGridId('')
      setUnitName('')
      setPartnerType('')
      onCreated(created)
    }
  }

  return (
    <View className='card invite-form'>
      <Text className='section-title'>新邀请</Text>
      {draft.restored && (
        <DraftNote
          className='invite-draft-note'
          onDiscard={() => {
            draft.discard()
            setRole('')
            setGridId('')
            setUnitName('')
            setPartnerType('')
          }}
        />
      )}
      <Field name='role' label='邀请的身份' error={errors.role}>
        <ChipGroup options={roles} labels={APP_ROLE_LABELS} value={role} prefix='invite-role' half onChange={(r) => { setRole(r); clear('role', 'gridId', 'unitName', 'partnerType') }} />
        {role !== '' && <Text className='form-hint invite-role-hint'>{ROLE_HINTS[role]}</Text>}
      </Field>

      {role === 'grid_worker' && (
        <Field name='gridId' label='负责的网格' error={errors.gridId}>
          {grids.state.kind === 'loading' && <Text className='form-hint'>正在加载网格…</Text>}
          {grids.state.kind === 'error' && (
            <View>
              <Text className='field-error'>{grids.state.message}</Text>
              <View className='link-text invite-grids-retry' {...a11y('button', '重新加载网格')} onClick={() => void grids.load(true)}>
                <Text>重新加载网格</Text>
              </View>
            </View>
          )}
          {gridList.length === 0 && grids.state.kind === 'ready' && <Text className='form-hint invite-no-grids'>社区还没有网格，请先在「网格与微网格」里建网格</Text>}
          {gridList.length > 0 && (
            <ChipSelect
              options={gridList.map((g) => g.id)}
              labels={(id) => gridList.find((g) => g.id === id)?.name ?? ''}
              chipClassName={(id) => `invite-grid-${gridList.findIndex((g) => g.id === id)}`}
              layout='half'
              groupLabel='负责的网格'
              value={gridId}
              onChange={(id) => { setGridId(id); clear('gridId') }}
            />
          )}
        </Field>
      )}

      {role === 'unit' && (
        <View>
          <Field name='unitName' label='单位名称' error={errors.unitName}>
            <FormInput
              className='invite-unit-name'
              invalid={!!errors.unitName}
              value={unitName}
              maxlength={60}
              placeholder='例如：红星物业'
              onInput={(v) => { setUnitName(v); clear('unitName') }}
            />
          </Field>
          <Field name='partnerType' label='合伙人类型（选填）' error={errors.partnerType}>
            <ChipGroup options={PARTNER_TYPES} labels={PARTNER_TYPE_LABELS} value={partnerType} prefix='invite-partner' onChange={(p) => { setPartnerType(p === partnerType ? '' : p); clear('partnerType') }} />
          </Field>
        </View>
      )}

      {f.formError()}
      <BusyButton className='invite-submit btn-gap' busy={f.busy} busyText='正在生成…' onClick={() => void submit()}>
        生成邀请码
      </BusyButton>
    </View>
  )
}
