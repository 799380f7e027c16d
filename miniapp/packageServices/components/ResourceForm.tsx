import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
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
import { errorMessage, fieldErrors, isApiError } from '../../services/errors'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { DraftNote } from '../../components/DraftNote'
import './forms.scss'

type Period = (typeof RESOURCE_PERIODS)[number]
const FIELDS = ['title', 'description', 'kind', 'partnerType', 'categories', 'capacity', 'period', 'contactName', 'contactPhone'] as const
type Field = (typeof FIELDS)[number]
type Errors = Partial<Record<Field | 'form', string>>

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

function isField(name: string | undefined): name is Field {
  return name !== undefined && (FIELDS as readonly string[]).includes(name)
}

/** "categories.0" names the categories field; the server and zod both name nested fields this way. */
function topField(name: string | undefined): string | undefined {
  return name?.split('.')[0]
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
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)
  // A disabled Taro Button still dispatches clicks on H5, so the guard must not depend on re-rendering.
  const inFlight = useRef(false)

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
    setErrors({})
  }
  /** errors shown: bring the first into view */
  function refuse(next: Errors) {
    setErrors(next)
    void revealFirstError()
  }

  const clearError = (field: Field) => setErrors((prev) => (prev[field] || prev.form ? { ...prev, [field]: undefined, form: undefined } : prev))

  function toggleCategory(c: NeedCategory) {
    setCategories((prev) => (prev.includes(c) ? prev.filter((x) => x !== c) : [...prev, c]))
    clearError('categories')
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
      refuse({ ...local, form: FIX_HINT })
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      const saved = await update(parsed.data)
      draft.clear()
      onSuccess(saved)
    } catch (err) {
      inFlight.current = false
      setSubmitting(false)
      const field = isApiError(err) ? topField(err.field) : undefined
      if (isApiError(err) && isField(field)) refuse({ [field]: err.message, form: FIX_HINT })
      else setErrors({ form: errorMessage(err) })
    }
  }

  async function handleSubmit() {
    if (inFlight.current) return
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
      refuse({ ...local, form: FIX_HINT })
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      const resource = await submit(parsed.data)
      draft.clear()
      // Stays "submitting" on success: the page leaves and a second tap must not publish twice.
      onSuccess(resource)
    } catch (err) {
      inFlight.current = false
      setSubmitting(false)
      const field = isApiError(err) ? topField(err.field) : undefined
      if (isApiError(err) && isField(field)) {
        refuse({ [field]: err.message, form: FIX_HINT })
      } else {
        setErrors({ form: errorMessage(err) })
      }
    }
  }

  const error = (field: Field) => (errors[field] ? <Text className={`field-error field-error-${field}`}>{errors[field]}</Text> : null)

  return (
    <View className='resource-form'>
      {draft.restored && <DraftNote className='resource-draft-note' onDiscard={discardDraft} />}
      <View className='form-field'>
        <Text className='form-label'>资源名称</Text>
        <Input
          className={`form-input resource-title${errors.title ? ' has-error' : ''}`}
          value={title}
          maxlength={TITLE_MAX}
          placeholder='例如：红星物业水电维修队'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setTitle(e.detail.value)
            clearError('title')
          }}
        />
        {error('title')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>资源类型</Text>
        <View className='chip-grid'>
          {RESOURCE_KINDS.map((k) => (
            <View
              key={k}
              className={`chip resource-kind-${k}${kind === k ? ' is-selected' : ''}`}
              {...a11y('radio', undefined, { checked: kind === k })}
              onClick={() => {
                setKind(k)
                clearError('kind')
              }}
            >
              <Text>{RESOURCE_KIND_LABELS[k]}</Text>
            </View>
          ))}
        </View>
        {error('kind')}
      </View>

      {isUnit && (
        <View className='form-field'>
          <Text className='form-label'>合伙人类型</Text>
          <View className='chip-grid'>
            {PARTNER_TYPES.map((t) => (
              <View
                key={t}
                className={`chip resource-partner-${t}${partnerType === t ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: partnerType === t })}
                onClick={() => {
                  setPartnerType(t)
                  clearError('partnerType')
                }}
              >
                <Text>{PARTNER_TYPE_LABELS[t]}</Text>
              </View>
            ))}
          </View>
          {error('partnerType')}
        </View>
      )}

      <View className='form-field'>
        <Text className='form-label'>能服务哪些需求</Text>
        <Text className='form-hint'>可以选多个</Text>
        <View className='chip-grid'>
          {NEED_CATEGORIES.map((c) => (
            <View
              key={c}
              className={`chip resource-category-${c}${categories.includes(c) ? ' is-selected' : ''}`}
              {...a11y('checkbox', undefined, { checked: categories.includes(c) })}
              onClick={() => toggleCategory(c)}
            >
              <Text>{NEED_CATEGORY_LABELS[c]}</Text>
            </View>
          ))}
        </View>
        {error('categories')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>服务能力</Text>
        <View className='chip-grid'>
          {RESOURCE_PERIODS.map((p) => (
            <View
              key={p}
              className={`chip resource-period-${p}${period === p ? ' is-selected' : ''}`}
              {...a11y('radio', undefined, { checked: period === p })}
              onClick={() => {
                setPeriod(p)
                clearError('period')
              }}
            >
              <Text>{RESOURCE_PERIOD_LABELS[p]}</Text>
            </View>
          ))}
        </View>
        <Text className='form-hint'>{RESOURCE_PERIOD_LABELS[period]}最多能服务几个需求</Text>
        <Input
          className={`form-input resource-capacity${errors.capacity ? ' has-error' : ''}`}
          type='number'
          value={capacity}
          maxlength={4}
          placeholder='例如：5'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setCapacity(e.detail.value)
            clearError('capacity')
          }}
        />
        {error('capacity')}
        {error('period')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>资源介绍（选填）</Text>
        <Textarea
          className={`form-textarea resource-description${errors.description ? ' has-error' : ''}`}
          value={description}
          maxlength={DESCRIPTION_MAX}
          placeholder='能提供什么服务、什么时间方便、需要提前多久联系'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setDescription(e.detail.value)
            clearError('description')
          }}
        />
        {error('description')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>联系人</Text>
        <Text className='form-hint'>只有社区工作者和对接的双方能看到</Text>
        <Input
          className={`form-input resource-contact-name${errors.contactName ? ' has-error' : ''}`}
          value={contactName}
          maxlength={40}
          placeholder='联系人姓名'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setContactName(e.detail.value)
            clearError('contactName')
          }}
        />
        {error('contactName')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>联系电话</Text>
        <Input
          className={`form-input resource-contact-phone${errors.contactPhone ? ' has-error' : ''}`}
          type='number'
          value={contactPhone}
          maxlength={15}
          placeholder='手机或座机号码'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setContactPhone(e.detail.value)
            clearError('contactPhone')
          }}
        />
        {error('contactPhone')}
      </View>

      {errors.form && <Text className='form-error resource-form-error'>{errors.form}</Text>}

      <BusyButton className='resource-submit' busy={submitting} busyText={initial ? '正在保存…' : '正在发布…'} onClick={() => void handleSubmit()}>
        {initial ? '保存修改' : '发布资源'}
      </BusyButton>
    </View>
  )
}
