import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import {
  NEED_CATEGORIES,
  NEED_CATEGORY_LABELS,
  NEED_DESCRIPTION_MAX,
  NEED_TITLE_MAX,
  ZCreateNeedRequest,
  type CreateNeedRequest,
  type Need,
  type NeedCategory,
} from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, fieldErrors, isApiError } from '../../services/errors'
import './NeedForm.scss'

type Field = 'title' | 'category' | 'description'
const FIELDS: readonly Field[] = ['title', 'category', 'description']
type Errors = Partial<Record<Field | 'form', string>>

export interface NeedFormProps {
  submit: (input: CreateNeedRequest) => Promise<Need>
  onSuccess: (need: Need) => void
}

function isField(name: string | undefined): name is Field {
  return name !== undefined && (FIELDS as readonly string[]).includes(name)
}

export function NeedForm({ submit, onSuccess }: NeedFormProps) {
  const [title, setTitle] = useState('')
  const [category, setCategory] = useState<NeedCategory | ''>('')
  const [description, setDescription] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)
  // A disabled Taro Button still dispatches clicks on H5, so the guard must not depend on re-rendering.
  const inFlight = useRef(false)

  const clearError = (field: Field) => setErrors((prev) => (prev[field] || prev.form ? { ...prev, [field]: undefined, form: undefined } : prev))

  async function handleSubmit() {
    if (inFlight.current) return
    const parsed = ZCreateNeedRequest.safeParse({ title, description, category: category || undefined })
    if (!parsed.success) {
      const byField = fieldErrors(parsed.error.issues)
      setErrors({ ...byField, form: '请按红字提示修改后再提交' })
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      const need = await submit(parsed.data)
      // Stays "submitting" on success: the page navigates away and a second tap must not submit twice.
      onSuccess(need)
    } catch (err) {
      inFlight.current = false
      setSubmitting(false)
      if (isApiError(err) && isField(err.field)) {
        setErrors({ [err.field]: err.message, form: '请按红字提示修改后再提交' })
      } else {
        setErrors({ form: errorMessage(err) })
      }
    }
  }

  return (
    <View className='need-form'>
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

      <View className='form-field'>
        <Text className='form-label'>类别</Text>
        <View className='category-grid'>
          {NEED_CATEGORIES.map((key) => (
            <View
              key={key}
              className={`category-option need-category-${key}${category === key ? ' is-selected' : ''}`}
              onClick={() => {
                setCategory(key)
                clearError('category')
              }}
            >
              <Text>{NEED_CATEGORY_LABELS[key]}</Text>
            </View>
          ))}
        </View>
        {errors.category && <Text className='field-error field-error-category'>{errors.category}</Text>}
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

      {errors.form && <Text className='form-error need-form-error'>{errors.form}</Text>}

      <BusyButton className='need-submit' busy={submitting} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交需求
      </BusyButton>
    </View>
  )
}
