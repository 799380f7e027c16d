import { Input, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
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
import { errorMessage } from '../../services/errors'
import { localErrors, serverErrors } from '../utils/form'
import { ChipGroup, FieldError } from './ChipGroup'
import { a11y } from '../../utils/a11y'
import { revealFirstError } from '../../utils/formErrors'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'

const ROLE_HINTS: Record<InviteRole, string> = {
  staff: '社区工作者：分流诉求、发布岗位、组织议事',
  grid_worker: '网格员：负责一个网格的巡查和代办',
  unit: '驻区单位：接受邀请后建立单位档案，可以发布资源、认领需求',
  admin: '管理员：管理整个街道的社区、网格和身份',
}

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
  const [grids, setGrids] = useState<{ kind: 'idle' | 'loading' | 'error' | 'ready'; items: Grid[]; message: string }>({ kind: 'idle', items: [], message: '' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
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

  async function loadGrids() {
    setGrids({ kind: 'loading', items: [], message: '' })
    try {
      const s = await getCommunityStructure(communityId)
      setGrids({ kind: 'ready', items: s.grids, message: '' })
    } catch (err) {
      setGrids({ kind: 'error', items: [], message: errorMessage(err) })
    }
  }

  // The grids are needed only for a grid worker: fetched the first time that role is chosen.
  useEffect(() => {
    if (role === 'grid_worker' && grids.kind === 'idle') void loadGrids()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [role])

  const clear = (...keys: string[]) =>
    setErrors((prev) => {
      const next = { ...prev }
      for (const k of [...keys, 'form']) delete next[k]
      return next
    })

  async function submit() {
    if (inFlight.current) return
    const input = {
      communityId,
      role: role || undefined,
      gridId: role === 'grid_worker' ? gridId || undefined : undefined,
      unitName: role === 'unit' ? unitName.trim() || undefined : undefined,
      partnerType: role === 'unit' ? partnerType || undefined : undefined,
    }
    const parsed = ZCreateInvitationRequest.safeParse(input)
    if (!parsed.success) {
      setErrors(localErrors(parsed.error.issues))
      void revealFirstError()
      return
    }
    inFlight.current = true
    setBusy(true)
    setErrors({})
    try {
      const created = await createInvitation(parsed.data)
      draft.clear()
      setRole('')
      setGridId('')
      setUnitName('')
      setPartnerType('')
      onCreated(created)
    } catch (err) {
      setErrors(serverErrors(err, ['role', 'gridId', 'unitName', 'partnerType']))
      void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(false)
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
      <View className='form-field'>
        <Text className='form-label'>邀请的身份</Text>
        <ChipGroup options={roles} labels={APP_ROLE_LABELS} value={role} prefix='invite-role' half onChange={(r) => { setRole(r); clear('role', 'gridId', 'unitName', 'partnerType') }} />
        {role !== '' && <Text className='form-hint invite-role-hint'>{ROLE_HINTS[role]}</Text>}
        <FieldError field='role' message={errors.role} />
      </View>

      {role === 'grid_worker' && (
        <View className='form-field'>
          <Text className='form-label'>负责的网格</Text>
          {grids.kind === 'loading' && <Text className='form-hint'>正在加载网格…</Text>}
          {grids.kind === 'error' && (
            <View>
              <Text className='field-error'>{grids.message}</Text>
              <View className='link-text invite-grids-retry' {...a11y('button', '重新加载网格')} onClick={() => void loadGrids()}>
                <Text>重新加载网格</Text>
              </View>
            </View>
          )}
          {grids.kind === 'ready' && grids.items.length === 0 && <Text className='form-hint invite-no-grids'>社区还没有网格，请先在「网格与微网格」里建网格</Text>}
          {grids.kind === 'ready' && grids.items.length > 0 && (
            <View className='chip-grid'>
              {grids.items.map((g, i) => (
                <View key={g.id} className={`chip chip-half invite-grid-${i}${gridId === g.id ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: gridId === g.id })} onClick={() => { setGridId(g.id); clear('gridId') }}>
                  <Text>{g.name}</Text>
                </View>
              ))}
            </View>
          )}
          <FieldError field='gridId' message={errors.gridId} />
        </View>
      )}

      {role === 'unit' && (
        <View>
          <View className='form-field'>
            <Text className='form-label'>单位名称</Text>
            <Input
              className={`form-input invite-unit-name${errors.unitName ? ' has-error' : ''}`}
              value={unitName}
              maxlength={60}
              placeholder='例如：红星物业'
              placeholderClass='form-placeholder'
              onInput={(e) => { setUnitName(e.detail.value); clear('unitName') }}
            />
            <FieldError field='unitName' message={errors.unitName} />
          </View>
          <View className='form-field'>
            <Text className='form-label'>合伙人类型（选填）</Text>
            <ChipGroup options={PARTNER_TYPES} labels={PARTNER_TYPE_LABELS} value={partnerType} prefix='invite-partner' onChange={(p) => { setPartnerType(p === partnerType ? '' : p); clear('partnerType') }} />
            <FieldError field='partnerType' message={errors.partnerType} />
          </View>
        </View>
      )}

      {errors.form && <Text className='form-error invite-form-error'>{errors.form}</Text>}
      <BusyButton className='invite-submit btn-gap' busy={busy} busyText='正在生成…' onClick={() => void submit()}>
        生成邀请码
      </BusyButton>
    </View>
  )
}
