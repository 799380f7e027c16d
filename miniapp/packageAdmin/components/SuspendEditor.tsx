import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Member } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { suspendMember } from '../../services/admin'
import { useDraft } from '../../utils/draft'
import { confirmAction } from '../utils/confirm'
import { DraftNote } from '../../components/DraftNote'
import { FieldError, FormTextarea, useSubmit } from '../../components/form'

export interface SuspendEditorProps {
  member: Member
  onSaved: (member: Member) => void
  onCancel: () => void
}

const REASON_MIN = 2
const REASON_MAX = 200

/**
 * 停用账号 / 恢复账号 for one member. Suspending needs a reason (the person's managers read it, the log keeps it);
 * either way the person is named in a confirmation first, because the change takes effect on their very next request.
 */
export function SuspendEditor({ member, onSaved, onCancel }: SuspendEditorProps) {
  const suspending = !member.suspended
  const [reason, setReason] = useState('')
  const f = useSubmit(['reason'] as const, 'suspend-error')
  const draft = useDraft(`admin.suspend.${member.profileId}`, { reason }, (d) => setReason(typeof d.reason === 'string' ? d.reason : ''), {
    isEmpty: (d) => !d.reason?.trim(),
    enabled: suspending,
  })
  const cancel = () => {
    draft.discard()
    onCancel()
  }

  async function save() {
    if (f.pending()) return
    const text = reason.trim()
    if (suspending && text.length < REASON_MIN) {
      f.setErrors({ reason: `请填写停用原因（至少 ${REASON_MIN} 个字）` })
      return
    }
    const ok = suspending
      ? await confirmAction('停用账号', `确定停用「${member.displayName}」的账号吗？\n停用后 TA 将立即无法使用小程序，直到管理员恢复。\n原因：${text}\n停用会记入操作日志。`, '停用', true)
      : await confirmAction('恢复账号', `确定恢复「${member.displayName}」的账号吗？\n恢复后 TA 可以立即重新使用小程序。\n恢复会记入操作日志。`, '恢复')
    if (!ok) return
    const saved = await f.run(() => suspendMember({ profileId: member.profileId, suspend: suspending, reason: suspending ? text : undefined }), { into: 'reason' })
    if (saved) {
      draft.clear()
      onSaved(saved)
    }
  }

  return (
    <View className='inline-form suspend-editor form-field' onClick={(e) => e.stopPropagation()}>
      {draft.restored && <DraftNote className='suspend-draft-note' onDiscard={() => { draft.discard(); setReason('') }} />}
      <Text className='form-label'>{suspending ? `停用 ${member.displayName} 的账号` : `恢复 ${member.displayName} 的账号`}</Text>
      {suspending ? (
        <>
          <Text className='form-hint'>停用后，TA 的所有操作会立即被拒绝，直到管理员恢复；原因只有管理 TA 所在社区的工作人员能看到</Text>
          <FormTextarea className='suspend-reason' value={reason} maxlength={REASON_MAX} placeholder='例如：多次发布广告骚扰邻居' {...f.bind('reason', setReason)} />
          <Text className='form-hint suspend-count'>{`${reason.trim().length}/${REASON_MAX}`}</Text>
        </>
      ) : (
        member.suspendedReason && <Text className='form-hint suspend-current-reason'>{`停用原因：${member.suspendedReason}`}</Text>
      )}
      <FieldError name='reason' message={f.errors.reason} className='alert suspend-error' />
      <BusyButton className='suspend-submit btn-gap' busy={f.busy} busyText={suspending ? '正在停用…' : '正在恢复…'} onClick={() => void save()}>
        {suspending ? '停用账号' : '恢复账号'}
      </BusyButton>
      {!f.busy && (
        <Button className='btn btn-outline btn-gap suspend-cancel' onClick={cancel}>
          取消
        </Button>
      )}
    </View>
  )
}
