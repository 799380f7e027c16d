import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { VOLUNTEER_KINDS, VOLUNTEER_KIND_LABELS, ZRegisterVolunteerRequest, type Registration, type VolunteerKind } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { fieldErrors } from '../../services/errors'
import type { RegisterInput } from '../../services/volunteers'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { ChipSelect, Field, FormInput, FormTextarea, useSubmit } from '../../components/form'

const FIELDS = ['kind', 'workUnit', 'partyOrg', 'skills', 'microGridId', 'intro'] as const

const FIX_HINT = '请按红字提示修改后再提交'

/** "修水管，理发、 电脑维修" → ["修水管", "理发", "电脑维修"]: people separate skills however they like. */
export function splitSkills(text: string): string[] {
  return text
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}


export interface RegisterFormProps {
  /** kinds with a pending or approved registration cannot be registered again */
  taken: VolunteerKind[]
  /** the person's home micro-grid, offered for 双报到 */
  microGridId: string | null
  submit: (input: RegisterInput) => Promise<Registration>
  onSuccess: (registration: Registration) => void
}

/** 在职党员双报到 (work unit required) or 能人自荐 (skills required). */
export function RegisterForm({ taken, microGridId, submit, onSuccess }: RegisterFormProps) {
  const open = VOLUNTEER_KINDS.filter((k) => !taken.includes(k))
  const [kind, setKind] = useState<VolunteerKind | ''>(open.length === 1 ? open[0] : '')
  const [workUnit, setWorkUnit] = useState('')
  const [partyOrg, setPartyOrg] = useState('')
  const [skills, setSkills] = useState('')
  const [intro, setIntro] = useState('')
  const [useGrid, setUseGrid] = useState(!!microGridId)
  const f = useSubmit(FIELDS, 'register-form-error', { fieldHint: FIX_HINT, topField: true })
  const { errors, clear: clearError } = f
  const draft = useDraft(
    'volunteer-register:new',
    { kind, workUnit, partyOrg, skills, intro, useGrid },
    (d) => {
      if (d.kind && !taken.includes(d.kind)) setKind(d.kind)
      setWorkUnit(d.workUnit ?? '')
      setPartyOrg(d.partyOrg ?? '')
      setSkills(d.skills ?? '')
      setIntro(d.intro ?? '')
      if (typeof d.useGrid === 'boolean') setUseGrid(d.useGrid && !!microGridId)
    },
    { isEmpty: (d) => !d.workUnit.trim() && !d.partyOrg.trim() && !d.skills.trim() && !d.intro.trim() },
  )

  async function handleSubmit() {
    if (f.pending()) return
    const party = kind === 'party_member'
    const blank = (v: string) => (v.trim() === '' ? undefined : v)
    const input = {
      kind: kind || undefined,
      workUnit: party ? workUnit : undefined,
      partyOrg: party ? blank(partyOrg) : undefined,
      skills: splitSkills(skills),
      microGridId: party && useGrid && microGridId ? microGridId : undefined,
      intro: kind === 'talent' ? blank(intro) : undefined,
    }
    const parsed = ZRegisterVolunteerRequest.safeParse(input)
    if (!parsed.success) {
      const local = fieldErrors(parsed.error.issues)
      f.setErrors({ ...local, form: FIX_HINT })
      return
    }
    const reg = await f.run(() => submit(parsed.data))
    if (reg) {
      draft.clear()
      onSuccess(reg)
    }
  }

  if (open.length === 0) return null

  return (
    <View className='card register-form'>
      <Text className='section-title'>我要报到</Text>
      {draft.restored && (
        <DraftNote
          onDiscard={() => {
            draft.discard()
            setWorkUnit('')
            setPartyOrg('')
            setSkills('')
            setIntro('')
            f.setErrorsQuietly({})
          }}
        />
      )}
      <Field name='kind' label='报到类型' error={errors.kind}>
        <ChipSelect
          options={VOLUNTEER_KINDS}
          labels={{ party_member: '在职党员双报到', talent: '社区能人自荐' }}
          prefix='register-kind'
          layout='half'
          groupLabel='报到类型'
          disabled={(k) => taken.includes(k)}
          value={kind}
          onChange={(k) => {
            setKind(k)
            clearError('kind')
          }}
        />
        {taken.length > 0 && (
          <Text className='form-hint register-taken'>已报到：{taken.map((k) => VOLUNTEER_KIND_LABELS[k]).join('、')}</Text>
        )}
      </Field>

      {kind === 'party_member' && (
        <View>
          <Field name='workUnit' label='工作单位' error={errors.workUnit}>
            <FormInput
              className='register-work-unit'
              invalid={!!errors.workUnit}
              value={workUnit}
              maxlength={60}
              placeholder='例如：市第一医院'
              onInput={(v) => {
                setWorkUnit(v)
                clearError('workUnit')
              }}
            />
          </Field>
          <Field name='partyOrg' label='所在党组织（选填）' error={errors.partyOrg}>
            <FormInput
              className='register-party-org'
              invalid={!!errors.partyOrg}
              value={partyOrg}
              maxlength={60}
              placeholder='例如：市第一医院党委'
              onInput={(v) => {
                setPartyOrg(v)
                clearError('partyOrg')
              }}
            />
          </Field>
        </View>
      )}

      {kind !== '' && (
        <Field name='skills' label={kind === 'talent' ? '我的特长' : '特长（选填）'} hint='多项用逗号或空格隔开，例如：修家电，理发' error={errors.skills}>
          <FormInput
            className='register-skills'
            invalid={!!errors.skills}
            value={skills}
            maxlength={200}
            placeholder='会做什么'
            onInput={(v) => {
              setSkills(v)
              clearError('skills')
            }}
          />
        </Field>
      )}

      {kind === 'party_member' && microGridId && (
        <Field name='microGridId' error={errors.microGridId}>
          <View
            className={`chip chip-wide register-micro-grid${useGrid ? ' is-selected' : ''}`}
            {...a11y('checkbox', undefined, { checked: useGrid })}
            onClick={() => setUseGrid((v) => !v)}
          >
            <Text>{useGrid ? '✓ ' : ''}登记到我家所在的微网格</Text>
          </View>
          <Text className='form-hint'>方便社区就近安排服务（选填）</Text>
        </Field>
      )}

      {kind === 'talent' && (
        <Field name='intro' label='自我介绍（选填）' error={errors.intro}>
          <FormTextarea
            className='register-intro'
            invalid={!!errors.intro}
            value={intro}
            maxlength={300}
            placeholder='例如：退休电工，周末有空，可以帮邻居修小家电'
            onInput={(v) => {
              setIntro(v)
              clearError('intro')
            }}
          />
        </Field>
      )}

      {f.formError()}
      <BusyButton className='register-submit btn-gap' busy={f.busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交报到
      </BusyButton>
    </View>
  )
}
