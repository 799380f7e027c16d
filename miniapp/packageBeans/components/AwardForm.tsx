import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { ZAwardBeansRequest, type Person } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { PersonPicker } from '../../components/PersonPicker'
import { errorMessage, fieldErrors, isApiError } from '../../services/errors'
import { newIdempotencyKey, type AwardInput, type AwardResult } from '../../services/beans'
import { confirmAction } from '../../utils/confirm'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { DraftNote } from '../../components/DraftNote'
import './beans.scss'

const FIELDS = ['profileId', 'amount', 'reason'] as const
type Field = (typeof FIELDS)[number]
type Errors = Partial<Record<Field | 'form', string>>

const FIX_HINT = '请按红字提示修改后再提交'
const NO_PERSON = '请选择发放对象'

function isField(name: string | undefined): name is Field {
  return name !== undefined && (FIELDS as readonly string[]).includes(name)
}

/** Unknown outcome (network, timeout, 5xx): the same submission may be resent with the same key. */
function outcomeUnknown(err: unknown): boolean {
  return !isApiError(err) || err.status === 0 || err.status >= 500
}

export interface AwardFormProps {
  submit: (input: AwardInput, idempotencyKey: string) => Promise<AwardResult>
  /** the community whose people may be chosen (the staff member's own) */
  communityId: string
  /** a person already chosen, e.g. from the volunteer list's deep link */
  initialPerson?: Person | null
}

/** 发放金豆 (staff): to one person, chosen by name, with a reason that is kept in the audit log. */
export function AwardForm({ submit, communityId, initialPerson = null }: AwardFormProps) {
  const [person, setPerson] = useState<Person | null>(initialPerson)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)
  const [done, setDone] = useState<AwardResult | null>(null)
  const inFlight = useRef(false)
  /** kept while a submission's outcome is unknown, so resending it awards once */
  const pendingKey = useRef<string | null>(null)
  // a person given by the link is the page's, not the draft's: the draft then keeps amount and reason only
  const draft = useDraft<{ person: Person | null; amount: string; reason: string }>(
    'award',
    { person: initialPerson ? null : person, amount, reason },
    (d) => {
      if (!initialPerson && d.person) setPerson(d.person)
      setAmount(d.amount ?? '')
      setReason(d.reason ?? '')
    },
    { isEmpty: (d) => !d.person && !d.amount.trim() && !d.reason.trim() },
  )

  function refuse(next: Errors) {
    setErrors(next)
    void revealFirstError()
  }

  const edit = (field: Field) => {
    // a changed form is a new award, not a retry of the last one
    pendingKey.current = null
    setDone(null)
    setErrors((prev) => (prev[field] || prev.form ? { ...prev, [field]: undefined, form: undefined } : prev))
  }

  async function handleSubmit() {
    if (inFlight.current) return
    const parsed = ZAwardBeansRequest.safeParse({
      profileId: person?.id ?? '',
      amount: amount.trim() === '' ? undefined : Number(amount.trim()),
      reason,
    })
    if (!parsed.success || !person) {
      const found = parsed.success ? {} : fieldErrors(parsed.error.issues)
      // an id's format means nothing to the person: the only fix is choosing someone
      if (!person || found.profileId) found.profileId = NO_PERSON
      refuse({ ...found, form: FIX_HINT })
      return
    }
    // beans are money: the person and the amount are named before anything is sent
    inFlight.current = true
    const ok = await confirmAction({
      title: '确认发放金豆',
      content: `确认给 ${person.displayName} 发放 ${parsed.data.amount} 金豆？理由：${parsed.data.reason}`,
      confirmText: '确认发放',
    })
    if (!ok) {
      inFlight.current = false
      return
    }
    setSubmitting(true)
    setErrors({})
    setDone(null)
    const key = pendingKey.current ?? newIdempotencyKey('award')
    pendingKey.current = key
    try {
      const result = await submit(parsed.data, key)
      pendingKey.current = null
      draft.clear()
      setDone(result)
      // the person stays for a second award; amount and reason start empty so nothing is sent twice by habit
      setAmount('')
      setReason('')
    } catch (err) {
      if (!outcomeUnknown(err)) pendingKey.current = null
      const field = isApiError(err) ? err.field : undefined
      if (isApiError(err) && isField(field)) refuse({ [field]: err.message, form: FIX_HINT })
      else setErrors({ form: errorMessage(err) })
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  const error = (field: Field) => (errors[field] ? <Text className={`field-error field-error-${field}`}>{errors[field]}</Text> : null)

  return (
    <View className='award-form'>
      {draft.restored && (
        <DraftNote
          className='award-draft-note'
          onDiscard={() => {
            draft.discard()
            if (!initialPerson) setPerson(null)
            setAmount('')
            setReason('')
          }}
        />
      )}
      <PersonPicker
        className='award-person'
        communityId={communityId}
        value={person}
        onChange={(p) => {
          setPerson(p)
          edit('profileId')
        }}
        label='发给谁'
        hint='输入姓名或手机号查找本社区的居民'
        error={errors.profileId}
      />

      <View className='form-field'>
        <Text className='form-label'>发放多少金豆</Text>
        <Input
          className={`form-input award-amount${errors.amount ? ' has-error' : ''}`}
          type='number'
          value={amount}
          maxlength={5}
          placeholder='1 到 10000'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setAmount(e.detail.value)
            edit('amount')
          }}
        />
        {error('amount')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>发放理由</Text>
        <Textarea
          className={`form-textarea award-reason${errors.reason ? ' has-error' : ''}`}
          value={reason}
          maxlength={200}
          placeholder='例如：协助社区搬运防汛物资'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setReason(e.detail.value)
            edit('reason')
          }}
        />
        {error('reason')}
      </View>

      {errors.form && <Text className='form-error award-form-error'>{errors.form}</Text>}

      <BusyButton className='award-submit' busy={submitting} busyText='正在发放…' onClick={() => void handleSubmit()}>
        发放金豆
      </BusyButton>

      {done && (
        <View className='card award-result btn-gap'>
          <Text className='success-text'>已发放 {done.amount} 个金豆</Text>
          <Text className='dialog-line'>对方现在共有 {done.balance} 个金豆</Text>
        </View>
      )}
    </View>
  )
}
