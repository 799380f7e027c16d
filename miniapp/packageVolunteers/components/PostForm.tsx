import { Button, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { POST_CATEGORIES, POST_CATEGORY_LABELS, ZCreatePostRequest, ZUpdatePostRequest, type Post, type PostCategory } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import type { UpdatePostInput } from '../../services/editing'
import type { CreatePostInput } from '../../services/volunteers'
import { confirmAction } from '../../utils/confirm'
import { useDraft } from '../../utils/draft'
import { beijingDay } from '../../utils/format'
import { getCurrentLocation, isLocationError } from '../../utils/geo'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, DatePicker, Field, FieldError, FormInput, FormTextarea, TimePicker, useSubmit } from '../../components/form'

const FIX_HINT = '请按红字提示修改后再提交'
const TOP_FIELDS = ['title', 'category', 'description', 'place', 'lat', 'lng', 'radiusM', 'beanRatePerHour', 'slots'] as const
type TopField = (typeof TOP_FIELDS)[number]

export interface SlotDraft {
  key: number
  /** an existing slot (edit mode): only its capacity can change, never below `claimed` */
  id?: string
  claimed?: number
  date: string
  start: string
  end: string
  capacity: string
}

/** "2024-11-23" + "09:30" → "2024-11-23T09:30:00+08:00": slots are entered in Beijing time. */
export function beijingIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`
}

/** Issues by dotted path ("slots.0.endsAt"), first message wins. */
function byPath(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues) {
    const key = i.path.map(String).join('.') || 'form'
    if (!(key in out)) out[key] = i.message
  }
  return out
}

/** An ISO time → its Beijing date and "HH:mm", as the slot pickers show them. */
export function beijingParts(iso: string): { date: string; time: string } {
  const b = new Date(Date.parse(iso) + 8 * 3600_000).toISOString()
  return { date: b.slice(0, 10), time: b.slice(11, 16) }
}

export type PostFormProps = {
  onSuccess: (post: Post) => void
  /** for tests: the clock */
  now?: () => Date
} & (
  | { submit: (input: CreatePostInput) => Promise<Post>; initial?: undefined; update?: undefined }
  /** edit mode: the post as it is, prefilled; existing slots keep their times, new ones can be added */
  | { initial: Post; update: (input: UpdatePostInput) => Promise<Post>; submit?: undefined }
)

function slotDrafts(post: Post): SlotDraft[] {
  return post.slots.map((x, i) => {
    const from = beijingParts(x.startsAt)
    return { key: i + 1, id: x.id, claimed: x.claimed, date: from.date, start: from.time, end: beijingParts(x.endsAt).time, capacity: String(x.capacity) }
  })
}

/** 发布服务岗位: what, where (GCJ-02 lat/lng + radius), bean rate, and one or more time slots. With `initial`, 修改岗位. */
export function PostForm(props: PostFormProps) {
  const { onSuccess, now = () => new Date(), initial } = props
  const [title, setTitle] = useState(initial?.title ?? '')
  const [category, setCategory] = useState<PostCategory | ''>(initial?.category ?? '')
  const [description, setDescription] = useState(initial?.description ?? '')
  const [place, setPlace] = useState(initial?.place ?? '')
  const [lat, setLat] = useState(initial ? initial.lat.toFixed(6) : '')
  const [lng, setLng] = useState(initial ? initial.lng.toFixed(6) : '')
  const [radius, setRadius] = useState(initial ? String(initial.radiusM) : '200')
  const [rate, setRate] = useState(initial ? String(initial.beanRatePerHour) : '10')
  const nextKey = useRef(initial ? initial.slots.length + 2 : 2)
  const [slots, setSlots] = useState<SlotDraft[]>(() =>
    initial ? slotDrafts(initial) : [{ key: 1, date: beijingDay(1, now()), start: '09:00', end: '11:00', capacity: '5' }],
  )
  // errors by dotted path: a slot's are `slots.<i>.<field>`
  const f = useSubmit<string>(TOP_FIELDS, 'post-form-error')
  const { errors, clear } = f
  const [locating, setLocating] = useState(false)
  const [locationNote, setLocationNote] = useState('')
  const touchedPosition = useRef(false)

  // what staff typed, kept on the device until the post is published or saved (an edit: per post)
  const blankSlots = (): SlotDraft[] => (initial ? slotDrafts(initial) : [{ key: 1, date: beijingDay(1, now()), start: '09:00', end: '11:00', capacity: '5' }])
  const draftValue = { title, category, description, place, lat, lng, radius, rate, slots }
  type DraftValue = typeof draftValue
  const restore = (d: DraftValue) => {
    setTitle(d.title ?? '')
    setCategory(d.category ?? '')
    setDescription(d.description ?? '')
    setPlace(d.place ?? '')
    if (d.lat || d.lng) touchedPosition.current = true
    setLat(d.lat ?? '')
    setLng(d.lng ?? '')
    setRadius(d.radius ?? '200')
    setRate(d.rate ?? '10')
    const restored = Array.isArray(d.slots) && d.slots.length > 0 ? d.slots : blankSlots()
    nextKey.current = Math.max(nextKey.current, ...restored.map((x) => x.key + 1))
    setSlots(restored)
  }
  const draft = useDraft<DraftValue>(initial ? `post:${initial.id}` : 'post:new', draftValue, restore, {
    isEmpty: (d) => !d.title.trim() && !d.description.trim() && !d.place.trim() && !d.category,
  })
  function discardDraft() {
    draft.discard()
    touchedPosition.current = false
    restore({
      title: initial?.title ?? '', category: initial?.category ?? '', description: initial?.description ?? '', place: initial?.place ?? '',
      lat: initial ? initial.lat.toFixed(6) : lat, lng: initial ? initial.lng.toFixed(6) : lng,
      radius: initial ? String(initial.radiusM) : '200', rate: initial ? String(initial.beanRatePerHour) : '10', slots: blankSlots(),
    })
    f.setErrorsQuietly({})
  }

  /** The server's refusal: at the field (or slot) it names, else under the form; `toForm` maps its path to the form's. */
  const serverErrors = (toForm: (path: string) => string) => (err: unknown) => {
    const field = isApiError(err) && err.field ? toForm(err.field) : undefined
    if (field && (TOP_FIELDS as readonly string[]).includes(field.split('.')[0])) return { [field]: errorMessage(err), form: FIX_HINT }
    return { form: errorMessage(err) }
  }

  async function locate(auto: boolean) {
    setLocating(true)
    setLocationNote('')
    try {
      const p = await getCurrentLocation({ purpose: 'post' })
      // An automatic fix never overwrites what staff typed meanwhile.
      if (auto && touchedPosition.current) return
      setLat(p.lat.toFixed(6))
      setLng(p.lng.toFixed(6))
      clear('lat', 'lng')
      setLocationNote('已填入您现在的位置，可以修改')
    } catch (err) {
      setLocationNote(isLocationError(err) ? err.message : '暂时无法获取位置，请直接填写经纬度')
    } finally {
      setLocating(false)
    }
  }

  // The post is usually published on site: start from where staff stand (an edit keeps the post's place).
  useEffect(() => {
    if (!initial) void locate(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  function updateSlot(key: number, patch: Partial<SlotDraft>, index: number) {
    setSlots((prev) => prev.map((s) => (s.key === key ? { ...s, ...patch } : s)))
    clear('slots', `slots.${index}`, `slots.${index}.startsAt`, `slots.${index}.endsAt`, `slots.${index}.capacity`)
  }

  function addSlot() {
    setSlots((prev) => {
      const last = prev[prev.length - 1]
      return [...prev, { key: nextKey.current++, date: last?.date ?? beijingDay(1, now()), start: last?.start ?? '09:00', end: last?.end ?? '11:00', capacity: last && !last.id ? last.capacity : '5' }]
    })
    clear('slots')
  }

  async function removeSlot(key: number, index: number) {
    const slot = slots.find((x) => x.key === key)
    if (!slot) return
    const ok = await confirmAction({
      title: '删除时段',
      content: `删除时段 ${index + 1}（${slot.date} ${slot.start}–${slot.end}，${slot.capacity || 0} 个名额）？`,
      confirmText: '删除',
      danger: true,
    })
    if (!ok) return
    // a slot already published stays (people may hold it); only new ones can be taken out again
    setSlots((prev) => (prev.length > 1 ? prev.filter((s) => s.key !== key || s.id) : prev))
  }

  async function handleUpdate(post: Post, update: (input: UpdatePostInput) => Promise<Post>) {
    const num = (v: string) => (v.trim() === '' ? undefined : Number(v.trim()))
    const existing = slots.filter((s) => s.id)
    const added = slots.filter((s) => !s.id)
    const formIndex = (path: string): string => {
      const [head, i, ...rest] = path.split('.')
      if (head === 'addSlots' && i !== undefined) return ['slots', String(existing.length + Number(i)), ...rest].join('.')
      return path
    }
    const input = {
      id: post.id,
      title,
      category: category || undefined,
      description,
      place,
      lat: num(lat),
      lng: num(lng),
      radiusM: num(radius),
      beanRatePerHour: num(rate),
      slots: existing.map((s) => ({ id: s.id!, capacity: num(s.capacity) })),
      addSlots: added.map((s) => ({ startsAt: beijingIso(s.date, s.start), endsAt: beijingIso(s.date, s.end), capacity: num(s.capacity) })),
    }
    const parsed = ZUpdatePostRequest.safeParse(input)
    const local: Record<string, string> = {}
    if (!parsed.success) {
      for (const [k, v] of Object.entries(byPath(parsed.error.issues))) if (!(formIndex(k) in local)) local[formIndex(k)] = v
    }
    slots.forEach((s, i) => {
      const cap = num(s.capacity)
      if (s.id && !local[`slots.${i}.capacity`] && cap !== undefined && cap < (s.claimed ?? 0)) {
        local[`slots.${i}.capacity`] = `已有 ${s.claimed} 人认领，名额不能少于 ${s.claimed}`
      }
      if (!s.id && !local[`slots.${i}.endsAt`] && Date.parse(beijingIso(s.date, s.end)) <= now().getTime()) local[`slots.${i}.endsAt`] = '这个时段已经过去了，请改一下日期或时间'
    })
    if (!parsed.success || Object.keys(local).length > 0) {
      f.setErrors({ ...local, form: FIX_HINT })
      return
    }
    const saved = await f.run(() => update({ id: post.id, ...parsed.data }), { keepBusy: true, errorsFor: serverErrors(formIndex) })
    if (saved) {
      draft.clear()
      onSuccess(saved)
    }
  }

  async function handleSubmit() {
    if (f.pending()) return
    if (props.initial) return handleUpdate(props.initial, props.update)
    const submit = props.submit
    const num = (v: string) => (v.trim() === '' ? undefined : Number(v.trim()))
    const input = {
      title,
      category: category || undefined,
      description: description.trim() === '' ? undefined : description,
      place: place.trim() === '' ? undefined : place,
      lat: num(lat),
      lng: num(lng),
      radiusM: num(radius),
      beanRatePerHour: num(rate),
      slots: slots.map((s) => ({ startsAt: beijingIso(s.date, s.start), endsAt: beijingIso(s.date, s.end), capacity: num(s.capacity) })),
    }
    const parsed = ZCreatePostRequest.safeParse(input)
    const local: Record<string, string> = parsed.success ? {} : byPath(parsed.error.issues)
    // The server accepts a slot in the past; nobody could claim it, so say so here.
    slots.forEach((s, i) => {
      if (!local[`slots.${i}.endsAt`] && Date.parse(beijingIso(s.date, s.end)) <= now().getTime()) local[`slots.${i}.endsAt`] = '这个时段已经过去了，请改一下日期或时间'
    })
    if (!parsed.success || Object.keys(local).length > 0) {
      f.setErrors({ ...local, form: FIX_HINT })
      return
    }
    // Stays busy: the page leaves, and a second tap must not publish twice.
    const post = await f.run(() => submit(parsed.data), { keepBusy: true, errorsFor: serverErrors((path) => path) })
    if (post) {
      draft.clear()
      onSuccess(post)
    }
  }

  const err = (field: TopField) => errors[field]
  const slotError = (i: number) => {
    const msg = errors[`slots.${i}.startsAt`] ?? errors[`slots.${i}.endsAt`] ?? errors[`slots.${i}.capacity`] ?? errors[`slots.${i}`]
    return msg ? <Text className={`field-error field-error-slots slot-error-${i}`}>{msg}</Text> : null
  }

  return (
    <View className='post-form'>
      {draft.restored && <DraftNote className='post-draft-note' onDiscard={discardDraft} />}
      <Field name='title' label='岗位名称' error={err('title')}>
        <FormInput
          className='post-title'
          invalid={!!err('title')}
          value={title}
          maxlength={40}
          placeholder='例如：周末健康义诊'
          onInput={(v) => {
            setTitle(v)
            clear('title')
          }}
        />
      </Field>

      <Field name='category' label='岗位类别' error={err('category')}>
        <ChipSelect
          options={POST_CATEGORIES}
          labels={POST_CATEGORY_LABELS}
          prefix='post-category'
          groupLabel='岗位类别'
          value={category}
          onChange={(c) => {
            setCategory(c)
            clear('category')
          }}
        />
      </Field>

      <Field name='description' label='岗位说明（选填）' error={err('description')}>
        <FormTextarea
          className='post-description'
          invalid={!!err('description')}
          value={description}
          maxlength={1000}
          placeholder='做什么、需要带什么、找谁报到'
          onInput={(v) => {
            setDescription(v)
            clear('description')
          }}
        />
      </Field>

      <Field name='place' label='地点' error={err('place')}>
        <FormInput
          className='post-place'
          invalid={!!err('place')}
          value={place}
          maxlength={100}
          placeholder='例如：社区服务中心一楼'
          onInput={(v) => {
            setPlace(v)
            clear('place')
          }}
        />
      </Field>

      <Field label='签到位置（经纬度）' hint='志愿者要在这个位置附近才能签到；默认是您现在的位置'>
        <View className='form-row'>
          {(['lat', 'lng'] as const).map((k) => (
            <View key={k} className='form-col'>
              <FormInput
                className={`post-${k}`}
                invalid={!!err(k)}
                type='digit'
                value={k === 'lat' ? lat : lng}
                maxlength={12}
                placeholder={k === 'lat' ? '纬度' : '经度'}
                onInput={(v) => {
                  touchedPosition.current = true
                  if (k === 'lat') setLat(v)
                  else setLng(v)
                  clear(k)
                }}
              />
              <FieldError name={k} message={err(k)} />
            </View>
          ))}
        </View>
        <Button className='btn btn-outline btn-gap post-use-location' onClick={() => void locate(false)}>
          {locating ? '正在定位…' : '使用我现在的位置'}
        </Button>
        {locationNote !== '' && <Text className='form-hint post-location-note'>{locationNote}</Text>}
      </Field>

      <View className='form-row'>
        <Field className='form-col' name='radiusM' label='签到范围（米）' error={err('radiusM')}>
          <FormInput
            className='post-radius'
            invalid={!!err('radiusM')}
            type='number'
            value={radius}
            maxlength={4}
            onInput={(v) => {
              setRadius(v)
              clear('radiusM')
            }}
          />
        </Field>
        <Field className='form-col' name='beanRatePerHour' label='每小时金豆' error={err('beanRatePerHour')}>
          <FormInput
            className='post-rate'
            invalid={!!err('beanRatePerHour')}
            type='number'
            value={rate}
            maxlength={4}
            onInput={(v) => {
              setRate(v)
              clear('beanRatePerHour')
            }}
          />
        </Field>
      </View>

      <Field label='时段和名额'>
        {slots.map((s, i) => (
          <View key={s.key} className='card post-slot'>
            <Text className='post-slot-label'>
              时段 {i + 1}
              {s.id ? `（已认领 ${s.claimed ?? 0} 人）` : initial ? '（新增）' : ''}
            </Text>
            {s.id ? (
              <Text className='form-hint post-slot-fixed'>
                {s.date} {s.start}–{s.end}（已发布的时段不能改时间）
              </Text>
            ) : (
              <>
                <DatePicker value={s.date} className='post-slot-date' text={`日期：${s.date}`} onChange={(v) => updateSlot(s.key, { date: v }, i)} />
                <View className='form-row btn-gap'>
                  <View className='form-col'>
                    <TimePicker value={s.start} className='post-slot-start' text={`开始 ${s.start}`} onChange={(v) => updateSlot(s.key, { start: v }, i)} />
                  </View>
                  <View className='form-col'>
                    <TimePicker value={s.end} className='post-slot-end' text={`结束 ${s.end}`} onChange={(v) => updateSlot(s.key, { end: v }, i)} />
                  </View>
                </View>
              </>
            )}
            <View className='post-slot-capacity-field btn-gap'>
              <Text className='form-label post-slot-capacity-label'>可报名人数</Text>
              <FormInput
                className='post-slot-capacity'
                type='number'
                value={s.capacity}
                maxlength={3}
                placeholder='例如 5'
                onInput={(v) => updateSlot(s.key, { capacity: v }, i)}
              />
            </View>
            {slots.length > 1 && !s.id && (
              <Button className='btn btn-outline btn-gap post-slot-remove' onClick={() => void removeSlot(s.key, i)}>
                删除这个时段
              </Button>
            )}
            {slotError(i)}
          </View>
        ))}
        <FieldError name='slots' message={err('slots')} />
        <Button className='btn btn-outline post-slot-add' onClick={addSlot}>
          ＋ 再加一个时段
        </Button>
      </Field>

      {f.formError()}
      <BusyButton className='post-submit' busy={f.busy} busyText={initial ? '正在保存…' : '正在发布…'} onClick={() => void handleSubmit()}>
        {initial ? '保存修改' : '发布岗位'}
      </BusyButton>
    </View>
  )
}
