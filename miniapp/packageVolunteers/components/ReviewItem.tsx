import { Button, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { REGISTRATION_STATUS_LABELS, TALENT_SOURCE_LABELS, VOLUNTEER_KIND_LABELS, type Registration } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { reviewVolunteer } from '../../services/volunteers'
import { confirmAction } from '../../utils/confirm'
import { formatDateTime } from '../../utils/format'
import { revealFirstError } from '../../utils/formErrors'
import { ReasonPanel, clearReasonDraft } from './ReasonPanel'
import { DetailRow } from '../../components/DetailRow'

export interface ReviewItemProps {
  registration: Registration
  onChange: (registration: Registration) => void
}

/** A registration for staff: who, what they offer, and 通过 / 不通过 (with a reason) while pending. */
export function ReviewItem({ registration: r, onChange }: ReviewItemProps) {
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null)
  const [rejecting, setRejecting] = useState(false)
  const [error, setError] = useState<{ message: string; field?: string } | null>(null)
  const inFlight = useRef(false)

  async function review(approve: boolean, reason?: string) {
    if (inFlight.current) return
    const kind = VOLUNTEER_KIND_LABELS[r.kind]
    const ok = await confirmAction(
      approve
        ? { title: '通过报到', content: `通过${r.displayName}的${kind}报到？通过后${r.displayName}可以认领本社区的服务岗位。`, confirmText: '通过' }
        : { title: '不通过报到', content: `不通过${r.displayName}的${kind}报到？${r.displayName}会看到您填写的原因。`, confirmText: '不通过', danger: true },
    )
    if (!ok || inFlight.current) return
    inFlight.current = true
    setBusy(approve ? 'approve' : 'reject')
    setError(null)
    try {
      const next = await reviewVolunteer({ id: r.id, approve, reason })
      if (!approve) clearReasonDraft('review', r.id)
      setRejecting(false)
      onChange(next)
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined
      setError({ message: errorMessage(err), field })
      if (field === 'reason') void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }

  return (
    <View className={`card review-item review-item-${r.status}`} data-id={r.id}>
      <View className='item-head'>
        <Text className='item-title review-name'>{r.displayName}</Text>
        <Text className={`v-badge v-status-${r.status} review-status`}>{REGISTRATION_STATUS_LABELS[r.status]}</Text>
      </View>
      <View className='review-tags'>
        <Text className='v-tag review-kind'>{VOLUNTEER_KIND_LABELS[r.kind]}</Text>
        {r.kind === 'talent' && <Text className='v-tag review-source'>{TALENT_SOURCE_LABELS[r.source]}</Text>}
      </View>
      {r.workUnit && <DetailRow label='工作单位' value={r.workUnit} className='review-work-unit' />}
      {r.partyOrg && <DetailRow label='党组织' value={r.partyOrg} className='review-party-org' />}
      {r.skills.length > 0 && <DetailRow label='特长' value={r.skills.join('、')} className='review-skills' />}
      {r.intro && <DetailRow label='介绍' value={r.intro} className='review-intro' />}
      {r.recommendedByName && <DetailRow label='推荐人' value={r.recommendedByName} className='review-recommender' />}
      {r.recommendReason && <DetailRow label='推荐理由' value={r.recommendReason} className='review-recommend-reason' />}
      <DetailRow label='提交时间' value={formatDateTime(r.createdAt)} className='review-created' />
      {r.reviewReason && <DetailRow label='审核意见' value={r.reviewReason} className='review-reason-text' />}

      {r.status === 'pending' && !rejecting && (
        <View className='btn-row'>
          <BusyButton className='review-approve' busy={busy === 'approve'} busyText='正在提交…' onClick={() => void review(true)}>
            通过
          </BusyButton>
          <Button className='btn btn-outline review-reject' onClick={() => { setRejecting(true); setError(null) }}>
            不通过
          </Button>
        </View>
      )}
      {r.status === 'pending' && rejecting && (
        <ReasonPanel
          prefix='review'
          draftId={r.id}
          label='不通过的原因'
          placeholder='例如：工作单位信息不完整，请补充后重新报到'
          submitText='确定不通过'
          busy={busy === 'reject'}
          serverError={error?.field === 'reason' ? error.message : undefined}
          onSubmit={(reason) => void review(false, reason)}
          onCancel={() => { setRejecting(false); setError(null) }}
        />
      )}
      {error && error.field !== 'reason' && <Text className='alert review-error'>{error.message}</Text>}
    </View>
  )
}
