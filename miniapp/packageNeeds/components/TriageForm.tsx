import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import {
  NEED_SEVERITIES,
  NEED_SEVERITY_LABELS,
  NEED_TRACKS,
  NEED_TRACK_LABELS,
  ZTriageNeedRequest,
  type NeedDetail,
  type NeedSeverity,
  type NeedTrack,
  type SlaRule,
} from '../../../core/contracts'
import { describeRule } from '../../../core/needs/sla'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, fieldErrors, isApiError } from '../../services/errors'
import type { TriageInput } from '../../services/needs'
import './form.scss'
import './TriageForm.scss'

/** 三事分流, in one line each, as staff explain it to residents. */
export const TRACK_HINTS: Record<NeedTrack, string> = {
  private: '居民自己的事，社区帮助转介',
  shared: '共同协商解决，可提交议事',
  public: '政府职责，转交职能部门',
}

type Field = 'track' | 'severity' | 'department' | 'note' | 'handlerId'
type Errors = Partial<Record<Field | 'form', string>>
const FIELDS: readonly string[] = ['track', 'severity', 'department', 'note', 'handlerId']

export interface TriageFormProps {
  need: Pick<NeedDetail, 'id' | 'track' | 'severity' | 'department' | 'handlerId'>
  /** The community's SLA rules (or the defaults when they cannot be read). */
  rules: readonly SlaRule[]
  rulesAreDefault?: boolean
  /** A staff member may take the need on as its handler (grid workers cannot be handlers). */
  selfId?: string | null
  submit: (input: TriageInput) => Promise<NeedDetail>
  onSuccess: (need: NeedDetail) => void
}

export function TriageForm({ need, rules, rulesAreDefault = false, selfId = null, submit, onSuccess }: TriageFormProps) {
  const [track, setTrack] = useState<NeedTrack | null>(need.track)
  const [severity, setSeverity] = useState<NeedSeverity | null>(need.severity)
  const [department, setDepartment] = useState(need.department ?? '')
  const [note, setNote] = useState('')
  const [takeOn, setTakeOn] = useState(!!selfId && (need.handlerId === null || need.handlerId === selfId))
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)

  const clear = (field: Field) => setErrors((prev) => ({ ...prev, [field]: undefined, form: undefined }))

  async function handleSubmit() {
    if (inFlight.current) return
    const raw = {
      id: need.id,
      track: track ?? undefined,
      severity: severity ?? undefined,
      department: department.trim() || undefined,
      note: note.trim() || undefined,
      handlerId: takeOn && selfId ? selfId : undefined,
    }
    const parsed = ZTriageNeedRequest.safeParse(raw)
    if (!parsed.success) {
      setErrors({ ...fieldErrors(parsed.error.issues), form: '请按红字提示修改后再提交' })
      return
    }
    inFlight.current = true
    setBusy(true)
    setErrors({})
    try {
      const { id: _id, ...input } = parsed.data
      const updated = await submit(input)
      onSuccess(updated)
    } catch (err) {
      inFlight.current = false
      setBusy(false)
      if (isApiError(err) && err.field && FIELDS.includes(err.field)) setErrors({ [err.field]: err.message, form: '请按红字提示修改后再提交' })
      else setErrors({ form: errorMessage(err) })
    }
  }

  const fieldError = (field: Field) =>
    errors[field] ? <Text className={`field-error field-error-${field}`}>{errors[field]}</Text> : null

  return (
    <View className='triage-form'>
      <View className='form-field'>
        <Text className='form-label'>事项类型（三事分流）</Text>
        <View className='choice-grid'>
          {NEED_TRACKS.map((t) => (
            <View
              key={t}
              className={`choice is-wide triage-track triage-track-${t}${track === t ? ' is-selected' : ''}`}
              onClick={() => {
                setTrack(t)
                clear('track')
                if (t !== 'public') clear('department')
              }}
            >
              <Text className='choice-title'>{NEED_TRACK_LABELS[t]}</Text>
              <Text className='choice-sub'>{TRACK_HINTS[t]}</Text>
            </View>
          ))}
        </View>
        {fieldError('track')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>事项等级</Text>
        <Text className='form-help triage-sla-source'>
          {rulesAreDefault ? '办理时限按默认规则显示，以社区设置为准' : '办理时限按本社区的规定'}
        </Text>
        <View className='choice-grid'>
          {NEED_SEVERITIES.map((s) => {
            const rule = rules.find((r) => r.severity === s)
            return (
              <View
                key={s}
                className={`choice is-half triage-severity triage-severity-${s}${severity === s ? ' is-selected' : ''}`}
                onClick={() => {
                  setSeverity(s)
                  clear('severity')
                }}
              >
                <Text className='choice-title'>{NEED_SEVERITY_LABELS[s]}</Text>
                {rule ? <Text className='choice-sub triage-sla'>{describeRule(rule)}</Text> : null}
              </View>
            )
          })}
        </View>
        {fieldError('severity')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>
          承办部门<Text className='form-label-hint'>{track === 'public' ? '公家事必填' : '选填'}</Text>
        </Text>
        <Input
          className={`form-input triage-department${errors.department ? ' has-error' : ''}`}
          value={department}
          maxlength={60}
          placeholder='例如：街道城管科、区住建局'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setDepartment(e.detail.value)
            clear('department')
          }}
        />
        {fieldError('department')}
      </View>

      {selfId && (
        <View className='form-field'>
          <View
            className={`choice is-wide triage-handler-self${takeOn ? ' is-selected' : ''}`}
            onClick={() => {
              setTakeOn(!takeOn)
              clear('handlerId')
            }}
          >
            <Text className='choice-title'>{takeOn ? '✓ 由我承办' : '由我承办'}</Text>
            <Text className='choice-sub'>承办人负责跟进，直到办结</Text>
          </View>
          {fieldError('handlerId')}
        </View>
      )}

      <View className='form-field'>
        <Text className='form-label'>
          研判说明<Text className='form-label-hint'>选填，居民能在办理进度里看到</Text>
        </Text>
        <Textarea
          className={`form-textarea is-short triage-note${errors.note ? ' has-error' : ''}`}
          value={note}
          maxlength={500}
          placeholder='例如：已联系物业，明天上午派电工维修'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setNote(e.detail.value)
            clear('note')
          }}
        />
        {fieldError('note')}
      </View>

      {errors.form ? <Text className='form-error triage-error'>{errors.form}</Text> : null}
      <BusyButton className='triage-submit' busy={busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        确认研判
      </BusyButton>
    </View>
  )
}
