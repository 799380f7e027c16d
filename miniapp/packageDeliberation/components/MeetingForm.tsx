import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { MEETING_FORMS, MEETING_FORM_LABELS, type Topic } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import type { CreateMeetingInput, MeetingDetail } from '../../services/deliberation'
import type { UpdateMeetingInput } from '../../services/editing'
import { confirmAction } from '../../utils/confirm'
import { useDraft } from '../../utils/draft'
import { beijingDay } from '../../utils/format'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, Field, FormInput } from '../../components/form'
import { useSubmit } from '../../components/form'
import './delib.scss'

type Form = (typeof MEETING_FORMS)[number]
const FIELDS = ['title', 'form', 'startsAt', 'endsAt', 'place', 'capacity', 'topicIds'] as const
const DAY_CHIPS = [1, 2, 3, 7] as const
const DAY_WORDS: Record<(typeof DAY_CHIPS)[number], string> = { 1: '明天', 2: '后天', 3: '三天后', 7: '一周后' }
const TIME_CHIPS = ['09:30', '14:30', '19:00'] as const
const HOUR_MS = 3600_000
const LENGTH_CHIPS = [1, 2, 3] as const
/** The server's default length (app.meeting_end) and its limit: check-in stays open until the end. */
const DEFAULT_LENGTH_MS = 2 * HOUR_MS
const MAX_LENGTH_MS = 24 * HOUR_MS

/** "YYYY-MM-DD" + "HH:mm" typed or picked → an ISO time in Beijing time, or null when either is malformed. */
export function beijingIso(date: string, time: string): string | null {
  const d = date.trim()
  const t = time.trim()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !/^\d{1,2}:\d{2}$/.test(t)) return null
  const iso = `${d}T${t.padStart(5, '0')}:00+08:00`
  return Number.isNaN(Date.parse(iso)) ? null : iso
}

/** An ISO time → its Beijing date and "HH:mm", as the form shows them. */
export function beijingParts(iso: string): { date: string; time: string } {
  const b = new Date(Date.parse(iso) + 8 * 3600_000).toISOString()
  return { date: b.slice(0, 10), time: b.slice(11, 16) }
}

/** The form's start plus a length → the end's Beijing date and time, or null while the start is malformed. */
function endParts(date: string, time: string, lengthMs: number): { date: string; time: string } | null {
  const start = beijingIso(date, time)
  return start ? beijingParts(new Date(Date.parse(start) + lengthMs).toISOString()) : null
}

interface MeetingDraft {
  title: string
  form: Form
  date: string
  time: string
  place: string
  capacity: string
  topicIds: string[]
  length: number
  endTyped: boolean
  end: { date: string; time: string }
}

export type MeetingFormProps = {
  /** topics that may go on the agenda (in edit mode, those already on it too) */
  readyTopics: Topic[]
  onSuccess: (meeting: MeetingDetail) => void
} & (
  | { submit: (input: CreateMeetingInput) => Promise<MeetingDetail>; initial?: undefined; update?: undefined }
  /** 修改议事会: prefilled; a new time or place is confirmed first, since everyone registered is told */
  | { initial: MeetingDetail; update: (input: UpdateMeetingInput) => Promise<MeetingDetail>; submit?: undefined }
)

/** 安排议事会 (staff): the date and time are chips or typed text (no picker a browser test cannot drive). With `initial`, 修改. */
export function MeetingForm(props: MeetingFormProps) {
  const { readyTopics, onSuccess, initial } = props
  const start = initial ? beijingParts(initial.startsAt) : null
  const [title, setTitle] = useState(initial?.title ?? '')
  const [form, setForm] = useState<Form>(initial?.form ?? 'street_side')
  const [date, setDate] = useState(() => start?.date ?? beijingDay(1))
  const [time, setTime] = useState(start?.time ?? '19:00')
  const [place, setPlace] = useState(initial?.place ?? '')
  const [capacity, setCapacity] = useState(initial ? String(initial.capacity) : '20')
  const [topicIds, setTopicIds] = useState<string[]>(() => initial?.agenda.map((t) => t.id) ?? [])
  // 结束时间 follows the start at `length` (the meeting's own when editing, whole minutes) until the person types an
  // end; a length chip makes it follow again.
  const [initialLength] = useState(() =>
    initial ? Math.round((Date.parse(initial.endsAt) - Date.parse(initial.startsAt)) / 60_000) * 60_000 : DEFAULT_LENGTH_MS)
  const [length, setLength] = useState(initialLength)
  const [endTyped, setEndTyped] = useState(false)
  const [end, setEnd] = useState(() => (initial ? beijingParts(initial.endsAt) : endParts(date, time, length) ?? { date: '', time: '' }))
  useEffect(() => {
    if (endTyped) return
    const next = endParts(date, time, length)
    if (next) setEnd((prev) => (prev.date === next.date && prev.time === next.time ? prev : next))
  }, [date, time, length, endTyped])
  const f = useSubmit(FIELDS, 'meeting-form-error')
  // what was typed is kept as a draft: a new meeting's, or the changes to this meeting (by its id)
  const snapshot: MeetingDraft = { title, form, date, time, place, capacity, topicIds, length, endTyped, end }
  const [untouched] = useState(() => JSON.stringify(snapshot))
  const draft = useDraft<MeetingDraft>(
    initial ? `meeting:edit:${initial.id}` : 'meeting:new',
    snapshot,
    (d) => {
      setTitle(d.title ?? '')
      if (d.form) setForm(d.form)
      if (d.date) setDate(d.date)
      if (d.time) setTime(d.time)
      setPlace(d.place ?? '')
      setCapacity(d.capacity ?? '20')
      // only topics that may still go on the agenda
      setTopicIds((d.topicIds ?? []).filter((id) => readyTopics.some((t) => t.id === id)))
      if (typeof d.length === 'number') setLength(d.length)
      setEndTyped(!!d.endTyped)
      if (d.end) setEnd(d.end)
    },
    { isEmpty: (d) => JSON.stringify(d) === untouched || (!initial && !d.title.trim() && !d.place.trim()) },
  )
  const resetToStart = () => {
    draft.discard()
    const parsed = JSON.parse(untouched) as MeetingDraft
    setTitle(parsed.title)
    setForm(parsed.form)
    setDate(parsed.date)
    setTime(parsed.time)
    setPlace(parsed.place)
    setCapacity(parsed.capacity)
    setTopicIds(parsed.topicIds)
    setLength(parsed.length)
    setEndTyped(parsed.endTyped)
    setEnd(parsed.end)
  }

  // the agenda keeps the order in which topics were ticked (ChipSelect reports the ticked ones in list order)
  const pickTopics = (next: string[]) =>
    setTopicIds((prev) => [...prev.filter((id) => next.includes(id)), ...next.filter((id) => !prev.includes(id))])

  async function handleSubmit() {
    const startsAt = beijingIso(date, time)
    if (!startsAt) {
      f.setErrors({ startsAt: '请按“2026-12-01”和“19:00”的格式填写日期和时间' })
      return
    }
    const moved = !start || start.date !== date.trim() || start.time !== time.trim().padStart(5, '0')
    if (moved && Date.parse(startsAt) < Date.now()) {
      f.setErrors({ startsAt: '开会时间不能早于现在' })
      return
    }
    const endsAt = beijingIso(end.date, end.time)
    if (!endsAt) {
      f.setErrors({ endsAt: '请按“2026-12-01”和“21:00”的格式填写结束日期和时间' })
      return
    }
    const lasts = Date.parse(endsAt) - Date.parse(startsAt)
    if (lasts <= 0) {
      f.setErrors({ endsAt: '结束时间要晚于开始时间' })
      return
    }
    if (lasts > MAX_LENGTH_MS) {
      f.setErrors({ endsAt: '会议最长 24 小时，结束时间不能晚于开始后 24 小时' })
      return
    }
    const cap = capacity.trim() === '' ? Number.NaN : Number(capacity)
    if (!Number.isFinite(cap)) {
      f.setErrors({ capacity: '请填写人数上限' })
      return
    }
    if (!props.initial) {
      const submit = props.submit
      const m = await f.run(() => submit({ title, form, startsAt, endsAt, place, capacity: cap, topicIds }))
      if (m) {
        draft.clear()
        onSuccess(m)
      }
      return
    }
    const { initial: before, update } = props
    if (cap < before.registered) {
      f.setErrors({ capacity: `已有 ${before.registered} 人报名，人数上限不能少于 ${before.registered}` })
      return
    }
    const placeMoved = place.trim() !== before.place
    const told = before.registered + before.waitlisted
    if ((moved || placeMoved) && told > 0) {
        const ok = await confirmAction({
        title: '修改时间或地点？',
        content: `「${before.title}」已报名和候补的 ${told} 人会收到变更通知。`,
        confirmText: '确定修改',
      })
      if (!ok) return
    }
    const m = await f.run(() =>
      update({
        id: before.id, title, form, place, capacity: cap, topicIds,
        // an unchanged time is left out: the stored one may carry seconds the form does not show
        ...(moved ? { startsAt } : {}),
        // an end that only followed the start is left out too: the server then keeps the meeting's length
        ...(endTyped || length !== initialLength ? { endsAt } : {}),
      }),
    )
    if (m) {
      draft.clear()
      onSuccess(m)
    }
  }

  return (
    <View className='meeting-form'>
      {draft.restored && <DraftNote className='meeting-draft-note' onDiscard={resetToStart} />}
      <Field name='title' label='会议名称' error={f.errors.title}>
        <FormInput
          className='meeting-title'
          invalid={!!f.errors.title}
          value={title}
          maxlength={60}
          placeholder='例如：东门充电桩议事会'
          onInput={(v) => {
            setTitle(v)
            f.clear('title')
          }}
        />
      </Field>
      <Field name='form' label='议事形式' error={f.errors.form}>
        <ChipSelect options={MEETING_FORMS} labels={MEETING_FORM_LABELS} prefix='meeting-form' layout='auto' groupLabel='议事形式' value={form} onChange={setForm} />
        {form === 'five_party' && <Text className='form-hint'>五方：居民代表、驻区单位、物业公司、业委会、社区，报名时各自选择席位</Text>}
      </Field>
      <Field name='startsAt' label='开会时间（北京时间）' error={f.errors.startsAt}>
        <ChipSelect
          options={DAY_CHIPS}
          labels={DAY_WORDS}
          prefix='meeting-day'
          layout='auto'
          groupLabel='开会日期'
          value={DAY_CHIPS.find((d) => date === beijingDay(d)) ?? null}
          onChange={(d) => {
            setDate(beijingDay(d))
            f.clear('startsAt')
          }}
        />
        <FormInput
          className='meeting-date'
          invalid={!!f.errors.startsAt}
          value={date}
          maxlength={10}
          placeholder='日期，如 2026-12-01'
          onInput={(v) => {
            setDate(v)
            f.clear('startsAt')
          }}
        />
        <View className='delib-gap' />
        <ChipSelect
          options={TIME_CHIPS}
          labels={(t) => t}
          chipClassName={(t) => `meeting-time-${t.replace(':', '')}`}
          layout='auto'
          groupLabel='开会时间'
          value={time}
          onChange={(t) => {
            setTime(t)
            f.clear('startsAt')
          }}
        />
        <FormInput
          className='meeting-time'
          invalid={!!f.errors.startsAt}
          value={time}
          maxlength={5}
          placeholder='时间，如 19:00'
          onInput={(v) => {
            setTime(v)
            f.clear('startsAt')
          }}
        />
      </Field>
      <Field name='endsAt' label='结束时间（北京时间）' error={f.errors.endsAt}>
        <ChipSelect
          options={LENGTH_CHIPS}
          labels={(h) => `${h} 小时`}
          prefix='meeting-length'
          layout='auto'
          groupLabel='会议时长'
          value={endTyped ? null : LENGTH_CHIPS.find((h) => length === h * HOUR_MS) ?? null}
          onChange={(h) => {
            setLength(h * HOUR_MS)
            setEndTyped(false)
            f.clear('endsAt')
          }}
        />
        <FormInput
          className='meeting-end-date'
          invalid={!!f.errors.endsAt}
          value={end.date}
          maxlength={10}
          placeholder='结束日期，如 2026-12-01'
          onInput={(v) => {
            setEnd((prev) => ({ ...prev, date: v }))
            setEndTyped(true)
            f.clear('endsAt')
          }}
        />
        <View className='delib-gap' />
        <FormInput
          className='meeting-end-time'
          invalid={!!f.errors.endsAt}
          value={end.time}
          maxlength={5}
          placeholder='结束时间，如 21:00'
          onInput={(v) => {
            setEnd((prev) => ({ ...prev, time: v }))
            setEndTyped(true)
            f.clear('endsAt')
          }}
        />
        <Text className='form-hint meeting-end-hint'>默认开会后 2 小时，最长 24 小时；居民可在开始前 30 分钟至结束时间内签到</Text>
      </Field>
      <Field name='place' label='地点' error={f.errors.place}>
        <FormInput
          className='meeting-place'
          invalid={!!f.errors.place}
          value={place}
          maxlength={100}
          placeholder='例如：社区党群服务中心二楼'
          onInput={(v) => {
            setPlace(v)
            f.clear('place')
          }}
        />
      </Field>
      <Field
        name='capacity'
        label='人数上限'
        hint={initial && initial.registered > 0 ? `已有 ${initial.registered} 人报名；调大后候补的人按顺序补上` : undefined}
        hintClassName='meeting-registered-hint'
        error={f.errors.capacity}
      >
        <FormInput
          className='meeting-capacity'
          invalid={!!f.errors.capacity}
          type='number'
          value={capacity}
          maxlength={4}
          onInput={(v) => {
            setCapacity(v)
            f.clear('capacity')
          }}
        />
      </Field>
      <Field
        name='topicIds'
        label='上会议题（已达到联名人数的）'
        hint={readyTopics.length === 0 ? '暂时没有待上会的议题，也可以先安排会议' : undefined}
        hintClassName='meeting-topics-empty'
        error={f.errors.topicIds}
      >
        <ChipSelect
          multiple
          options={readyTopics.map((t) => t.id)}
          labels={(id) => {
            const t = readyTopics.find((x) => x.id === id)!
            return `${topicIds.includes(id) ? '✓ ' : ''}${t.title}（联名 ${t.cosigns} 人）`
          }}
          prefix='meeting-topic'
          layout='wide'
          value={topicIds}
          onChange={(next) => pickTopics(next)}
        />
      </Field>
      {f.formError()}
      <BusyButton className='meeting-submit' busy={f.busy} busyText={initial ? '正在保存…' : '正在安排…'} onClick={() => void handleSubmit()}>
        {initial ? '保存修改' : '安排议事会'}
      </BusyButton>
    </View>
  )
}
