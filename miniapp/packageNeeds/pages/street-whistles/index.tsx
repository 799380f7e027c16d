import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { ZCreateStreetWhistleRequest, type Department, type Profile, type StreetWhistle, type StreetWhistleTarget } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { DraftNote } from '../../../components/DraftNote'
import { DateTime, Field, FieldError, FormInput } from '../../../components/form'
import { Loaded } from '../../../components/States'
import { createStreetWhistle, listDepartments, listStreetWhistles, reportStreetWhistle } from '../../../services/departments'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { beijingDay, formatDateTime } from '../../../utils/format'
import { a11y } from '../../../utils/a11y'
import { useDraft } from '../../../utils/draft'
import { revealFirstError } from '../../../utils/formErrors'
import { isStreetAdmin } from '../../../utils/roles'
import { useLoader } from '../../../utils/useLoader'
import { Screen } from '../../../components/Screen'
import './index.scss'

const iso = (date: string, time: string) => `${date}T${time}:00+08:00`
/** "YYYY-MM-DD" and "HH:mm" of an instant, Beijing time. */
function beijingParts(at: string): [string, string] {
  const d = new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString()
  return [d.slice(0, 10), d.slice(11, 16)]
}

/** 街道吹哨·部门报到: the street admin calls departments to a place; each department reports who comes and when. */
export default function StreetWhistlesPage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const list = useLoader<StreetWhistle[]>(async () => (await listStreetWhistles({})).items, { pullDown: true })
  const { state, load } = list
  const streetId = profile?.adminStreetIds?.[0]

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
  })

  const replace = (w: StreetWhistle) =>
    list.set((items) => (items.some((i) => i.id === w.id) ? items.map((i) => (i.id === w.id ? w : i)) : [w, ...items]))

  return (
    <Screen className='page street-whistles'>
      {isStreetAdmin(profile) && streetId && (
        <View className='card sw-create'>
          <Text className='section-title'>吹哨</Text>
          <CreateForm streetId={streetId} onDone={replace} />
        </View>
      )}
      <Loaded state={state} name='sw' onRetry={() => void load()} empty='还没有吹哨'>
        {(items) => items.map((w) => (
          <View key={w.id} className='card sw-item' data-id={w.id} data-status={w.status}>
            <Text className='sw-title'>{w.title}</Text>
            {w.place && <Text className='sw-meta sw-place'>地点：{w.place}</Text>}
            {w.needTitle && <Text className='sw-meta sw-need'>需求：{w.needTitle}</Text>}
            <Text className='sw-meta sw-meet'>到场时间：{formatDateTime(w.meetAt)}</Text>
            {w.status === 'closed' && <Text className='sw-meta sw-closed'>已结束</Text>}
            {w.targets.map((t) => (
              <Target key={t.departmentId} whistle={w} t={t} onDone={replace} />
            ))}
          </View>
        ))}
      </Loaded>
    </Screen>
  )
}

function Target({ whistle, t, onDone }: { whistle: StreetWhistle; t: StreetWhistleTarget; onDone: (w: StreetWhistle) => void }) {
  return (
    <View className={`sw-target${t.late ? ' is-late' : ''}${t.reported ? ' is-reported' : ''}`} data-id={t.departmentId}>
      <Text className='sw-target-name'>{t.departmentName}</Text>
      {t.reported ? (
        <Text className='sw-target-state sw-reported'>
          {`已报到：${t.attendee ?? ''}${t.arriveAt ? `，${formatDateTime(t.arriveAt)} 到场` : ''}${t.reportedByName ? `（${t.reportedByName}${t.reportedAt ? ` ${formatDateTime(t.reportedAt)}` : ''}）` : ''}`}
        </Text>
      ) : (
        <Text className='sw-target-state sw-unreported'>{t.late ? '未报到（已超时）' : '未报到'}</Text>
      )}
      {t.mine && whistle.status === 'open' && <ReportForm whistle={whistle} t={t} onDone={onDone} />}
    </View>
  )
}

function ReportForm({ whistle, t, onDone }: { whistle: StreetWhistle; t: StreetWhistleTarget; onDone: (w: StreetWhistle) => void }) {
  const [d0, t0] = beijingParts(t.arriveAt ?? whistle.meetAt)
  const [attendee, setAttendee] = useState(t.attendee ?? '')
  const [date, setDate] = useState(d0)
  const [time, setTime] = useState(t0)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)

  async function submit() {
    if (inFlight.current) return
    if (!attendee.trim()) {
      setError('请填写到场人员')
      return
    }
    inFlight.current = true
    try {
      const { confirm } = await Taro.showModal({ title: '部门报到', content: `${attendee.trim()}，${date} ${time} 到场，确定报到吗？`, confirmText: '报到' })
      if (!confirm) return
      setBusy(true)
      setError('')
      onDone(await reportStreetWhistle({ id: whistle.id, departmentId: t.departmentId, attendee, arriveAt: iso(date, time) }))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <View className='sw-report'>
      <Field label='谁到场'>
        <FormInput className='sw-report-attendee' value={attendee} maxlength={100} placeholder='例如：李队长等 3 人'
          onInput={(v) => { setAttendee(v); setError('') }} />
      </Field>
      <Field label='到场时间'>
        <DateTime date={date} time={time} onDate={setDate} onTime={setTime} dateClassName='sw-report-date' timeClassName='sw-report-time'
          dateLabel={`到场日期 ${date}`} timeLabel={`到场时刻 ${time}`} />
      </Field>
      <FieldError message={error} className='sw-report-error' />
      <BusyButton className='sw-report-submit' busy={busy} busyText='正在报到…' onClick={() => void submit()}>
        {t.reported ? '修改报到' : '报到'}
      </BusyButton>
    </View>
  )
}

function CreateForm({ streetId, onDone }: { streetId: string; onDone: (w: StreetWhistle) => void }) {
  const [depts, setDepts] = useState<Department[] | null>(null)
  const [place, setPlace] = useState('')
  const [title, setTitle] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const [date, setDate] = useState(() => beijingDay(1))
  const [time, setTime] = useState('09:00')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  const started = useRef(false)
  const draft = useDraft(`street-whistle:${streetId}`, { title, place, chosen }, (d) => {
    setTitle(d.title ?? '')
    setPlace(d.place ?? '')
    setChosen(Array.isArray(d.chosen) ? d.chosen : [])
  }, { isEmpty: (d) => !d.title?.trim() && !d.place?.trim() && !(d.chosen?.length) })
  if (!started.current) {
    started.current = true
    listDepartments(streetId).then(setDepts, (err: unknown) => setError(errorMessage(err)))
  }

  async function submit() {
    if (inFlight.current) return
    const input = { streetId, title, place: place.trim() || undefined, departmentIds: chosen, meetAt: iso(date, time) }
    const parsed = ZCreateStreetWhistleRequest.safeParse(input)
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请填写完整')
      void revealFirstError()
      return
    }
    inFlight.current = true
    try {
      const { confirm } = await Taro.showModal({ title: '街道吹哨', content: `召集 ${chosen.length} 个部门于 ${date} ${time} 到场，确定吹哨吗？`, confirmText: '吹哨' })
      if (!confirm) return
      setBusy(true)
      setError('')
      const w = await createStreetWhistle(input)
      draft.clear()
      setTitle('')
      setPlace('')
      setChosen([])
      onDone(w)
    } catch (err) {
      // what was typed stays
      setError(errorMessage(err))
      void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <View className='sw-form'>
      {draft.restored && (
        <DraftNote className='sw-form-draft' onDiscard={() => {
          draft.discard()
          setTitle('')
          setPlace('')
          setChosen([])
        }} />
      )}
      <Field label='要做什么'>
        <FormInput className='sw-form-title' value={title} maxlength={60} placeholder='例如：清理占道摊点'
          onInput={(v) => { setTitle(v); setError('') }} />
      </Field>
      <Field label='召集哪些部门'>
        <View className='sw-depts' {...a11y('radiogroup', '召集哪些部门')}>
          {(depts ?? []).map((d) => (
            <View key={d.id} data-id={d.id}
              className={`filter-chip sw-form-dept${chosen.includes(d.id) ? ' is-selected' : ''}`}
              {...a11y('checkbox', undefined, { checked: chosen.includes(d.id) })}
              onClick={() => { setChosen((c) => (c.includes(d.id) ? c.filter((x) => x !== d.id) : [...c, d.id])); setError('') }}>
              <Text>{d.name}</Text>
            </View>
          ))}
        </View>
      </Field>
      <Field label='到场时间'>
        <DateTime date={date} time={time} onDate={setDate} onTime={setTime} dateClassName='sw-form-date' timeClassName='sw-form-time'
          dateLabel={`到场日期 ${date}`} timeLabel={`到场时刻 ${time}`} />
      </Field>
      <Field label='地点（选填）'>
        <FormInput className='sw-form-place' value={place} maxlength={100} placeholder='例如：幸福路与和平街路口'
          onInput={(v) => { setPlace(v); setError('') }} />
        <FieldError message={error} className='sw-form-error' />
      </Field>
      <BusyButton className='sw-form-submit' busy={busy} busyText='正在吹哨…' onClick={() => void submit()}>
        吹哨
      </BusyButton>
    </View>
  )
}
