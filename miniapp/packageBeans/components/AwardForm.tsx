import { Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { ZAwardBeansRequest, type Person } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { Field, FormInput, FormTextarea, PersonPicker, useSubmit } from '../../components/form'
import { fieldErrors, isApiError } from '../../services/errors'
import { newIdempotencyKey, type AwardInput, type AwardResult } from '../../services/beans'
import { confirmAction } from '../../utils/confirm'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import './beans.scss'

const FIELDS = ['profileId', 'amount', 'reason'] as const
type FieldName = (typeof FIELDS)[number]

const FIX_HINT = '请按红字提示修改后再提交'
const NO_PERSON = '请选择发放对象'

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
  const f = useSubmit(FIELDS, 'award-form-error', { fieldHint: FIX_HINT })
  const errors = f.errors
  const [done, setDone] = useState<AwardResult | null>(null)
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

  const edit = (field: FieldName) => {
    // a changed form is a new award, not a retry of the last one
    pendingKey.current = null
    setDone(null)
    f.clear(field)
  }

  async function handleSubmit() {
    if (f.pending()) return
    const parsed = ZAwardBeansRequest.safeParse({
      profileId: person?.id ?? '',
      amount: amount.trim() === '' ? undefined : Number(amount.trim()),
      reason,
    })
    if (!parsed.success || !person) {
      const found = parsed.success ? {} : fieldErrors(parsed.error.issues)
      // an id's format means nothing to the person: the only fix is choosing someone
      if (!person || found.profileId) found.profileId = NO_PERSON
      f.setErrors({ ...found, form: FIX_HINT })
      return
    }
    const result = await f.run(
      async () => {
        setDone(null)
        const key = pendingKey.current ?? newIdempotencyKey('award')
        pendingKey.current = key
        try {
          return await submit(parsed.data, key)
        } catch (err) {
          if (!outcomeUnknown(err)) pendingKey.current = null
          throw err
        }
      },
      {
        // beans are money: the person and the amount are named before anything is sent
        confirm: () =>
          confirmAction({
            title: '确认发放金豆',
            content: `确认给 ${person.displayName} 发放 ${parsed.data.amount} 金豆？理由：${parsed.data.reason}`,
            confirmText: '确认发放',
          }),
      },
    )
    if (result) {
      pendingKey.current = null
      draft.clear()
      setDone(result)
      // the person stays for a second award; amount and reason start empty so nothing is sent twice by habit
      setAmount('')
      setReason('')
    }
  }

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

      <Field name='amount' label='发放多少金豆' error={errors.amount}>
        <FormInput
          className='award-amount'
          invalid={!!errors.amount}
          type='number'
          value={amount}
          maxlength={5}
          placeholder='1 到 10000'
          onInput={(v) => {
            setAmount(v)
            edit('amount')
          }}
        />
      </Field>

      <Field name='reason' label='发放理由' error={errors.reason}>
        <FormTextarea
          className='award-reason'
          invalid={!!errors.reason}
          value={reason}
          maxlength={200}
          placeholder='例如：协助社区搬运防汛物资'
          onInput={(v) => {
            setReason(v)
            edit('reason')
          }}
        />
      </Field>

      {f.formError()}

      <BusyButton className='award-submit' busy={f.busy} busyText='正在发放…' onClick={() => void handleSubmit()}>
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
