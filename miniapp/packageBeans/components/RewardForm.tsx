import { Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { LIMIT_PERIODS, LIMIT_PERIOD_LABELS, ZCreateRewardRequest, ZUpdateRewardRequest, type Reward } from '../../../core/contracts'
import { CREDIT_LEVELS } from '../../../core/beans/credit'
import { BusyButton } from '../../components/BusyButton'
import { fieldErrors } from '../../services/errors'
import type { CreateRewardInput } from '../../services/beans'
import type { UpdateRewardInput } from '../../services/editing'
import { useDraft } from '../../utils/draft'
import { beijingDay, formatDateTime } from '../../utils/format'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, useSubmit } from '../../components/form'
import './beans.scss'

const FIELDS = ['title', 'description', 'priceBeans', 'stock', 'perPersonLimit', 'validUntil', 'minCreditLevel'] as const
type Field = (typeof FIELDS)[number]
type Errors = Partial<Record<Field | 'form', string>>
type Period = (typeof LIMIT_PERIODS)[number]

const FIX_HINT = '请按红字提示修改后再提交'

/** Validity as a few big choices instead of a date picker: "until the end of the day N days from now". */
const VALIDITY = [
  { days: 0, label: '长期有效' },
  { days: 30, label: '1 个月' },
  { days: 90, label: '3 个月' },
  { days: 180, label: '半年' },
  { days: 365, label: '1 年' },
] as const

const PERIOD_CHOICES: Array<{ key: Period | 'none'; label: string }> = [
  { key: 'none', label: '不限' },
  ...LIMIT_PERIODS.map((p) => ({ key: p, label: p === 'once' ? '总共' : LIMIT_PERIOD_LABELS[p] })),
]

/** Level 1 (起步) is everyone, so the choices start at 良好. */
const CREDIT_CHOICES = [{ level: 0, name: '不限' }, ...CREDIT_LEVELS.filter((l) => l.level > 1)]

export type RewardFormProps = { onSuccess: (reward: Reward) => void } & (
  | { submit: (input: CreateRewardInput) => Promise<Reward>; initial?: undefined; update?: undefined }
  /** 修改: prefilled; the stock changes through 补库存, and a new price applies to redemptions from now on */
  | { initial: Reward; update: (input: UpdateRewardInput) => Promise<Reward>; submit?: undefined }
)

interface RewardDraft {
  title: string
  description: string
  price: string
  stock: string
  period: Period | 'none'
  limitCount: string
  validDays: number
  minCredit: number
}

/** `validDays` of an edit that leaves the end date as it is */
const KEEP_VALIDITY = -1

/** 发布兑换: units and staff offer a service or goods for beans, with stock, limits and validity. With `initial`, 修改. */
export function RewardForm(props: RewardFormProps) {
  const { onSuccess, initial } = props
  const [title, setTitle] = useState(initial?.title ?? '')
  const [description, setDescription] = useState(initial?.description ?? '')
  const [price, setPrice] = useState(initial ? String(initial.priceBeans) : '')
  const [stock, setStock] = useState('')
  const [period, setPeriod] = useState<Period | 'none'>(initial?.limitPeriod ?? 'none')
  const [limitCount, setLimitCount] = useState(initial?.perPersonLimit ? String(initial.perPersonLimit) : '1')
  const [validDays, setValidDays] = useState<number>(initial?.validUntil ? KEEP_VALIDITY : 0)
  const [minCredit, setMinCredit] = useState(initial?.minCreditLevel ?? 0)
  const f = useSubmit(FIELDS, 'reward-form-error', { fieldHint: FIX_HINT, topField: true })
  const { errors, clear: clearError } = f
  // kept as a draft while typed: a new reward's, or the changes to this reward (by its id)
  const snapshot: RewardDraft = { title, description, price, stock, period, limitCount, validDays, minCredit }
  const [untouched] = useState(() => JSON.stringify(snapshot))
  const draft = useDraft<RewardDraft>(
    initial ? `reward:edit:${initial.id}` : 'reward:new',
    snapshot,
    (d) => {
      setTitle(d.title ?? '')
      setDescription(d.description ?? '')
      setPrice(d.price ?? '')
      setStock(d.stock ?? '')
      if (d.period) setPeriod(d.period)
      setLimitCount(d.limitCount ?? '1')
      if (typeof d.validDays === 'number') setValidDays(d.validDays)
      if (typeof d.minCredit === 'number') setMinCredit(d.minCredit)
    },
    { isEmpty: (d) => JSON.stringify(d) === untouched },
  )
  const resetToStart = () => {
    draft.discard()
    const d = JSON.parse(untouched) as RewardDraft
    setTitle(d.title)
    setDescription(d.description)
    setPrice(d.price)
    setStock(d.stock)
    setPeriod(d.period)
    setLimitCount(d.limitCount)
    setValidDays(d.validDays)
    setMinCredit(d.minCredit)
  }
  const num = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()))

  async function handleUpdate(before: Reward, update: (input: UpdateRewardInput) => Promise<Reward>) {
    const input = {
      id: before.id,
      title,
      description,
      priceBeans: num(price),
      perPersonLimit: period === 'none' ? null : { count: num(limitCount), period },
      validUntil: validDays === KEEP_VALIDITY ? undefined : validDays ? `${beijingDay(validDays)}T23:59:59+08:00` : null,
      minCreditLevel: minCredit,
    }
    const parsed = ZUpdateRewardRequest.safeParse(input)
    const local: Errors = parsed.success ? {} : fieldErrors(parsed.error.issues)
    const count = num(limitCount)
    if (period !== 'none' && (count === undefined || !Number.isInteger(count) || count < 1)) local.perPersonLimit = '请填写次数，至少 1 次'
    if (!parsed.success || Object.keys(local).length > 0) {
      f.setErrors({ ...local, form: FIX_HINT })
      return
    }
    const saved = await f.run(() => update({ id: before.id, ...parsed.data }), { keepBusy: true })
    if (saved) {
      draft.clear()
      onSuccess(saved)
    }
  }

  async function handleSubmit() {
    if (f.pending()) return
    if (props.initial) return handleUpdate(props.initial, props.update)
    const submit = props.submit
    const input = {
      title,
      description: description.trim() ? description : undefined,
      priceBeans: num(price),
      stock: num(stock),
      perPersonLimit: period === 'none' ? undefined : { count: num(limitCount), period },
      validUntil: validDays ? `${beijingDay(validDays)}T23:59:59+08:00` : undefined,
      minCreditLevel: minCredit || undefined,
    }
    const parsed = ZCreateRewardRequest.safeParse(input)
    const local: Errors = parsed.success ? {} : fieldErrors(parsed.error.issues)
    // The contract's message for a missing count is zod's generic one; say it in the form's own words.
    const count = num(limitCount)
    if (period !== 'none' && (count === undefined || !Number.isInteger(count) || count < 1)) local.perPersonLimit = '请填写次数，至少 1 次'
    if (!parsed.success || Object.keys(local).length > 0) {
      f.setErrors({ ...local, form: FIX_HINT })
      return
    }
    // Stays busy on success: the page leaves and a second tap must not publish twice.
    const reward = await f.run(() => submit(parsed.data), { keepBusy: true })
    if (reward) {
      draft.clear()
      onSuccess(reward)
    }
  }

  const error = f.fieldError

  return (
    <View className='reward-form'>
      {draft.restored && <DraftNote className='reward-draft-note' onDiscard={resetToStart} />}
      <View className='form-field'>
        <Text className='form-label'>兑换项目名称</Text>
        <Input
          className={`form-input reward-title${errors.title ? ' has-error' : ''}`}
          value={title}
          maxlength={40}
          placeholder='例如：免费理发一次'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setTitle(e.detail.value)
            clearError('title')
          }}
        />
        {error('title')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>需要多少金豆</Text>
        <Input
          className={`form-input reward-price${errors.priceBeans ? ' has-error' : ''}`}
          type='number'
          value={price}
          maxlength={7}
          placeholder='例如：30'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setPrice(e.detail.value)
            clearError('priceBeans')
          }}
        />
        {error('priceBeans')}
      </View>

      {initial && initial.priceBeans !== num(price) && num(price) !== undefined && (
        <Text className='form-hint reward-price-note'>新价格只对之后的兑换有效，已兑换的按原价</Text>
      )}

      {initial ? (
        <View className='form-field'>
          <Text className='form-label'>库存</Text>
          <Text className='form-hint reward-stock-note'>现有 {initial.stock} 份；需要增加请在兑换列表里点“补库存”</Text>
        </View>
      ) : (
      <View className='form-field'>
        <Text className='form-label'>一共能兑换几份</Text>
        <Input
          className={`form-input reward-stock${errors.stock ? ' has-error' : ''}`}
          type='number'
          value={stock}
          maxlength={6}
          placeholder='例如：10'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setStock(e.detail.value)
            clearError('stock')
          }}
        />
        {error('stock')}
      </View>
      )}

      <View className='form-field'>
        <Text className='form-label'>每人能兑换几次</Text>
        <ChipSelect
          options={PERIOD_CHOICES.map((p) => p.key)}
          labels={(k) => PERIOD_CHOICES.find((p) => p.key === k)!.label}
          prefix='reward-limit'
          value={period}
          onChange={(k) => {
            setPeriod(k)
            clearError('perPersonLimit')
          }}
        />
        {period !== 'none' && (
          <View>
            <Text className='form-hint'>{period === 'once' ? '每人总共最多兑换几次' : `${LIMIT_PERIOD_LABELS[period]}每人最多兑换几次`}</Text>
            <Input
              className={`form-input reward-limit-count${errors.perPersonLimit ? ' has-error' : ''}`}
              type='number'
              value={limitCount}
              maxlength={4}
              placeholderClass='form-placeholder'
              onInput={(e) => {
                setLimitCount(e.detail.value)
                clearError('perPersonLimit')
              }}
            />
          </View>
        )}
        {error('perPersonLimit')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>有效期</Text>
        <ChipSelect
          options={[...(initial?.validUntil ? [KEEP_VALIDITY] : []), ...VALIDITY.map((v) => v.days)]}
          labels={(d) => (d === KEEP_VALIDITY ? `不变（至 ${formatDateTime(initial?.validUntil ?? '')}）` : VALIDITY.find((v) => v.days === d)!.label)}
          chipClassName={(d) => (d === KEEP_VALIDITY ? 'chip-wide reward-valid-keep' : `reward-valid-${d}`)}
          value={validDays}
          onChange={(d) => {
            setValidDays(d)
            clearError('validUntil')
          }}
        />
        {validDays > 0 && <Text className='form-hint reward-valid-until'>到 {beijingDay(validDays)} 为止</Text>}
        {error('validUntil')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>信用等级要求</Text>
        <ChipSelect
          options={CREDIT_CHOICES.map((c) => c.level)}
          labels={(level) => {
            const c = CREDIT_CHOICES.find((x) => x.level === level)!
            return c.level ? `${c.name}及以上` : c.name
          }}
          prefix='reward-credit'
          value={minCredit}
          onChange={(level) => {
            setMinCredit(level)
            clearError('minCreditLevel')
          }}
        />
        {error('minCreditLevel')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>说明（选填）</Text>
        <Textarea
          className={`form-textarea reward-desc${errors.description ? ' has-error' : ''}`}
          value={description}
          maxlength={500}
          placeholder='在哪里兑换、什么时间、需要带什么'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setDescription(e.detail.value)
            clearError('description')
          }}
        />
        {error('description')}
      </View>

      {f.formError()}

      <BusyButton className='reward-submit' busy={f.busy} busyText={initial ? '正在保存…' : '正在发布…'} onClick={() => void handleSubmit()}>
        {initial ? '保存修改' : '发布兑换项目'}
      </BusyButton>
    </View>
  )
}
