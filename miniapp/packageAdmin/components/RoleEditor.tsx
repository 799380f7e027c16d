import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { APP_ROLE_LABELS, type AppRole, type Grid, type Member } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { changeRoles, getCommunityStructure } from '../../services/admin'
import { ChipSelect, Field, FieldError, useSubmit } from '../../components/form'
import { useLoader } from '../../utils/useLoader'
import { confirmAction } from '../utils/confirm'
import { a11y } from '../../utils/a11y'

/** 居民 comes from joining the community and 驻区单位 from an invitation (it creates the unit's record): neither is granted here. */
const GRANTABLE: AppRole[] = ['party_member', 'talent', 'grid_worker', 'staff']

export interface RoleEditorProps {
  member: Member
  /** the community the roles are held in (the member's, or the page's) */
  communityId: string
  /** street administrators may grant and revoke 管理员 */
  allowAdmin: boolean
  onSaved: (member: Member) => void
  onCancel: () => void
}

/** Grant or revoke roles: the changes are listed in a confirmation before anything is sent. */
export function RoleEditor({ member, communityId, allowAdmin, onSaved, onCancel }: RoleEditorProps) {
  const editable = [...GRANTABLE, ...(allowAdmin ? (['admin'] as AppRole[]) : [])]
  // a role the member holds can always be revoked here, even one that cannot be granted here
  const shown = [...editable, ...member.roles.filter((r) => r !== 'resident' && !editable.includes(r))]
  const [roles, setRoles] = useState<AppRole[]>(() => member.roles.filter((r) => r !== 'resident'))
  const [gridId, setGridId] = useState('')
  // fetched the first time 网格员 is ticked
  const grids = useLoader<Grid[]>(async () => (await getCommunityStructure(communityId)).grids, { lazy: true })
  const gridList = grids.state.kind === 'ready' ? grids.state.data : []
  const f = useSubmit(['roles'] as const, 'role-error')

  const add = roles.filter((r) => !member.roles.includes(r))
  const remove = member.roles.filter((r) => r !== 'resident' && !roles.includes(r))
  const addingGridWorker = add.includes('grid_worker')

  useEffect(() => {
    if (addingGridWorker && grids.state.kind === 'idle') void grids.load(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [addingGridWorker])

  // the roles keep the order in which they were ticked (ChipSelect reports them in the order shown)
  function pick(next: AppRole[]) {
    f.clear('roles')
    setRoles((prev) => [...prev.filter((r) => next.includes(r)), ...next.filter((r) => !prev.includes(r))])
  }

  async function save() {
    if (f.pending()) return
    if (add.length === 0 && remove.length === 0) {
      f.setErrors({ roles: '没有改动：请点选要授予或撤销的身份' })
      return
    }
    if (addingGridWorker && !gridId) {
      f.setErrors({ roles: '授予网格员请选择负责的网格' })
      return
    }
    const gridName = gridList.find((g) => g.id === gridId)?.name
    const lines = [
      add.length ? `授予：${add.map((r) => (r === 'grid_worker' && gridName ? `${APP_ROLE_LABELS[r]}（${gridName}）` : APP_ROLE_LABELS[r])).join('、')}` : '',
      remove.length ? `撤销：${remove.map((r) => APP_ROLE_LABELS[r]).join('、')}` : '',
    ].filter(Boolean)
    // taking a role away is the step with consequences: the button says so in red
    if (!(await confirmAction('修改身份', `${member.displayName}\n${lines.join('\n')}\n修改会记入操作日志。`, '确认修改', remove.length > 0))) return
    const saved = await f.run(() => changeRoles({ profileId: member.profileId, communityId, add, remove, gridId: addingGridWorker ? gridId : undefined }), { into: 'roles' })
    if (saved) onSaved(saved)
  }

  return (
    <View className='inline-form role-editor form-field' onClick={(e) => e.stopPropagation()}>
      <Text className='form-label'>{member.displayName} 的身份</Text>
      <Text className='form-hint'>点选要有的身份，再点「保存」；居民身份随加入社区而来，不在这里修改</Text>
      <ChipSelect
        multiple
        options={shown}
        labels={(r) => (roles.includes(r) ? `✓ ${APP_ROLE_LABELS[r]}` : APP_ROLE_LABELS[r])}
        prefix='role-toggle'
        layout='half'
        value={roles}
        onChange={pick}
      />

      {addingGridWorker && (
        <Field label='负责的网格'>
          {grids.state.kind === 'loading' && <Text className='form-hint'>正在加载网格…</Text>}
          {grids.state.kind === 'error' && (
            <View className='link-text role-grids-retry' {...a11y('button', '重新加载网格')} onClick={() => void grids.load(true)}>
              <Text>{grids.state.message}，点此重试</Text>
            </View>
          )}
          {grids.state.kind === 'ready' && gridList.length === 0 && <Text className='form-hint'>社区还没有网格，请先建网格</Text>}
          <ChipSelect
            options={gridList.map((g) => g.id)}
            labels={(id) => gridList.find((g) => g.id === id)?.name ?? ''}
            chipClassName={(id) => `role-grid-${gridList.findIndex((g) => g.id === id)}`}
            layout='half'
            groupLabel='负责的网格'
            value={gridId}
            onChange={(id) => { setGridId(id); f.clear('roles') }}
          />
        </Field>
      )}

      {(add.length > 0 || remove.length > 0) && (
        <Text className='form-hint role-summary'>
          {add.length > 0 ? `将授予：${add.map((r) => APP_ROLE_LABELS[r]).join('、')}。` : ''}
          {remove.length > 0 ? `将撤销：${remove.map((r) => APP_ROLE_LABELS[r]).join('、')}。` : ''}
        </Text>
      )}
      <FieldError name='roles' message={f.errors.roles} className='alert role-error' />
      <BusyButton className='role-save btn-gap' busy={f.busy} busyText='正在保存…' onClick={() => void save()}>
        保存
      </BusyButton>
      {!f.busy && (
        <Button className='btn btn-outline btn-gap role-cancel' onClick={onCancel}>
          取消
        </Button>
      )}
    </View>
  )
}
