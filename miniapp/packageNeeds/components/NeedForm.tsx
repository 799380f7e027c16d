import { Text, View } from '@tarojs/components'
import { useState } from 'react'
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
import { fieldErrors } from '../../services/errors'
import type { CreateNeedInput } from '../../services/needs'
import { beijingDay, formatDate } from '../../utils/format'
import { canSubmitForOthers, isStaff } from '../../utils/roles'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, Field, FieldError, FormInput, FormTextarea, PersonPicker, useSubmit } from '../../components/form'
import { SimilarNeeds } from './SimilarNeeds'
import './NeedForm.scss'

const FIELDS = [
  'title', 'category', 'description', 'urgency', 'address', 'peopleAffected', 'windowFrom', 'windowTo',
  'source', 'onBehalfOf', 'contactName', 'contactPhone', 'microGridId',
] as const
type FieldName = (typeof FIELDS)[number]
type Errors = Partial<Record<FieldName | 'form', string>>

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
  const f = useSubmit(FIELDS, 'need-form-error', { fieldHint: FIX_HINT })
  const { errors, clear: clearError } = f

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
    f.setErrorsQuietly({})
  }

  const forOthers = canSubmitForOthers(profile)
  const sources = SOURCE_CHOICES.filter((s) => !s.staffOnly || isStaff(profile))
  const microGridId = profile?.microGridId ?? null

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
    if (f.pending()) return
    const { input, local } = buildInput()
    const parsed = ZCreateNeedFullRequest.safeParse(input)
    if (!parsed.success || Object.keys(local).length > 0) {
      const byField = parsed.success ? {} : fieldErrors(parsed.error.issues)
      f.setErrors({ ...byField, ...local, form: FIX_HINT })
      return
    }
    // Stays busy on success: the page navigates away and a second tap must not submit twice.
    const need = await f.run(() => submit(parsed.data), { keepBusy: true })
    if (need) {
      draft.clear()
      onSuccess(need)
    }
  }

  const sourceOf = (k: NeedSource) => SOURCE_CHOICES.find((c) => c.key === k)!
  const slotOf = (k: SlotKey) => SLOTS.find((x) => x.key === k)!
  const BEHALF = { account: { label: '查找居民', sub: '已在本社区登记的居民' }, contact: { label: '没有账号', sub: '填写姓名和电话' } } as const

  return (
    <View className='need-form'>
      {draft.restored && <DraftNote className='need-draft' onDiscard={resetForm} />}
      {forOthers && (
        <Field name='source' className='need-source' label='这是谁的需求'>
          <ChipSelect
            options={sources.map((s) => s.key)}
            labels={(k) => sourceOf(k).label}
            sub={(k) => sourceOf(k).sub}
            prefix='need-source'
            layout='half'
            value={source}
            onChange={(k) => {
              setSource(k)
              clearError('source', 'contactName', 'contactPhone', 'microGridId', 'onBehalfOf')
            }}
          />
          {source !== 'resident' && (
            <Text className='need-source-note'>
              {microGridId ? '需求记在您所在的微网格。' : '您的账号还没有绑定微网格，提交时会提示。'}
              {source === 'on_behalf' ? '办理进度请到需求详情查看，并及时转告居民。' : ''}
            </Text>
          )}
          <FieldError name='source' message={errors.source} />
          <FieldError name='microGridId' message={errors.microGridId} />
        </Field>
      )}

      {source === 'on_behalf' && (
        <Field className='need-behalf-mode' label='替哪位居民提交'>
          <ChipSelect
            options={['account', 'contact'] as const}
            labels={(k) => BEHALF[k].label}
            sub={(k) => BEHALF[k].sub}
            prefix='need-behalf'
            layout='half'
            value={behalfMode}
            onChange={(k) => {
              setBehalfMode(k)
              clearError('onBehalfOf', 'contactName', 'contactPhone')
            }}
          />
        </Field>
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
          <Field name='contactName' label='居民姓名' error={errors.contactName}>
            <FormInput
              className='need-contact-name'
              invalid={!!errors.contactName}
              value={contactName}
              maxlength={40}
              placeholder='例如：王奶奶'
              onInput={(v) => {
                setContactName(v)
                clearError('contactName')
              }}
            />
          </Field>
          <Field name='contactPhone' label='居民联系电话' error={errors.contactPhone}>
            <FormInput
              className='need-contact-phone'
              invalid={!!errors.contactPhone}
              value={contactPhone}
              type='number'
              maxlength={15}
              placeholder='手机或座机号码'
              onInput={(v) => {
                setContactPhone(v)
                clearError('contactPhone')
              }}
            />
          </Field>
        </View>
      )}

      <Field name='title' label='标题' error={errors.title} count={{ value: title.length, max: NEED_TITLE_MAX, className: 'need-title-count' }}>
        <FormInput
          className='need-title'
          invalid={!!errors.title}
          value={title}
          maxlength={NEED_TITLE_MAX}
          placeholder='一句话说明是什么事，例如：3号楼楼道灯坏了'
          onInput={(v) => {
            setTitle(v)
            clearError('title')
          }}
        />
      </Field>

      {searchSimilar && followSimilar && (
        <SimilarNeeds microGridId={microGridId} title={title} search={searchSimilar} follow={followSimilar} />
      )}

      <Field name='category' label='类别' error={errors.category}>
        <ChipSelect
          options={NEED_CATEGORIES}
          labels={NEED_CATEGORY_LABELS}
          prefix='need-category'
          chipClassName='category-option'
          className='category-grid'
          value={category}
          onChange={(k) => {
            setCategory(k)
            clearError('category')
          }}
        />
      </Field>

      <Field
        name='description'
        label='需求描述'
        error={errors.description}
        count={{ value: description.length, max: NEED_DESCRIPTION_MAX, className: 'need-description-count' }}
      >
        <FormTextarea
          size='tall'
          className='need-description'
          invalid={!!errors.description}
          value={description}
          maxlength={NEED_DESCRIPTION_MAX}
          placeholder='请说清楚在哪里、遇到了什么问题、希望社区怎么帮忙'
          onInput={(v) => {
            setDescription(v)
            clearError('description')
          }}
        />
      </Field>

      <Field name='urgency' label='紧急程度' error={errors.urgency}>
        <ChipSelect
          options={NEED_URGENCIES}
          labels={NEED_URGENCY_LABELS}
          prefix='need-urgency'
          layout='half'
          value={urgency}
          onChange={(k) => {
            setUrgency(k)
            clearError('urgency')
          }}
        />
      </Field>

      <Text className='form-section-title'>以下可以不填</Text>

      <Field name='address' label='详细地址' labelHint='只有您和社区工作者能看到' error={errors.address}>
        <FormInput
          className='need-address'
          invalid={!!errors.address}
          value={address}
          maxlength={200}
          placeholder='例如：3号楼2单元501'
          onInput={(v) => {
            setAddress(v)
            clearError('address')
          }}
        />
      </Field>

      <Field name='peopleAffected' label='涉及几户 / 几人' error={errors.peopleAffected}>
        <FormInput
          className='need-people need-people-input'
          invalid={!!errors.peopleAffected}
          value={people}
          type='number'
          maxlength={6}
          placeholder='例如：1'
          onInput={(v) => {
            setPeople(v)
            clearError('peopleAffected')
          }}
        />
      </Field>

      <Field label='方便上门的时间'>
        <Text className='form-help'>哪一天</Text>
        <ChipSelect
          options={DAYS.map((d) => d.offset)}
          labels={(o) => DAYS.find((d) => d.offset === o)!.label}
          sub={(o) => formatDate(`${beijingDay(o)}T12:00:00+08:00`)}
          prefix='need-window-day'
          className='need-window-days'
          groupLabel='哪一天'
          clearable
          value={day}
          onChange={(o) => {
            setDay(o)
            clearError('windowFrom', 'windowTo')
          }}
        />
        <Text className='form-help'>什么时段</Text>
        <ChipSelect
          options={SLOTS.map((x) => x.key)}
          labels={(k) => slotOf(k).label}
          sub={(k) => `${slotOf(k).from}–${slotOf(k).to}`}
          prefix='need-window-slot'
          className='need-window-slots'
          groupLabel='什么时段'
          clearable
          value={slot}
          onChange={(k) => {
            setSlot(k)
            clearError('windowFrom', 'windowTo')
          }}
        />
        {errors.windowFrom ? <FieldError name='windowFrom' message={errors.windowFrom} /> : <FieldError name='windowTo' message={errors.windowTo} />}
      </Field>

      {f.formError()}

      <BusyButton className='need-submit' busy={f.busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交需求
      </BusyButton>
    </View>
  )
}
