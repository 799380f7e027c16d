import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import {
  NEED_SEVERITIES,
  NEED_SEVERITY_LABELS,
  NEED_TRACKS,
  NEED_TRACK_LABELS,
  ZTriageNeedRequest,
  type NeedDetail,
  type NeedSeverity,
  type NeedTrack,
  type Person,
  type SlaRule,
} from '../../../core/contracts'
import { describeRule } from '../../../core/needs/sla'
import { BusyButton } from '../../components/BusyButton'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, Field, FieldError, FormInput, FormTextarea, PersonPicker, useSubmit } from '../../components/form'
import { listDepartments } from '../../services/departments'
import { fieldErrors, isApiError } from '../../services/errors'
import type { TriageInput } from '../../services/needs'
import './TriageForm.scss'

/** 三事分流, in one line each, as staff explain it to residents. */
export const TRACK_HINTS: Record<NeedTrack, string> = {
  private: '居民自己的事，社区帮助转介',
  shared: '共同协商解决，可提交议事',
  public: '政府职责，转交职能部门',
}

const FIELDS = ['track', 'severity', 'department', 'note', 'handlerId'] as const
const FIX_HINT = '请按红字提示修改后再提交'

/** What the form sends: 公家事 names one of the street's departments (departmentId) or, as 其他部门, a free text. */
export type TriageFormInput = TriageInput & { departmentId?: string }
type DepartmentOption = { id: string; name: string }
/** '' nothing chosen yet, 'other' 其他部门 (free text), otherwise the id of one of the street's departments */
type DepartmentChoice = string

/** Who will handle the need: nobody named yet, the person triaging, or someone chosen by name. */
type HandlerMode = 'none' | 'self' | 'other'
// A need's handler (承办人) is one of the community's staff (need_triage checks it); grid workers triage first-line
// for their grid but hand the handling to staff.

export interface TriageFormProps {
  need: Pick<NeedDetail, 'id' | 'track' | 'severity' | 'department' | 'handlerId' | 'communityId'> &
    Partial<Pick<NeedDetail, 'handlerName' | 'departmentId'>>
  /** The community's SLA rules (or the defaults when they cannot be read). */
  rules: readonly SlaRule[]
  rulesAreDefault?: boolean
  /** A staff member may take the need on as its handler (我来办理); anyone triaging may name another handler. */
  selfId?: string | null
  submit: (input: TriageFormInput) => Promise<NeedDetail>
  onSuccess: (need: NeedDetail) => void
}

export function TriageForm({ need, rules, rulesAreDefault = false, selfId = null, submit, onSuccess }: TriageFormProps) {
  const [track, setTrack] = useState<NeedTrack | null>(need.track)
  const [severity, setSeverity] = useState<NeedSeverity | null>(need.severity)
  const [department, setDepartment] = useState(need.department ?? '')
  // 公家事: the street's departments as chips (names only); null until asked, [] when there are none or they cannot be
  // read, and then the free text is all there is
  const [departments, setDepartments] = useState<DepartmentOption[] | null>(null)
  const [choice, setChoice] = useState<DepartmentChoice>(need.departmentId ?? (need.department ? 'other' : ''))
  const asked = useRef(false)
  useEffect(() => {
    if (track !== 'public' || asked.current) return
    asked.current = true
    listDepartments().then(
      (items) => setDepartments(items.filter((d) => !d.archived).map((d) => ({ id: d.id, name: d.name }))),
      () => setDepartments([]),
    )
  }, [track])
  const chips = track === 'public' && !!departments && departments.length > 0
  const [note, setNote] = useState('')
  const [mode, setMode] = useState<HandlerMode>(() => {
    if (selfId && (need.handlerId === null || need.handlerId === selfId)) return 'self'
    return need.handlerId ? 'other' : 'none'
  })
  // the current handler (not me) stays chosen on a re-triage, shown by name
  const [other, setOther] = useState<Person | null>(() =>
    need.handlerId && need.handlerId !== selfId
      ? { id: need.handlerId, displayName: need.handlerName ?? '当前承办人', phoneMasked: null, microGridName: null, roles: [] }
      : null,
  )
  const f = useSubmit(FIELDS, 'triage-error', { fieldHint: FIX_HINT })
  const { errors, busy, clear } = f

  // 研判 of this need, kept on the phone until it is sent (the handler picked by name is chosen again)
  const draft = useDraft<{ track: NeedTrack | null; severity: NeedSeverity | null; department: string; note: string }>(
    `need-triage:${need.id}`,
    { track, severity, department, note },
    (d) => {
      setTrack(d.track ?? need.track)
      setSeverity(d.severity ?? need.severity)
      setDepartment(d.department ?? '')
      setNote(d.note ?? '')
    },
    { isEmpty: (d) => d.track === need.track && d.severity === need.severity && !d.note.trim() && d.department === (need.department ?? '') },
  )

  async function handleSubmit() {
    if (f.pending()) return
    const raw = {
      id: need.id,
      track: track ?? undefined,
      severity: severity ?? undefined,
      department: chips && choice !== 'other' ? undefined : department.trim() || undefined,
      departmentId: chips && choice !== 'other' && choice ? choice : undefined,
      note: note.trim() || undefined,
      handlerId: mode === 'self' && selfId ? selfId : mode === 'other' ? other?.id : undefined,
    }
    const parsed = ZTriageNeedRequest.safeParse(raw)
    const missingHandler = mode === 'other' && !other
    if (!parsed.success || missingHandler) {
      const found = parsed.success ? {} : fieldErrors(parsed.error.issues)
      if (missingHandler) found.handlerId = '请选择承办人，或选择“暂不指定”'
      f.setErrors({ ...found, form: FIX_HINT })
      return
    }
    // stays busy on success: the page goes on, and a second tap must not send the triage twice
    const updated = await f.run(() => submit(parsed.data), {
      keepBusy: true,
      // the chosen department chip is the department field
      errorsFor: (err) => (isApiError(err) && err.field === 'departmentId' ? { department: err.message, form: FIX_HINT } : undefined),
    })
    if (updated) {
      draft.clear()
      onSuccess(updated)
    }
  }

  return (
    <View className='triage-form'>
      {draft.restored && (
        <DraftNote
          className='triage-draft'
          onDiscard={() => {
            draft.discard()
            setTrack(need.track)
            setSeverity(need.severity)
            setDepartment(need.department ?? '')
            setNote('')
          }}
        />
      )}
      <Field name='track' label='事项类型（三事分流）' error={errors.track}>
        <ChipSelect
          options={NEED_TRACKS}
          labels={NEED_TRACK_LABELS}
          sub={(t) => TRACK_HINTS[t]}
          prefix='triage-track'
          chipClassName='triage-track'
          layout='wide'
          value={track}
          onChange={(t) => {
            setTrack(t)
            clear('track')
            if (t !== 'public') clear('department')
          }}
        />
      </Field>

      <Field
        name='severity'
        label='事项等级'
        hint={rulesAreDefault ? '办理时限按默认规则显示，以社区设置为准' : '办理时限按本社区的规定'}
        hintClassName='triage-sla-source'
        error={errors.severity}
      >
        <ChipSelect
          options={NEED_SEVERITIES}
          labels={NEED_SEVERITY_LABELS}
          sub={(s) => {
            const rule = rules.find((r) => r.severity === s)
            return rule ? describeRule(rule) : null
          }}
          subClassName='triage-sla'
          prefix='triage-severity'
          chipClassName='triage-severity'
          layout='half'
          value={severity}
          onChange={(s) => {
            setSeverity(s)
            clear('severity')
          }}
        />
      </Field>

      <Field name='department' label='承办部门' labelHint={track === 'public' ? '公家事必填' : '选填'} error={errors.department}>
        {chips && (
          <View className='chip-grid triage-depts'>
            {departments!.map((d) => (
              <View
                key={d.id}
                className={`chip chip-half triage-dept${choice === d.id ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: choice === d.id })}
                data-id={d.id}
                onClick={() => {
                  setChoice(d.id)
                  clear('department')
                }}
              >
                <Text className='chip-title'>{d.name}</Text>
              </View>
            ))}
            <View
              className={`chip chip-half triage-dept triage-dept-other${choice === 'other' ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: choice === 'other' })}
              onClick={() => {
                setChoice('other')
                clear('department')
              }}
            >
              <Text className='chip-title'>其他部门</Text>
            </View>
          </View>
        )}
        {(!chips || choice === 'other') && (
          <FormInput
            className='triage-department'
            invalid={!!errors.department}
            value={department}
            maxlength={60}
            placeholder='例如：街道城管科、区住建局'
            onInput={(v) => {
              setDepartment(v)
              clear('department')
            }}
          />
        )}
      </Field>

      <Field className='triage-handler' label='承办人' labelHint='负责跟进，直到办结'>
        <View className='chip-grid'>
          {selfId && (
            <View
              className={`chip chip-half triage-handler-self${mode === 'self' ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: mode === 'self' })}
              onClick={() => {
                setMode(mode === 'self' ? 'none' : 'self')
                clear('handlerId')
              }}
            >
              <Text className='chip-title'>{mode === 'self' ? '✓ 我来办理' : '我来办理'}</Text>
            </View>
          )}
          <View
            className={`chip chip-half triage-handler-other${mode === 'other' ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: mode === 'other' })}
            onClick={() => {
              setMode(mode === 'other' ? 'none' : 'other')
              clear('handlerId')
            }}
          >
            <Text className='chip-title'>{mode === 'other' ? '✓ 交给其他人' : '交给其他人'}</Text>
          </View>
          <View
            className={`chip chip-half triage-handler-none${mode === 'none' ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: mode === 'none' })}
            onClick={() => {
              setMode('none')
              clear('handlerId')
            }}
          >
            <Text className='chip-title'>暂不指定</Text>
          </View>
        </View>
        {mode === 'other' && (
          <View className='triage-handler-pick'>
            <PersonPicker
              className='triage-handler-person'
              communityId={need.communityId}
              role='staff'
              value={other}
              onChange={(p) => {
                setOther(p)
                clear('handlerId')
              }}
              label='选择承办的社区工作者'
              placeholder='输入姓名或手机号查找'
              error={errors.handlerId}
            />
          </View>
        )}
        {mode !== 'other' && <FieldError name='handlerId' message={errors.handlerId} />}
      </Field>

      <Field name='note' label='研判说明' labelHint='选填，居民能在办理进度里看到' error={errors.note}>
        <FormTextarea
          size='short'
          className='triage-note'
          invalid={!!errors.note}
          value={note}
          maxlength={500}
          placeholder='例如：已联系物业，明天上午派电工维修'
          onInput={(v) => {
            setNote(v)
            clear('note')
          }}
        />
      </Field>

      {f.formError()}
      <BusyButton className='triage-submit' busy={busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        确认研判
      </BusyButton>
    </View>
  )
}
