import { Button, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import type { Member } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { suspendMember } from '../../services/admin'
import { errorMessage } from '../../services/errors'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { confirmAction } from '../utils/confirm'
import { DraftNote } from '../../components/DraftNote'

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
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  // a second tap while the first request is out must not send twice (Taro's disabled button still clicks on H5)
  const inFlight = useRef(false)
  const draft = useDraft(`admin.suspend.${member.profileId}`, { reason }, (d) => setReason(typeof d.reason === 'string' ? d.reason : ''), {
    isEmpty: (d) => !d.reason?.trim(),
    enabled: suspending,
  })
  const cancel = () => {
    draft.discard()
    onCancel()
  }

  async function save() {
    if (inFlight.current) return
    const text = reason.trim()
    if (suspending && text.length < REASON_MIN) {
      setError(`请填写停用原因（至少 ${REASON_MIN} 个字）`)
      void revealFirstError()
      return
    }
    const ok = suspending
      ? await confirmAction('停用账号', `确定停用「${member.displayName}」的账号吗？\n停用后 TA 将立即无法使用小程序，直到管理员恢复。\n原因：${text}\n停用会记入操作日志。`, '停用', true)
      : await confirmAction('恢复账号', `确定恢复「${member.displayName}」的账号吗？\n恢复后 TA 可以立即重新使用小程序。\n恢复会记入操作日志。`, '恢复')
    if (!ok) return
    inFlight.current = true
    setBusy(true)
    setError('')
    try {
      const saved = await suspendMember({ profileId: member.profileId, suspend: suspending, reason: suspending ? text : undefined })
      draft.clear()
      onSaved(saved)
    } catch (err) {
      setError(errorMessage(err))
      void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <View className='inline-form suspend-editor form-field' onClick={(e) => e.stopPropagation()}>
      {draft.restored && <DraftNote className='suspend-draft-note' onDiscard={() => { draft.discard(); setReason('') }} />}
      <Text className='form-label'>{suspending ? `停用 ${member.displayName} 的账号` : `恢复 ${member.displayName} 的账号`}</Text>
      {suspending ? (
        <>
          <Text className='form-hint'>停用后，TA 的所有操作会立即被拒绝，直到管理员恢复；原因只有管理 TA 所在社区的工作人员能看到</Text>
          <Textarea
            className={`form-textarea suspend-reason${error ? ' has-error' : ''}`}
            value={reason}
            maxlength={REASON_MAX}
            placeholder='例如：多次发布广告骚扰邻居'
            placeholderClass='form-placeholder'
            onInput={(e) => {
              setReason(e.detail.value)
              setError('')
            }}
          />
          <Text className='form-hint suspend-count'>{`${reason.trim().length}/${REASON_MAX}`}</Text>
        </>
      ) : (
        member.suspendedReason && <Text className='form-hint suspend-current-reason'>{`停用原因：${member.suspendedReason}`}</Text>
      )}
      {error !== '' && <Text className='alert field-error field-error-reason suspend-error'>{error}</Text>}
      <BusyButton className='suspend-submit btn-gap' busy={busy} busyText={suspending ? '正在停用…' : '正在恢复…'} onClick={() => void save()}>
        {suspending ? '停用账号' : '恢复账号'}
      </BusyButton>
      {!busy && (
        <Button className='btn btn-outline btn-gap suspend-cancel' onClick={cancel}>
          取消
        </Button>
      )}
    </View>
  )
}
