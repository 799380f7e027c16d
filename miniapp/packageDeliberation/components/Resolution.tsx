import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ACTION_STATUS_LABELS, type Person, type Resolution } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { PersonPicker } from '../../components/PersonPicker'
import type { AddActionInput } from '../../services/deliberation'
import { getProfile } from '../../services/session'
import { a11y } from '../../utils/a11y'
import { confirmAction } from '../../utils/confirm'
import { useDraft } from '../../utils/draft'
import { beijingDay, formatDate, formatDateTime } from '../../utils/format'
import { DraftNote } from '../../components/DraftNote'
import { Field, FormInput, FormTextarea, useSubmit } from '../../components/form'
import './delib.scss'

type Action = Resolution['actions'][number]
type Done = (r: Resolution) => void

export function ProgressBar({ percent, className }: { percent: number; className: string }) {
  const p = Math.max(0, Math.min(100, Math.round(percent)))
  return (
    <View className={className} data-percent={p}>
      <View className='bar'>
        <View className='bar-fill' style={{ width: `${p}%` }} />
      </View>
      <Text className='progress-text'>完成 {p}%</Text>
    </View>
  )
}

/** 跟进: the owner reports a percentage and what was done. */
export function ProgressForm({ action, submit, onSuccess }: { action: Action; submit: (note: string, percent: number) => Promise<Resolution>; onSuccess: Done }) {
  const [percent, setPercent] = useState(String(action.percent))
  const [note, setNote] = useState('')
  const f = useSubmit(['percent', 'note'] as const, 'action-error')
  const draft = useDraft<{ percent: string; note: string }>(
    `action-progress:${action.id}`,
    { percent, note },
    (d) => {
      setPercent(d.percent ?? String(action.percent))
      setNote(d.note ?? '')
    },
    { isEmpty: (d) => !d.note.trim() && d.percent === String(action.percent) },
  )
  async function handleSubmit() {
    const p = percent.trim() === '' ? Number.NaN : Number(percent)
    if (!Number.isFinite(p) || p < 0 || p > 100) {
      f.setErrors({ percent: '请填写 0 到 100 之间的完成百分比' })
      return
    }
    if (!note.trim()) {
      f.setErrors({ note: '请写一句做了什么' })
      return
    }
    const r = await f.run(() => submit(note, p))
    if (r) {
      draft.clear()
      setNote('')
      onSuccess(r)
    }
  }
  return (
    <View className='action-progress-form'>
      <Text className='section-title'>更新进展（我负责的事项）</Text>
      {draft.restored && (
        <DraftNote className='action-draft-note' onDiscard={() => {
          draft.discard()
          setPercent(String(action.percent))
          setNote('')
        }} />
      )}
      <Field name='percent' label='完成了多少（百分比）' hint='0 到 100；填 100 即报告完成，由社区工作者验收' error={f.errors.percent}>
        <FormInput className='action-percent' type='number' maxlength={3} value={percent} {...f.bind('percent', setPercent)} />
      </Field>
      <Field name='note' label='做了什么' error={f.errors.note}>
        <FormTextarea className='action-note' value={note} maxlength={500} placeholder='做了什么、下一步怎么做' {...f.bind('note', setNote)} />
      </Field>
      {f.formError()}
      <BusyButton className='action-submit' busy={f.busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交进展
      </BusyButton>
    </View>
  )
}

/** 验收 (staff): accept the owner's report, or return it with a reason; both ask first, naming the item. */
export function ActionReview({ action, accept, giveBack, onSuccess }: {
  action: Action
  accept: () => Promise<Resolution>
  giveBack: (reason: string) => Promise<Resolution>
  onSuccess: Done
}) {
  const [returning, setReturning] = useState(false)
  const [reason, setReason] = useState('')
  const f = useSubmit(['reason'] as const, 'action-review-error')
  async function handleAccept() {
    const ok = await confirmAction({ title: '验收通过', content: `确认${action.ownerName}负责的「${action.title}」已按要求完成？验收后不能撤回。`, confirmText: '验收通过' })
    if (!ok) return
    const r = await f.run(accept)
    if (r) onSuccess(r)
  }
  async function handleReturn() {
    if (reason.trim().length < 2) {
      f.setErrors({ reason: '请填写退回原因（至少 2 个字）' })
      return
    }
    const ok = await confirmAction({ title: '退回事项', content: `将「${action.title}」退回给${action.ownerName}重新办理？退回原因：${reason.trim()}`, confirmText: '退回', danger: true })
    if (!ok) return
    const r = await f.run(() => giveBack(reason.trim()))
    if (r) {
      setReason('')
      setReturning(false)
      onSuccess(r)
    }
  }
  return (
    <View className='action-review'>
      <Text className='form-label'>{action.ownerName}已报告完成，请核实后验收</Text>
      <View className='chips'>
        <BusyButton className='action-accept' busy={f.busy && !returning} busyText='正在验收…' onClick={() => void handleAccept()}>
          验收通过
        </BusyButton>
        {!returning && (
          <View className='chip action-return' {...a11y('button', `退回「${action.title}」`)} onClick={() => setReturning(true)}>
            <Text>退回</Text>
          </View>
        )}
      </View>
      {returning && (
        <View className='action-return-form form-field'>
          <Text className='form-label'>退回原因</Text>
          <FormTextarea className='action-return-reason' value={reason} maxlength={200} placeholder='退回原因：还差什么、要怎样才算完成' {...f.bind('reason', setReason)} />
          {f.fieldError('reason')}
          <View className='delib-gap' />
          <BusyButton className='action-return-submit' busy={f.busy} busyText='正在退回…' onClick={() => void handleReturn()}>
            确认退回
          </BusyButton>
        </View>
      )}
      {f.formError()}
    </View>
  )
}

export function ActionItem({ action, mine, canReview = false, submitProgress, accept, giveBack, onChanged }: {
  action: Action
  mine: boolean
  /** staff of the resolution's community: they accept or return a report, except their own */
  canReview?: boolean
  submitProgress: (note: string, percent: number) => Promise<Resolution>
  accept?: () => Promise<Resolution>
  giveBack?: (reason: string) => Promise<Resolution>
  onChanged: Done
}) {
  const returned = action.status === 'in_progress' && action.returnReason
  return (
    <View className={`card action-item is-${action.status}${action.overdue ? ' is-overdue' : ''}`} data-id={action.id}>
      <Text className='form-label action-title-text'>{action.title}</Text>
      <Text className={`delib-badge action-status${action.status === 'done' ? ' is-ok' : ''}`}>
        {returned ? '已退回' : ACTION_STATUS_LABELS[action.status]}
      </Text>
      <Text className='delib-meta action-owner'>负责人：{action.ownerName}</Text>
      <Text className={`delib-meta action-due${action.overdue ? ' overdue' : ''}`}>
        期限：{formatDate(action.dueAt)}
        {action.overdue ? '（已超期）' : ''}
      </Text>
      {action.doneAt && <Text className='delib-meta action-done-at'>验收于 {formatDateTime(action.doneAt)}</Text>}
      {returned && <Text className='delib-meta action-returned'>退回原因：{action.returnReason}</Text>}
      <ProgressBar percent={action.percent} className='action-progress' />
      {action.progress.length > 0 && (
        <View className='action-log'>
          {action.progress.map((p, i) => (
            <View key={i} className='list-line action-log-item'>
              <Text>
                {p.percent}% · {p.note}
              </Text>
              <Text className='delib-meta'>{formatDateTime(p.at)}</Text>
            </View>
          ))}
        </View>
      )}
      {mine && action.status === 'reported' && <Text className='delib-meta action-waiting'>已报告完成，等待社区工作者验收</Text>}
      {mine && action.status !== 'done' && <ProgressForm action={action} submit={submitProgress} onSuccess={onChanged} />}
      {/* 验收 is someone else's check of the owner's report: the server refuses the owner (action.accept_own) */}
      {canReview && !mine && action.status === 'reported' && accept && giveBack && (
        <ActionReview action={action} accept={accept} giveBack={giveBack} onSuccess={onChanged} />
      )}
    </View>
  )
}

/** 督查: notes from staff and resident representatives. */
export function Supervision({ resolution, submit, onSuccess }: { resolution: Resolution; submit: (note: string) => Promise<Resolution>; onSuccess: Done }) {
  const [note, setNote] = useState('')
  const f = useSubmit(['note'] as const, 'supervise-error')
  const draft = useDraft<string>(`supervise:${resolution.id}`, note, (d) => setNote(typeof d === 'string' ? d : ''), { isEmpty: (d) => !d.trim() })
  async function handleSubmit() {
    if (!note.trim()) {
      f.setErrors({ note: '请写下您看到的落实情况' })
      return
    }
    const r = await f.run(() => submit(note))
    if (r) {
      draft.clear()
      setNote('')
      onSuccess(r)
    }
  }
  return (
    <View className='card resolution-supervision'>
      <Text className='section-title'>督查意见</Text>
      {resolution.supervisions.length === 0 && <Text className='delib-meta supervisions-empty'>还没有督查意见</Text>}
      {resolution.supervisions.map((s, i) => (
        <View key={i} className='list-line supervision-item'>
          <Text>
            {s.authorName}：{s.note}
          </Text>
          <Text className='delib-meta'>{formatDateTime(s.at)}</Text>
        </View>
      ))}
      <View className='delib-gap' />
      {draft.restored && (
        <DraftNote className='supervise-draft-note' onDiscard={() => {
          draft.discard()
          setNote('')
        }} />
      )}
      <Field name='note' label='我的督查意见' error={f.errors.note}>
        <FormTextarea className='supervise-note' value={note} maxlength={500} placeholder='您看到的落实情况、发现的问题' {...f.bind('note', setNote)} />
      </Field>
      {f.formError()}
      <BusyButton className='supervise-submit btn-quiet' busy={f.busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交督查意见
      </BusyButton>
    </View>
  )
}

const WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'] as const

/** 评价: the average for everyone; the stars for a resident once the resolution is completed. */
export function ResolutionRating({ resolution, canRate, submit, onSuccess }: { resolution: Resolution; canRate: boolean; submit: (rating: number, comment?: string) => Promise<Resolution>; onSuccess: Done }) {
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const f = useSubmit(['rating', 'comment'] as const, 'resolution-rate-error')
  const draft = useDraft<{ rating: number; comment: string }>(
    `resolution-rate:${resolution.id}`,
    { rating, comment },
    (d) => {
      setRating(typeof d.rating === 'number' ? d.rating : 0)
      setComment(d.comment ?? '')
    },
    { isEmpty: (d) => !d.rating && !d.comment.trim(), enabled: canRate && resolution.status === 'completed' && resolution.myRating === null },
  )
  async function handleSubmit() {
    if (rating < 1) {
      f.setErrors({ rating: '请选择 1 到 5 星' })
      return
    }
    const r = await f.run(() => submit(rating, comment.trim() || undefined))
    if (r) {
      draft.clear()
      onSuccess(r)
    }
  }
  const avg = resolution.rating
  return (
    <View className='card resolution-evaluation'>
      <Text className='section-title'>居民评价</Text>
      <View className='resolution-rating'>
        {avg !== null && resolution.ratings > 0 ? (
          <Text className='resolution-average'>
            {'★'.repeat(Math.round(avg))}
            {'☆'.repeat(5 - Math.round(avg))} 平均 {avg.toFixed(1)} 分 · {resolution.ratings} 人评价
          </Text>
        ) : (
          <Text className='delib-meta'>{resolution.status === 'completed' ? '还没有人评价' : '决议落实完成后，居民可以打分评价'}</Text>
        )}
        {resolution.myRating !== null && <Text className='delib-meta resolution-my-rating'>我的评价：{resolution.myRating} 星</Text>}
      </View>
      {canRate && resolution.status === 'completed' && resolution.myRating === null && (
        <View className='resolution-rate-form'>
          {draft.restored && (
            <DraftNote className='rate-draft-note' onDiscard={() => {
              draft.discard()
              setRating(0)
              setComment('')
            }} />
          )}
          <Field name='rating' label='落实得怎么样？请点星星打分' error={f.errors.rating}>
          <View className='stars' {...a11y('radiogroup', '打分')}>
            {[1, 2, 3, 4, 5].map((n) => (
              <View
                key={n}
                className={`star resolution-star-${n}${n <= rating ? ' is-on' : ''}`}
                {...a11y('radio', `${n} 星，${WORDS[n]}`, { checked: rating === n })}
                onClick={() => { setRating(n); f.clear('rating') }}
              >
                <Text>★</Text>
              </View>
            ))}
          </View>
          <Text className='delib-meta resolution-rate-choice'>{rating ? `${rating} 星 · ${WORDS[rating]}` : '还没有打分'}</Text>
          </Field>
          <Field name='comment' label='说几句（选填）' error={f.errors.comment}>
            <FormTextarea className='resolution-comment' value={comment} maxlength={500} placeholder='说几句（选填）' {...f.bind('comment', setComment)} />
          </Field>
          {f.formError()}
          <BusyButton className='resolution-rate' busy={f.busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
            提交评价
          </BusyButton>
        </View>
      )}
    </View>
  )
}

export interface AddActionFormProps {
  me: { id: string; name: string } | null
  /** the resolution's community, where the owner is looked for; the signed-in person's own when left out */
  communityId?: string
  submit: (input: AddActionInput) => Promise<Resolution>
  onSuccess: Done
}

/** 添加落实事项 (staff): the owner found by name (or oneself in one tap); due date as chips or typed. */
export function AddActionForm({ me, communityId, submit, onSuccess }: AddActionFormProps) {
  const [title, setTitle] = useState('')
  const [owner, setOwner] = useState<Person | null>(null)
  const [community] = useState(() => communityId ?? getProfile()?.communityId ?? '')
  const [due, setDue] = useState(() => beijingDay(14))
  const f = useSubmit(['title', 'ownerId', 'dueAt'] as const, 'action-add-error')
  const draft = useDraft<{ title: string; owner: Person | null; due: string }>(
    `action-add:${communityId ?? ''}:${me?.id ?? ''}`,
    { title, owner, due },
    (d) => {
      setTitle(d.title ?? '')
      setOwner(d.owner ?? null)
      if (d.due) setDue(d.due)
    },
    { isEmpty: (d) => !d.title.trim() && !d.owner },
  )
  async function handleSubmit() {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due.trim()) || Number.isNaN(Date.parse(`${due.trim()}T18:00:00+08:00`))) {
      f.setErrors({ dueAt: '请按“2026-12-01”的格式填写期限' })
      return
    }
    if (!owner) {
      f.setErrors({ ownerId: '请选择负责人' })
      return
    }
    const r = await f.run(() => submit({ title, ownerId: owner.id, dueAt: `${due.trim()}T18:00:00+08:00` }))
    if (r) {
      draft.clear()
      setTitle('')
      setOwner(null)
      onSuccess(r)
    }
  }
  return (
    <View className='card action-add-form'>
      <Text className='section-title'>添加落实事项</Text>
      {draft.restored && (
        <DraftNote className='action-add-draft-note' onDiscard={() => {
          draft.discard()
          setTitle('')
          setOwner(null)
        }} />
      )}
      <Field name='title' label='事项' error={f.errors.title}>
        <FormInput className='action-title' value={title} maxlength={100} placeholder='例如：联系供电公司勘察线路' {...f.bind('title', setTitle)} />
      </Field>
      <PersonPicker
        className='action-owner-picker'
        communityId={communityId ?? community}
        value={owner}
        onChange={(p) => {
          setOwner(p)
          f.clear('ownerId')
        }}
        label='负责人'
        hint='输入姓名查找社区工作者、网格员或居民'
        placeholder='输入姓名或手机号查找'
        error={f.errors.ownerId}
      />
      {me && !owner && (
        <View className='chips action-owner-quick'>
          <View
            className='chip action-owner-me'
            {...a11y('button')}
            onClick={() => {
              setOwner({ id: me.id, displayName: me.name, phoneMasked: null, microGridName: null, roles: [] })
              f.clear('ownerId')
            }}
          >
            <Text>{`由我负责（${me.name}）`}</Text>
          </View>
        </View>
      )}
      <Field name='dueAt' label='完成期限' error={f.errors.dueAt}>
        <View className='chips'>
          {[{ d: 7, w: '一周' }, { d: 14, w: '两周' }, { d: 30, w: '一个月' }].map(({ d, w }) => (
            <View key={d} className={`chip action-due-${d}${due === beijingDay(d) ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: due === beijingDay(d) })} onClick={() => { setDue(beijingDay(d)); f.clear('dueAt') }}>
              <Text>{w}</Text>
            </View>
          ))}
        </View>
        <FormInput className='action-due' value={due} maxlength={10} placeholder='如 2026-12-01' {...f.bind('dueAt', setDue)} />
      </Field>
      {f.formError()}
      <BusyButton className='action-add' busy={f.busy} busyText='正在添加…' onClick={() => void handleSubmit()}>
        添加事项
      </BusyButton>
    </View>
  )
}
