import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { MOTION_RESULT_LABELS, type Motion } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import type { CreateMotionInput } from '../../services/deliberation'
import { a11y } from '../../utils/a11y'
import { confirmAction } from '../../utils/confirm'
import { useDraft } from '../../utils/draft'
import { formatDateTime } from '../../utils/format'
import { DraftNote } from '../../components/DraftNote'
import { useSubmit } from '../../components/form'
import './delib.scss'

const THRESHOLD_WORDS = { majority: '过半数通过', two_thirds: '三分之二通过' } as const
const VOTER_WORDS = { attendees: '已签到的参会人', residents: '本社区全体居民' } as const

/**
 * The result in words a resident reads without knowing the rules: how many voted, how the votes split, and why it
 * passed or not ("同意 5 票，超过半数，通过").
 */
export function resultInWords(motion: Motion): string | null {
  if (!motion.result) return null
  const t = motion.tally
  const yes = t?.yes ?? 0
  const counted = t?.counted ?? 0
  if (motion.result === 'no_quorum') {
    return `投票的有 ${t?.cast ?? 0} 人，不到规定的至少 ${motion.quorum} 人，这次表决不算数。`
  }
  const bar = motion.threshold === 'two_thirds' ? '达到三分之二' : '超过半数'
  const head = `同意 ${yes} 票，有效票 ${counted} 票（弃权不计）`
  if (motion.result === 'passed') return `${head}，同意票${bar}，表决通过。`
  return `${head}，同意票没有${bar}，表决没有通过。`
}

export interface MotionCardProps {
  motion: Motion
  /** attendee-only motions need a check-in first */
  checkedIn: boolean
  staff: boolean
  vote: (optionId: string) => Promise<Motion>
  close: () => Promise<Motion>
  onChanged: (motion: Motion) => void
  onOpenResolution: (id: string) => void
}

/** One motion: big vote buttons (tap, then confirm), my vote, result bars when visible, the result after close. */
export function MotionCard({ motion, checkedIn, staff, vote, close, onChanged, onOpenResolution }: MotionCardProps) {
  const [picked, setPicked] = useState<number | null>(null)
  const f = useSubmit(['optionId'] as const, 'motion-error')
  const open = motion.status === 'open'
  const mine = motion.options.find((o) => o.id === motion.myVote)
  const mayVote = open && !mine && (motion.voters === 'residents' || checkedIn)

  async function confirm() {
    if (picked === null) return
    const option = motion.options[picked]
    const m = await f.run(() => vote(option.id))
    if (m) {
      setPicked(null)
      onChanged(m)
    }
  }
  async function doClose() {
    const ok = await confirmAction({
      title: '结束表决',
      content: `结束「${motion.title}」的表决？结束后不能再投票，系统会按规则计票并公布结果。`,
      confirmText: '结束表决',
    })
    if (!ok) return
    const m = await f.run(() => close())
    if (m) onChanged(m)
  }

  const total = motion.tally ? Math.max(1, motion.tally.cast) : 1
  return (
    <View className={`card motion-item motion-${motion.status}`} data-id={motion.id}>
      <View className='delib-row'>
        <Text className='form-label motion-title-text'>{motion.title}</Text>
        <Text className={`delib-badge${open ? '' : ' is-muted'}`}>{open ? '表决中' : '已结束'}</Text>
      </View>
      <Text className='delib-meta'>
        投票人：{VOTER_WORDS[motion.voters]} · 至少 {motion.quorum} 人投票 · {THRESHOLD_WORDS[motion.threshold]}
      </Text>
      {motion.closesAt && open && <Text className='delib-meta'>截止：{formatDateTime(motion.closesAt)}</Text>}

      {mine && <Text className='result-label motion-myvote'>您已投票：{mine.label}</Text>}
      {open && !mine && motion.voters === 'attendees' && !checkedIn && (
        <Text className='delib-meta motion-need-checkin'>这项表决只限已签到的参会人，请先签到。</Text>
      )}

      {mayVote && picked === null && (
        <View className='motion-options' {...a11y('radiogroup', `${motion.title}：请选择`)}>
          <Text className='form-hint'>请点一个选项，再确认投票</Text>
          {motion.options.map((o, i) => (
            <View key={o.id} className={`vote-option motion-option-${i}`} {...a11y('radio', undefined, { checked: false })} onClick={() => setPicked(i)}>
              {o.label}
            </View>
          ))}
        </View>
      )}
      {mayVote && picked !== null && (
        <View className='vote-confirm-box'>
          <Text className='vote-confirm-text'>确定投「{motion.options[picked]?.label}」吗？投出后不能更改。</Text>
          <BusyButton className='vote-confirm' busy={f.busy} busyText='正在投票…' onClick={() => void confirm()}>
            确定投票
          </BusyButton>
          <View className='delib-gap' />
          <Button className='btn btn-outline vote-cancel' onClick={() => setPicked(null)}>
            重新选择
          </Button>
        </View>
      )}

      {motion.tally ? (
        <View className='motion-tally'>
          {motion.tally.options.map((o) => (
            <View key={o.id} className='motion-bar'>
              <View className='delib-row'>
                <Text className='motion-bar-label'>
                  {o.label}
                  {/* the flag, not the label, keeps an option out of the pass threshold */}
                  {o.abstain && o.label !== '弃权' ? '（弃权，不计入通过比例）' : ''}
                </Text>
                <Text className='motion-bar-count'>{o.votes} 票</Text>
              </View>
              <View className='bar'>
                <View className='bar-fill is-primary' style={{ width: `${Math.round((o.votes / total) * 100)}%` }} />
              </View>
            </View>
          ))}
          <Text className='delib-meta motion-cast'>共 {motion.tally.cast} 人投票</Text>
        </View>
      ) : (
        <Text className='delib-meta motion-hidden'>结果在表决结束后公布</Text>
      )}

      {motion.result && (
        <Text className={`result-label motion-result${motion.result === 'passed' ? '' : ' is-failed'}`}>
          表决结果：{MOTION_RESULT_LABELS[motion.result]}
        </Text>
      )}
      {motion.result && <Text className='delib-meta motion-result-words'>{resultInWords(motion)}</Text>}
      {motion.resolutionId && (
        <Button className='btn btn-outline motion-resolution' onClick={() => onOpenResolution(motion.resolutionId!)}>
          查看决议落实情况
        </Button>
      )}
      {staff && open && (
        <View>
          <View className='delib-gap' />
          <Button className={`btn btn-outline motion-close${f.busy ? ' is-disabled' : ''}`} disabled={f.busy || undefined} onClick={() => void doClose()}>
            {f.busy ? '正在处理…' : '结束表决'}
          </Button>
        </View>
      )}
      {f.fieldError('optionId')}
      {f.formError()}
    </View>
  )
}

const MOTION_FIELDS = ['title', 'options', 'voters', 'quorum', 'threshold', 'closesAt', 'hideResults'] as const

export interface MotionFormProps {
  submit: (input: CreateMotionInput) => Promise<Motion>
  onSuccess: (motion: Motion) => void
  /** the meeting's id: the draft is kept per meeting */
  meetingId?: string
}

interface MotionDraft { title: string; voters: 'attendees' | 'residents'; quorum: string; threshold: 'majority' | 'two_thirds'; hide: boolean }

/** 发起表决 (staff): the options are 同意 / 反对 / 弃权. */
export function MotionForm({ submit, onSuccess, meetingId = '' }: MotionFormProps) {
  const [title, setTitle] = useState('')
  const [voters, setVoters] = useState<'attendees' | 'residents'>('attendees')
  const [quorum, setQuorum] = useState('')
  const [threshold, setThreshold] = useState<'majority' | 'two_thirds'>('majority')
  const [hide, setHide] = useState(false)
  const f = useSubmit(MOTION_FIELDS, 'motion-form-error')
  const draft = useDraft<MotionDraft>(
    `motion:${meetingId}`,
    { title, voters, quorum, threshold, hide },
    (d) => {
      setTitle(d.title ?? '')
      setVoters(d.voters ?? 'attendees')
      setQuorum(d.quorum ?? '')
      setThreshold(d.threshold ?? 'majority')
      setHide(!!d.hide)
    },
    { isEmpty: (d) => !d.title.trim() && !d.quorum.trim() },
  )

  async function handleSubmit() {
    const q = quorum.trim() === '' ? Number.NaN : Number(quorum)
    if (!Number.isFinite(q)) {
      f.setErrors({ quorum: '请填写法定人数' })
      return
    }
    const m = await f.run(() => submit({ title, voters, quorum: q, threshold, hideResults: hide }))
    if (m) {
      draft.clear()
      setTitle('')
      setQuorum('')
      onSuccess(m)
    }
  }

  return (
    <View className='card motion-form'>
      <Text className='section-title'>发起表决</Text>
      {draft.restored && (
        <DraftNote className='motion-draft-note' onDiscard={() => {
          draft.discard()
          setTitle('')
          setQuorum('')
        }} />
      )}
      <View className='form-field'>
        <Text className='form-label'>表决事项</Text>
        <Input
          className={`form-input motion-title${f.errors.title ? ' has-error' : ''}`}
          value={title}
          maxlength={100}
          placeholder='例如：同意在东门加装 6 个充电桩'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setTitle(e.detail.value)
            f.clear('title')
          }}
        />
        {f.fieldError('title')}
        <Text className='delib-meta'>选项：同意 / 反对 / 弃权</Text>
      </View>
      <View className='form-field'>
        <Text className='form-label'>谁可以投票</Text>
        <View className='chips'>
          {(['attendees', 'residents'] as const).map((v) => (
            <View key={v} className={`chip motion-voters-${v}${voters === v ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: voters === v })} onClick={() => setVoters(v)}>
              <Text>{VOTER_WORDS[v]}</Text>
            </View>
          ))}
        </View>
        {f.fieldError('voters')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>法定人数（至少多少人投票才有效）</Text>
        <Input
          className={`form-input motion-quorum${f.errors.quorum ? ' has-error' : ''}`}
          type='number'
          value={quorum}
          maxlength={6}
          placeholder='例如：5'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setQuorum(e.detail.value)
            f.clear('quorum')
          }}
        />
        {f.fieldError('quorum')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>通过标准（弃权不计入）</Text>
        <View className='chips'>
          {(['majority', 'two_thirds'] as const).map((t) => (
            <View key={t} className={`chip motion-threshold-${t}${threshold === t ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: threshold === t })} onClick={() => setThreshold(t)}>
              <Text>{THRESHOLD_WORDS[t]}</Text>
            </View>
          ))}
        </View>
        {f.fieldError('threshold')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>票数公布</Text>
        <View className={`chip is-wide motion-hide${hide ? ' is-selected' : ''}`} {...a11y('checkbox', undefined, { checked: hide })} onClick={() => setHide(!hide)}>
          <Text>{hide ? '✓ ' : ''}结束前不公布票数</Text>
        </View>
      </View>
      {f.formError()}
      <BusyButton className='motion-submit' busy={f.busy} busyText='正在发起…' onClick={() => void handleSubmit()}>
        发起表决
      </BusyButton>
    </View>
  )
}
