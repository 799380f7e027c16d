import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { MEETING_FORMS, MEETING_FORM_LABELS, type Topic } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import type { CreateMeetingInput, MeetingDetail } from '../../services/deliberation'
import { beijingDay } from '../../utils/format'
import { useSubmit } from './useSubmit'
import './delib.scss'

type Form = (typeof MEETING_FORMS)[number]
const FIELDS = ['title', 'form', 'startsAt', 'place', 'capacity', 'topicIds'] as const
const DAY_CHIPS = [1, 2, 3, 7] as const
const DAY_WORDS: Record<number, string> = { 1: '明天', 2: '后天', 3: '三天后', 7: '一周后' }
const TIME_CHIPS = ['09:30', '14:30', '19:00'] as const

/** "YYYY-MM-DD" + "HH:mm" typed or picked → an ISO time in Beijing time, or null when either is malformed. */
export function beijingIso(date: string, time: string): string | null {
  const d = date.trim()
  const t = time.trim()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !/^\d{1,2}:\d{2}$/.test(t)) return null
  const iso = `${d}T${t.padStart(5, '0')}:00+08:00`
  return Number.isNaN(Date.parse(iso)) ? null : iso
}

export interface MeetingFormProps {
  readyTopics: Topic[]
  submit: (input: CreateMeetingInput) => Promise<MeetingDetail>
  onSuccess: (meeting: MeetingDetail) => void
}

/** 安排议事会 (staff): the date and time are chips or typed text (no picker a browser test cannot drive). */
export function MeetingForm({ readyTopics, submit, onSuccess }: MeetingFormProps) {
  const [title, setTitle] = useState('')
  const [form, setForm] = useState<Form>('street_side')
  const [date, setDate] = useState(() => beijingDay(1))
  const [time, setTime] = useState('19:00')
  const [place, setPlace] = useState('')
  const [capacity, setCapacity] = useState('20')
  const [topicIds, setTopicIds] = useState<string[]>([])
  const f = useSubmit(FIELDS, 'meeting-form-error')

  const toggle = (id: string) => setTopicIds((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id]))

  async function handleSubmit() {
    const startsAt = beijingIso(date, time)
    if (!startsAt) {
      f.setErrors({ startsAt: '请按“2026-12-01”和“19:00”的格式填写日期和时间' })
      return
    }
    if (Date.parse(startsAt) < Date.now()) {
      f.setErrors({ startsAt: '开会时间不能早于现在' })
      return
    }
    const cap = capacity.trim() === '' ? Number.NaN : Number(capacity)
    if (!Number.isFinite(cap)) {
      f.setErrors({ capacity: '请填写人数上限' })
      return
    }
    const m = await f.run(() => submit({ title, form, startsAt, place, capacity: cap, topicIds }))
    if (m) onSuccess(m)
  }

  return (
    <View className='meeting-form'>
      <View className='form-field'>
        <Text className='form-label'>会议名称</Text>
        <Input
          className={`form-input meeting-title${f.errors.title ? ' has-error' : ''}`}
          value={title}
          maxlength={60}
          placeholder='例如：东门充电桩议事会'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setTitle(e.detail.value)
            f.clear('title')
          }}
        />
        {f.fieldError('title')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>议事形式</Text>
        <View className='chips'>
          {MEETING_FORMS.map((k) => (
            <View key={k} className={`chip meeting-form-${k}${form === k ? ' is-selected' : ''}`} onClick={() => setForm(k)}>
              <Text>{MEETING_FORM_LABELS[k]}</Text>
            </View>
          ))}
        </View>
        {form === 'five_party' && <Text className='form-hint'>五方：居民代表、驻区单位、物业公司、业委会、社区，报名时各自选择席位</Text>}
        {f.fieldError('form')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>开会时间（北京时间）</Text>
        <View className='chips'>
          {DAY_CHIPS.map((d) => (
            <View key={d} className={`chip meeting-day-${d}${date === beijingDay(d) ? ' is-selected' : ''}`} onClick={() => { setDate(beijingDay(d)); f.clear('startsAt') }}>
              <Text>{DAY_WORDS[d]}</Text>
            </View>
          ))}
        </View>
        <Input
          className={`form-input meeting-date${f.errors.startsAt ? ' has-error' : ''}`}
          value={date}
          maxlength={10}
          placeholder='日期，如 2026-12-01'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setDate(e.detail.value)
            f.clear('startsAt')
          }}
        />
        <View className='delib-gap' />
        <View className='chips'>
          {TIME_CHIPS.map((t) => (
            <View key={t} className={`chip meeting-time-${t.replace(':', '')}${time === t ? ' is-selected' : ''}`} onClick={() => { setTime(t); f.clear('startsAt') }}>
              <Text>{t}</Text>
            </View>
          ))}
        </View>
        <Input
          className={`form-input meeting-time${f.errors.startsAt ? ' has-error' : ''}`}
          value={time}
          maxlength={5}
          placeholder='时间，如 19:00'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setTime(e.detail.value)
            f.clear('startsAt')
          }}
        />
        {f.fieldError('startsAt')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>地点</Text>
        <Input
          className={`form-input meeting-place${f.errors.place ? ' has-error' : ''}`}
          value={place}
          maxlength={100}
          placeholder='例如：社区党群服务中心二楼'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setPlace(e.detail.value)
            f.clear('place')
          }}
        />
        {f.fieldError('place')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>人数上限</Text>
        <Input
          className={`form-input meeting-capacity${f.errors.capacity ? ' has-error' : ''}`}
          type='number'
          value={capacity}
          maxlength={4}
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setCapacity(e.detail.value)
            f.clear('capacity')
          }}
        />
        {f.fieldError('capacity')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>上会议题（已达到联名人数的）</Text>
        {readyTopics.length === 0 && <Text className='form-hint meeting-topics-empty'>暂时没有待上会的议题，也可以先安排会议</Text>}
        <View className='chips'>
          {readyTopics.map((t) => (
            <View key={t.id} className={`chip is-wide meeting-topic-${t.id}${topicIds.includes(t.id) ? ' is-selected' : ''}`} onClick={() => toggle(t.id)}>
              <Text>
                {topicIds.includes(t.id) ? '✓ ' : ''}
                {t.title}（联名 {t.cosigns} 人）
              </Text>
            </View>
          ))}
        </View>
        {f.fieldError('topicIds')}
      </View>
      {f.formError()}
      <BusyButton className='meeting-submit' busy={f.busy} busyText='正在安排…' onClick={() => void handleSubmit()}>
        安排议事会
      </BusyButton>
    </View>
  )
}
