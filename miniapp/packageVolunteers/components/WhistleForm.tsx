import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { POST_CATEGORIES, POST_CATEGORY_LABELS, ZCreateWhistleRequest, type PostCategory, type Whistle } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { fieldErrors } from '../../services/errors'
import type { CreateWhistleInput } from '../../services/volunteers'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, DateTime, Field, FormInput, FormTextarea, useSubmit } from '../../components/form'
import { beijingIso } from './PostForm'

const FIELDS = ['title', 'category', 'description', 'place', 'startsAt', 'headcount'] as const
const FIX_HINT = '请按红字提示修改后再提交'

/** Beijing date and time (rounded up to 5 minutes) `minutesAhead` from now, for the default gathering time. */
export function beijingSoon(now: Date, minutesAhead = 30): { date: string; time: string } {
  const step = 5 * 60_000
  const t = Math.ceil((now.getTime() + minutesAhead * 60_000) / step) * step
  const d = new Date(t + 8 * 3_600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return { date: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`, time: `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` }
}

export interface WhistleFormProps {
  submit: (input: CreateWhistleInput) => Promise<Whistle>
  onSuccess: (whistle: Whistle) => void
  now?: () => Date
}

/** 社区吹哨: an urgent call with a reason, a meeting place, a time and how many people are needed. */
export function WhistleForm({ submit, onSuccess, now = () => new Date() }: WhistleFormProps) {
  const soon = beijingSoon(now())
  const [title, setTitle] = useState('')
  const [category, setCategory] = useState<PostCategory | ''>('')
  const [place, setPlace] = useState('')
  const [date, setDate] = useState(soon.date)
  const [time, setTime] = useState(soon.time)
  const [headcount, setHeadcount] = useState('5')
  const [description, setDescription] = useState('')
  const f = useSubmit(FIELDS, 'whistle-form-error', { fieldHint: FIX_HINT, topField: true })
  const { errors, clear } = f
  const draft = useDraft(
    'whistle:new',
    { title, category, place, date, time, headcount, description },
    (d) => {
      setTitle(d.title ?? '')
      setCategory(d.category ?? '')
      setPlace(d.place ?? '')
      setDate(d.date ?? soon.date)
      setTime(d.time ?? soon.time)
      setHeadcount(d.headcount ?? '5')
      setDescription(d.description ?? '')
    },
    { isEmpty: (d) => !d.title.trim() && !d.place.trim() && !d.description.trim() && !d.category },
  )

  async function handleSubmit() {
    if (f.pending()) return
    const parsed = ZCreateWhistleRequest.safeParse({
      title,
      category: category || undefined,
      place,
      startsAt: beijingIso(date, time),
      headcount: headcount.trim() === '' ? undefined : Number(headcount),
      description: description.trim() === '' ? undefined : description,
    })
    if (!parsed.success) {
      f.setErrors({ ...fieldErrors(parsed.error.issues), form: FIX_HINT })
      return
    }
    // stays busy on success: the page leaves, and a second tap must not blow the whistle twice
    const whistle = await f.run(() => submit(parsed.data), { keepBusy: true })
    if (whistle) {
      draft.clear()
      onSuccess(whistle)
    }
  }

  return (
    <View className='whistle-form'>
      {draft.restored && (
        <DraftNote
          onDiscard={() => {
            draft.discard()
            setTitle('')
            setCategory('')
            setPlace('')
            setDate(soon.date)
            setTime(soon.time)
            setHeadcount('5')
            setDescription('')
            f.setErrorsQuietly({})
          }}
        />
      )}
      <Field name='title' label='事由' error={errors.title}>
        <FormInput
          className='whistle-title'
          invalid={!!errors.title}
          value={title}
          maxlength={40}
          placeholder='例如：防汛巡查'
          onInput={(v) => {
            setTitle(v)
            clear('title')
          }}
        />
      </Field>
      <Field label='类别（选填）'>
        <ChipSelect
          clearable
          options={POST_CATEGORIES}
          labels={POST_CATEGORY_LABELS}
          prefix='whistle-category'
          groupLabel='类别'
          value={category}
          onChange={(c) => setCategory(c ?? '')}
        />
      </Field>
      <Field name='place' label='集合地点' error={errors.place}>
        <FormInput
          className='whistle-place'
          invalid={!!errors.place}
          value={place}
          maxlength={100}
          placeholder='例如：和平河堤北口'
          onInput={(v) => {
            setPlace(v)
            clear('place')
          }}
        />
      </Field>
      <Field name='startsAt' label='集合时间' error={errors.startsAt}>
        <DateTime
          date={date}
          time={time}
          dateClassName='whistle-date'
          timeClassName='whistle-time'
          onDate={(v) => {
            setDate(v)
            clear('startsAt')
          }}
          onTime={(v) => {
            setTime(v)
            clear('startsAt')
          }}
        />
      </Field>
      <Field name='headcount' label='需要人数' error={errors.headcount}>
        <FormInput
          className='whistle-headcount'
          invalid={!!errors.headcount}
          type='number'
          value={headcount}
          maxlength={3}
          onInput={(v) => {
            setHeadcount(v)
            clear('headcount')
          }}
        />
      </Field>
      <Field name='description' label='说明（选填）' error={errors.description}>
        <FormTextarea
          className='whistle-description'
          invalid={!!errors.description}
          value={description}
          maxlength={500}
          placeholder='要做什么、需要带什么'
          onInput={(v) => {
            setDescription(v)
            clear('description')
          }}
        />
      </Field>
      {f.formError()}
      <BusyButton className='whistle-submit' busy={f.busy} busyText='正在吹哨…' onClick={() => void handleSubmit()}>
        吹哨召集志愿者
      </BusyButton>
      <Text className='form-hint whistle-hint btn-gap'>已报到的在职党员和社区能人都会收到通知，到齐人数后自动结束</Text>
    </View>
  )
}
