import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import {
  NEED_CATEGORIES,
  NEED_CATEGORY_LABELS,
  PARTNER_TYPES,
  PARTNER_TYPE_LABELS,
  RESOURCE_KINDS,
  RESOURCE_KIND_LABELS,
  RESOURCE_PERIODS,
  RESOURCE_PERIOD_LABELS,
  ZCreateResourceRequest,
  ZUpdateResourceRequest,
  type CreateResourceRequest,
  type NeedCategory,
  type PartnerType,
  type Resource,
  type ResourceKind,
} from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import type { UpdateResourceInput } from '../../services/editing'
import { fieldErrors } from '../../services/errors'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, Field, FieldError, FormInput, FormTextarea, useSubmit } from '../../components/form'
import './forms.scss'

type Period = (typeof RESOURCE_PERIODS)[number]
const FIELDS = ['title', 'description', 'kind', 'partnerType', 'categories', 'capacity', 'period', 'contactName', 'contactPhone'] as const
type FieldName = (typeof FIELDS)[number]
type Errors = Partial<Record<FieldName | 'form', string>>

const FIX_HINT = '请按红字提示修改后再提交'
const TITLE_MAX = 40
const DESCRIPTION_MAX = 1000

export type ResourceFormProps = ResourceFormBase & (
  | { submit: (input: CreateResourceRequest) => Promise<Resource>; initial?: undefined; update?: undefined }
  /** 修改资源: prefilled; the service area stays as published */
  | { initial: Resource; update: (input: UpdateResourceInput) => Promise<Resource>; submit?: undefined }
)

interface ResourceFormBase {
  onSuccess: (resource: Resource) => void
  /** units say which kind of partner (合伙人) they are; nobody else may */
  isUnit: boolean
  /** communities served: the publisher's own by default */
  communityIds: string[]
  initialContactName?: string
  initialContactPhone?: string
}

export function ResourceForm(props: ResourceFormProps) {
  const { onSuccess, isUnit, communityIds, initial } = props
  const [title, setTitle] = useState(initial?.title ?? '')
  const [description, setDescription] = useState(initial?.description ?? '')
  const [kind, setKind] = useState<ResourceKind | ''>(initial?.kind ?? '')
  const [partnerType, setPartnerType] = useState<PartnerType | ''>(initial?.partnerType ?? '')
  const [categories, setCategories] = useState<NeedCategory[]>(initial?.categories ?? [])
  const [capacity, setCapacity] = useState(initial ? String(initial.capacity) : '')
  const [period, setPeriod] = useState<Period>(initial?.period ?? 'month')
  const [contactName, setContactName] = useState(initial?.contactName ?? props.initialContactName ?? '')
  const [contactPhone, setContactPhone] = useState(initial?.contactPhone ?? props.initialContactPhone ?? '')
  const f = useSubmit(FIELDS, 'resource-form-error', { fieldHint: FIX_HINT, topField: true })
  const { errors, clear: clearError } = f

  // what the person typed, kept on the device until it is published (an edit form: per resource)
  const draftValue = { title, description, kind, partnerType, categories, capacity, period, contactName, contactPhone }
  type DraftValue = typeof draftValue
  const restore = (d: DraftValue) => {
    setTitle(d.title ?? '')
    setDescription(d.description ?? '')
    setKind(d.kind ?? '')
    setPartnerType(d.partnerType ?? '')
    setCategories(d.categories ?? [])
    setCapacity(d.capacity ?? '')
    setPeriod(d.period ?? 'month')
    setContactName(d.contactName ?? '')
    setContactPhone(d.contactPhone ?? '')
  }
  const draft = useDraft<DraftValue>(initial ? `resource:${initial.id}` : 'resource:new', draftValue, restore, {
    isEmpty: (d) => !d.title.trim() && !d.description.trim() && d.categories.length === 0 && !d.capacity.trim() && !d.kind,
  })
  function discardDraft() {
    draft.discard()
    restore({
      title: initial?.title ?? '', description: initial?.description ?? '', kind: initial?.kind ?? '', partnerType: initial?.partnerType ?? '',
      categories: initial?.categories ?? [], capacity: initial ? String(initial.capacity) : '', period: initial?.period ?? 'month',
      contactName: initial?.contactName ?? props.initialContactName ?? '', contactPhone: initial?.contactPhone ?? props.initialContactPhone ?? '',
    })
    f.setErrorsQuietly({})
  }

  async function handleUpdate(before: Resource, update: (input: UpdateResourceInput) => Promise<Resource>) {
    const capacityText = capacity.trim()
    const parsed = ZUpdateResourceRequest.safeParse({
      id: before.id,
      title,
      description,
      kind: kind || undefined,
      partnerType: partnerType || null,
      categories,
      capacity: capacityText === '' ? undefined : Number(capacityText),
      period,
      contactName,
      contactPhone,
    })
    const local: Errors = parsed.success ? {} : fieldErrors(parsed.error.issues)
    if (isUnit && !partnerType) local.partnerType = '请选择合伙人类型'
    if (capacityText === '') local.capacity = '请填写服务能力'
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
    const capacityText = capacity.trim()
    const parsed = ZCreateResourceRequest.safeParse({
      title,
      description,
      kind: kind || undefined,
      partnerType: partnerType || undefined,
      categories,
      capacity: capacityText === '' ? undefined : Number(capacityText),
      period,
      communityIds,
      contactName,
      contactPhone,
    })
    const local: Errors = parsed.success ? {} : fieldErrors(parsed.error.issues)
    // The contract leaves the partner type optional because only units have one; for a unit it is required.
    if (isUnit && !partnerType) local.partnerType = '请选择合伙人类型'
    if (!parsed.success || Object.keys(local).length > 0) {
      f.setErrors({ ...local, form: FIX_HINT })
      return
    }
    // Stays busy on success: the page leaves and a second tap must not publish twice.
    const resource = await f.run(() => submit(parsed.data), { keepBusy: true })
    if (resource) {
      draft.clear()
      onSuccess(resource)
    }
  }

  const input = (field: 'title' | 'capacity' | 'contactName' | 'contactPhone', value: string, set: (v: string) => void) => ({
    className: field === 'title' ? 'resource-title' : field === 'capacity' ? 'resource-capacity' : field === 'contactName' ? 'resource-contact-name' : 'resource-contact-phone',
    invalid: !!errors[field],
    value,
    onInput: (v: string) => {
      set(v)
      clearError(field)
    },
  })

  return (
    <View className='resource-form'>
      {draft.restored && <DraftNote className='resource-draft-note' onDiscard={discardDraft} />}
      <Field name='title' label='资源名称' error={errors.title}>
        <FormInput {...input('title', title, setTitle)} maxlength={TITLE_MAX} placeholder='例如：红星物业水电维修队' />
      </Field>

      <Field name='kind' label='资源类型' error={errors.kind}>
        <ChipSelect
          options={RESOURCE_KINDS}
          labels={RESOURCE_KIND_LABELS}
          prefix='resource-kind'
          value={kind}
          onChange={(k) => {
            setKind(k)
            clearError('kind')
          }}
        />
      </Field>

      {isUnit && (
        <Field name='partnerType' label='合伙人类型' error={errors.partnerType}>
          <ChipSelect
            options={PARTNER_TYPES}
            labels={PARTNER_TYPE_LABELS}
            prefix='resource-partner'
            value={partnerType}
            onChange={(t) => {
              setPartnerType(t)
              clearError('partnerType')
            }}
          />
        </Field>
      )}

      <Field name='categories' label='能服务哪些需求' hint='可以选多个' error={errors.categories}>
        <ChipSelect
          multiple
          options={NEED_CATEGORIES}
          labels={NEED_CATEGORY_LABELS}
          prefix='resource-category'
          value={categories}
          onChange={(next) => {
            // the order of choosing, as before: the newly chosen one last
            setCategories((prev) => [...prev.filter((c) => next.includes(c)), ...next.filter((c) => !prev.includes(c))])
            clearError('categories')
          }}
        />
      </Field>

      <Field name='capacity' label='服务能力'>
        <ChipSelect
          options={RESOURCE_PERIODS}
          labels={RESOURCE_PERIOD_LABELS}
          prefix='resource-period'
          value={period}
          onChange={(p) => {
            setPeriod(p)
            clearError('period')
          }}
        />
        <Text className='form-hint'>{RESOURCE_PERIOD_LABELS[period]}最多能服务几个需求</Text>
        <FormInput {...input('capacity', capacity, setCapacity)} type='number' maxlength={4} placeholder='例如：5' />
        <FieldError name='capacity' message={errors.capacity} />
        <FieldError name='period' message={errors.period} />
      </Field>

      <Field name='description' label='资源介绍（选填）' error={errors.description}>
        <FormTextarea
          className='resource-description'
          invalid={!!errors.description}
          value={description}
          maxlength={DESCRIPTION_MAX}
          placeholder='能提供什么服务、什么时间方便、需要提前多久联系'
          onInput={(v) => {
            setDescription(v)
            clearError('description')
          }}
        />
      </Field>

      <Field name='contactName' label='联系人' hint='只有社区工作者和对接的双方能看到' error={errors.contactName}>
        <FormInput {...input('contactName', contactName, setContactName)} maxlength={40} placeholder='联系人姓名' />
      </Field>

      <Field name='contactPhone' label='联系电话' error={errors.contactPhone}>
        <FormInput {...input('contactPhone', contactPhone, setContactPhone)} type='number' maxlength={15} placeholder='手机或座机号码' />
      </Field>

      {f.formError()}

      <BusyButton className='resource-submit' busy={f.busy} busyText={initial ? '正在保存…' : '正在发布…'} onClick={() => void handleSubmit()}>
        {initial ? '保存修改' : '发布资源'}
      </BusyButton>
    </View>
  )
}
