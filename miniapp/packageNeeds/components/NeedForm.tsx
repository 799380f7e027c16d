import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import {
  NEED_CATEGORIES,
  NEED_CATEGORY_LABELS,
  NEED_DESCRIPTION_MAX,
  NEED_TITLE_MAX,
  NEED_URGENCIES,
  NEED_URGENCY_LABELS,
  ZCreateNeedFullRequest,
  type FollowNeedResponse,
  type NeedDetail,
  type NeedCategory,
  type NeedSource,
  type NeedUrgency,
  type Person,
  type Profile,
  type SimilarNeed,
} from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { a11y } from '../../utils/a11y'
import { PersonPicker } from '../../components/PersonPicker'
import { errorMessage, fieldErrors, isApiError } from '../../services/errors'
import type { CreateNeedInput } from '../../services/needs'
import { beijingDay, formatDate } from '../../utils/format'
import { canSubmitForOthers, isStaff } from '../../utils/roles'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { DraftNote } from '../../components/DraftNote'
import { SimilarNeeds } from './SimilarNeeds'
import './form.scss'
import './NeedForm.scss'

const FIELDS = [
  'title', 'category', 'description', 'urgency', 'address', 'peopleAffected', 'windowFrom', 'windowTo',
  'source', 'onBehalfOf', 'contactName', 'contactPhone', 'microGridId',
] as const
type Field = (typeof FIELDS)[number]
type Errors = Partial<Record<Field | 'form', string>>

const FIX_HINT = '请按红字提示修改后再提交'

/** Time slots a resident can pick for a home visit (Beijing time). */
const SLOTS = [
  { key: 'morning', label: '上午', from: '08:00', to: '12:00' },
  { key: 'afternoon', label: '下午', from: '14:00', to: '18:00' },
  { key: 'evening', label: '晚上', from: '18:00', to: '21:00' },
] as const
type SlotKey = (typeof SLOTS)[number]['key']
const DAYS = [
  { offset: 0, label: '今天' },
  { offset: 1, label: '明天' },
  { offset: 2, label: '后天' },
] as const

const SOURCE_CHOICES: ReadonlyArray<{ key: NeedSource; label: string; sub: string; staffOnly?: boolean }> = [
  { key: 'resident', label: '我自己的事', sub: '以本人名义提交' },
  { key: 'on_behalf', label: '代居民提交', sub: '替不会用手机的居民登记' },
  { key: 'patrol', label: '巡查发现', sub: '网格巡查时发现的问题' },
  { key: 'hotline', label: '热线登记', sub: '居民打电话反映的问题', staffOnly: true },
]

/** 代办: a resident with an account is chosen by name; one without is recorded by name and phone. */
type BehalfMode = 'account' | 'contact'

export interface NeedFormProps {
  submit: (input: CreateNeedInput) => Promise<NeedDetail>
  onSuccess: (need: NeedDetail) => void
  /** The person filling in the form: decides the micro-grid for duplicates and whether 代办/巡查 is offered. */
  profile?: Profile | null
  /** Likely duplicates while typing the title (omitted: no look-up). */
  searchSimilar?: (microGridId: string, title: string) => Promise<SimilarNeed[]>
  followSimilar?: (id: string) => Promise<FollowNeedResponse>
}

function isField(name: string | undefined): name is Field {
  return name !== undefined && (FIELDS as readonly string[]).includes(name)
}

export function NeedForm({ submit, onSuccess, profile = null, searchSimilar, followSimilar }: NeedFormProps) {
  const [title, setTitle] = useState('')
  const [category, setCategory] = useState<NeedCategory | ''>('')
  const [description, setDescription] = useState('')
  const [urgency, setUrgency] = useState<NeedUrgency>('normal')
  const [address, setAddress] = useState('')
  const [people, setPeople] = useState('')
  const [day, setDay] = useState<number | null>(null)
  const [slot, setSlot] = useState<SlotKey | null>(null)
  const [source, setSource] = useState<NeedSource>('resident')
  const [behalfMode, setBehalfMode] = useState<BehalfMode>('account')
  const [resident, setResident] = useState<Person | null>(null)
  const [contactName, setContactName] = useState('')
  const [contactPhone, setContactPhone] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)
  // A disabled Taro Button still dispatches clicks on H5, so the guard must not depend on re-rendering.
  const inFlight = useRef(false)

  // what was typed stays on the phone until it is sent (a resident who leaves to look up an address finds it again)
  const draftValue = { title, category, description, urgency, address, people, day, slot, source, behalfMode, contactName, contactPhone }
  type NeedDraft = typeof draftValue
  const draft = useDraft<NeedDraft>(
    'need-create',
    draftValue,
    (d) => {
      setTitle(d.title ?? '')
      setCategory(d.category ?? '')
      setDescription(d.description ?? '')
      setUrgency(d.urgency ?? 'normal')
      setAddress(d.address ?? '')
      setPeople(d.people ?? '')
      setDay(d.day ?? null)
      setSlot(d.slot ?? null)
      setSource(d.source ?? 'resident')
      setBehalfMode(d.behalfMode ?? 'account')
      setContactName(d.contactName ?? '')
      setContactPhone(d.contactPhone ?? '')
    },
    { isEmpty: (d) => !d.title.trim() && !d.description.trim() && !d.category && !d.address.trim() && !d.contactName.trim() && !d.contactPhone.trim() },
  )

  function resetForm() {
    draft.discard()
    setTitle('')
    setCategory('')
    setDescription('')
    setUrgency('normal')
    setAddress('')
    setPeople('')
    setDay(null)
    setSlot(null)
    setSource('resident')
    setBehalfMode('account')
    setContactName('')
    setContactPhone('')
    setErrors({})
  }

  const forOthers = canSubmitForOthers(profile)
  const sources = SOURCE_CHOICES.filter((s) => !s.staffOnly || isStaff(profile))
  const microGridId = profile?.microGridId ?? null

  const clearError = (...fields: Field[]) =>
    setErrors((prev) => (fields.some((f) => prev[f]) || prev.form ? { ...prev, ...Object.fromEntries(fields.map((f) => [f, undefined])), form: undefined } : prev))

  function buildInput(): { input: Record<string, unknown>; local: Errors } {
    const local: Errors = {}
    let windowFrom: string | undefined
    let windowTo: string | undefined
    if (day !== null && slot !== null) {
      const s = SLOTS.find((x) => x.key === slot)!
      const date = beijingDay(day)
      windowFrom = `${date}T${s.from}:00+08:00`
      windowTo = `${date}T${s.to}:00+08:00`
    } else if (day !== null || slot !== null) {
      local.windowFrom = '请同时选择日期和时段'
    }
    const bySomeoneElse = source !== 'resident'
    const byAccount = source === 'on_behalf' && behalfMode === 'account'
    const byContact = source === 'on_behalf' && behalfMode === 'contact'
    if (byAccount && !resident) local.onBehalfOf = '请选择替哪位居民提交'
    if (byContact) {
      if (!contactName.trim()) local.contactName = '请填写居民姓名'
      if (!contactPhone.trim()) local.contactPhone = '请填写居民的联系电话'
    }
    // A chosen resident's need goes to their own micro-grid (the server knows it); otherwise to the worker's.
    const fileIn = byAccount && resident?.microGridName ? undefined : microGridId ?? undefined
    const input: Record<string, unknown> = {
      title,
      description,
      category: category || undefined,
      urgency,
      address: address.trim() || undefined,
      peopleAffected: people.trim() || undefined,
      windowFrom,
      windowTo,
      // Entered for someone else or found on patrol: it belongs to the worker's own micro-grid by default.
      ...(bySomeoneElse ? { source, microGridId: fileIn } : {}),
      ...(byAccount && resident ? { onBehalfOf: resident.id } : {}),
      ...(byContact ? { contactName: contactName.trim() || undefined, contactPhone: contactPhone.trim() || undefined } : {}),
    }
    return { input, local }
  }

  async function handleSubmit() {
    if (inFlight.current) return
    const { input, local } = buildInput()
    const parsed = ZCreateNeedFullRequest.safeParse(input)
    if (!parsed.success || Object.keys(local).length > 0) {
      const byField = parsed.success ? {} : fieldErrors(parsed.error.issues)
      setErrors({ ...byField, ...local, form: FIX_HINT })
      void revealFirstError()
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      const need = await submit(parsed.data)
      draft.clear()
      // Stays "submitting" on success: the page navigates away and a second tap must not submit twice.
      onSuccess(need)
    } catch (err) {
      inFlight.current = false
      setSubmitting(false)
      if (isApiError(err) && isField(err.field)) {
        setErrors({ [err.field]: err.message, form: FIX_HINT })
        void revealFirstError()
      } else {
        setErrors({ form: errorMessage(err) })
      }
    }
  }

  const fieldError = (field: Field) =>
    errors[field] ? <Text className={`field-error field-error-${field}`}>{errors[field]}</Text> : null

  return (
    <View className='need-form'>
      {draft.restored && <DraftNote className='need-draft' onDiscard={resetForm} />}
      {forOthers && (
        <View className='form-field need-source'>
          <Text className='form-label'>这是谁的需求</Text>
          <View className='choice-grid'>
            {sources.map((s) => (
              <View
                key={s.key}
                className={`choice is-half need-source-${s.key}${source === s.key ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: source === s.key })}
                onClick={() => {
                  setSource(s.key)
                  clearError('source', 'contactName', 'contactPhone', 'microGridId', 'onBehalfOf')
                }}
              >
                <Text className='choice-title'>{s.label}</Text>
                <Text className='choice-sub'>{s.sub}</Text>
              </View>
            ))}
          </View>
          {source !== 'resident' && (
            <Text className='need-source-note'>
              {microGridId ? '需求记在您所在的微网格。' : '您的账号还没有绑定微网格，提交时会提示。'}
              {source === 'on_behalf' ? '办理进度请到需求详情查看，并及时转告居民。' : ''}
            </Text>
          )}
          {fieldError('source')}
          {fieldError('microGridId')}
        </View>
      )}

      {source === 'on_behalf' && (
        <View className='form-field need-behalf-mode'>
          <Text className='form-label'>替哪位居民提交</Text>
          <View className='choice-grid'>
            <View
              className={`choice is-half need-behalf-account${behalfMode === 'account' ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: behalfMode === 'account' })}
              onClick={() => {
                setBehalfMode('account')
                clearError('onBehalfOf', 'contactName', 'contactPhone')
              }}
            >
              <Text className='choice-title'>查找居民</Text>
              <Text className='choice-sub'>已在本社区登记的居民</Text>
            </View>
            <View
              className={`choice is-half need-behalf-contact${behalfMode === 'contact' ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: behalfMode === 'contact' })}
              onClick={() => {
                setBehalfMode('contact')
                clearError('onBehalfOf', 'contactName', 'contactPhone')
              }}
            >
              <Text className='choice-title'>没有账号</Text>
              <Text className='choice-sub'>填写姓名和电话</Text>
            </View>
          </View>
        </View>
      )}

      {source === 'on_behalf' && behalfMode === 'account' && (
        <PersonPicker
          className='need-behalf-person'
          communityId={profile?.communityId ?? ''}
          value={resident}
          onChange={(p) => {
            setResident(p)
            clearError('onBehalfOf', 'microGridId')
          }}
          label='居民'
          placeholder='输入居民姓名或手机号查找'
          hint='找不到时，选择“没有账号”填写姓名和电话'
          error={errors.onBehalfOf}
        />
      )}

      {source === 'on_behalf' && behalfMode === 'contact' && (
        <View className='need-on-behalf'>
          <View className='form-field'>
            <Text className='form-label'>居民姓名</Text>
            <Input
              className={`form-input need-contact-name${errors.contactName ? ' has-error' : ''}`}
              value={contactName}
              maxlength={40}
              placeholder='例如：王奶奶'
              placeholderClass='form-placeholder'
              onInput={(e) => {
                setContactName(e.detail.value)
                clearError('contactName')
              }}
            />
            {fieldError('contactName')}
          </View>
          <View className='form-field'>
            <Text className='form-label'>居民联系电话</Text>
            <Input
              className={`form-input need-contact-phone${errors.contactPhone ? ' has-error' : ''}`}
              value={contactPhone}
              type='number'
              maxlength={15}
              placeholder='手机或座机号码'
              placeholderClass='form-placeholder'
              onInput={(e) => {
                setContactPhone(e.detail.value)
                clearError('contactPhone')
              }}
            />
            {fieldError('contactPhone')}
          </View>
        </View>
      )}

      <View className='form-field'>
        <Text className='form-label'>标题</Text>
        <Input
          className={`form-input need-title${errors.title ? ' has-error' : ''}`}
          value={title}
          maxlength={NEED_TITLE_MAX}
          placeholder='一句话说明是什么事，例如：3号楼楼道灯坏了'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setTitle(e.detail.value)
            clearError('title')
          }}
        />
        <View className='form-field-foot'>
          {errors.title ? <Text className='field-error field-error-title'>{errors.title}</Text> : <Text />}
          <Text className='form-count need-title-count'>
            {title.length}/{NEED_TITLE_MAX}
          </Text>
        </View>
      </View>

      {searchSimilar && followSimilar && (
        <SimilarNeeds microGridId={microGridId} title={title} search={searchSimilar} follow={followSimilar} />
      )}

      <View className='form-field'>
        <Text className='form-label'>类别</Text>
        <View className='category-grid'>
          {NEED_CATEGORIES.map((key) => (
            <View
              key={key}
              className={`category-option need-category-${key}${category === key ? ' is-selected' : ''}`}
              {...a11y('radio', undefined, { checked: category === key })}
              onClick={() => {
                setCategory(key)
                clearError('category')
              }}
            >
              <Text>{NEED_CATEGORY_LABELS[key]}</Text>
            </View>
          ))}
        </View>
        {fieldError('category')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>需求描述</Text>
        <Textarea
          className={`form-textarea need-description${errors.description ? ' has-error' : ''}`}
          value={description}
          maxlength={NEED_DESCRIPTION_MAX}
          placeholder='请说清楚在哪里、遇到了什么问题、希望社区怎么帮忙'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setDescription(e.detail.value)
            clearError('description')
          }}
        />
        <View className='form-field-foot'>
          {errors.description ? (
            <Text className='field-error field-error-description'>{errors.description}</Text>
          ) : (
            <Text />
          )}
          <Text className='form-count need-description-count'>
            {description.length}/{NEED_DESCRIPTION_MAX}
          </Text>
        </View>
      </View>

      <View className='form-field'>
        <Text className='form-label'>紧急程度</Text>
        <View className='choice-grid'>
          {NEED_URGENCIES.map((key) => (
            <View
              key={key}
              className={`choice is-half need-urgency-${key}${urgency === key ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: urgency === key })}
              onClick={() => {
                setUrgency(key)
                clearError('urgency')
              }}
            >
              <Text>{NEED_URGENCY_LABELS[key]}</Text>
            </View>
          ))}
        </View>
        {fieldError('urgency')}
      </View>

      <Text className='form-section-title'>以下可以不填</Text>

      <View className='form-field'>
        <Text className='form-label'>
          详细地址<Text className='form-label-hint'>只有您和社区工作者能看到</Text>
        </Text>
        <Input
          className={`form-input need-address${errors.address ? ' has-error' : ''}`}
          value={address}
          maxlength={200}
          placeholder='例如：3号楼2单元501'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setAddress(e.detail.value)
            clearError('address')
          }}
        />
        {fieldError('address')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>涉及几户 / 几人</Text>
        <Input
          className={`form-input need-people need-people-input${errors.peopleAffected ? ' has-error' : ''}`}
          value={people}
          type='number'
          maxlength={6}
          placeholder='例如：1'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setPeople(e.detail.value)
            clearError('peopleAffected')
          }}
        />
        {fieldError('peopleAffected')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>方便上门的时间</Text>
        <Text className='form-help'>哪一天</Text>
        <View className='choice-grid need-window-days' {...a11y('radiogroup', '哪一天')}>
          {DAYS.map((d) => (
            <View
              key={d.offset}
              className={`choice need-window-day-${d.offset}${day === d.offset ? ' is-selected' : ''}`}
              {...a11y('radio', undefined, { checked: day === d.offset })}
              onClick={() => {
                setDay(day === d.offset ? null : d.offset)
                clearError('windowFrom', 'windowTo')
              }}
            >
              <Text className='choice-title'>{d.label}</Text>
              <Text className='choice-sub'>{formatDate(`${beijingDay(d.offset)}T12:00:00+08:00`)}</Text>
            </View>
          ))}
        </View>
        <Text className='form-help'>什么时段</Text>
        <View className='choice-grid need-window-slots' {...a11y('radiogroup', '什么时段')}>
          {SLOTS.map((s) => (
            <View
              key={s.key}
              className={`choice need-window-slot-${s.key}${slot === s.key ? ' is-selected' : ''}`}
              {...a11y('radio', undefined, { checked: slot === s.key })}
              onClick={() => {
                setSlot(slot === s.key ? null : s.key)
                clearError('windowFrom', 'windowTo')
              }}
            >
              <Text className='choice-title'>{s.label}</Text>
              <Text className='choice-sub'>
                {s.from}–{s.to}
              </Text>
            </View>
          ))}
        </View>
        {fieldError('windowFrom') ?? fieldError('windowTo')}
      </View>

      {errors.form && <Text className='form-error need-form-error'>{errors.form}</Text>}

      <BusyButton className='need-submit' busy={submitting} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交需求
      </BusyButton>
    </View>
  )
}
