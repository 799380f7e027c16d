import { Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { ZRecommendTalentRequest, type Person, type Registration } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { Field, FormInput, FormTextarea, PersonPicker } from '../../components/form'
import { errorMessage, fieldErrors, isApiError } from '../../services/errors'
import { getProfile } from '../../services/session'
import { recommendTalent } from '../../services/volunteers'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { DraftNote } from '../../components/DraftNote'
import { splitSkills } from './RegisterForm'

type FieldName = 'profileId' | 'skills' | 'reason'
type Errors = Partial<Record<FieldName | 'form', string>>
const FIELDS: readonly string[] = ['profileId', 'skills', 'reason']

const NO_PERSON = '请选择被推荐的邻居'

export interface RecommendFormProps {
  onDone: (r: Registration) => void
  /** the community to pick the neighbour from; the signed-in person's own when left out */
  communityId?: string
}

/**
 * 推荐能人: puts a resident of the community into the talent pool, pending review. By staff this is
 * 组织发现. The neighbour is found by name in the community with the person picker.
 */
export function RecommendForm({ onDone, communityId }: RecommendFormProps) {
  const [community] = useState(() => communityId ?? getProfile()?.communityId ?? '')
  const [person, setPerson] = useState<Person | null>(null)
  const [skills, setSkills] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  const draft = useDraft(
    'talent-recommend:new',
    { person, skills, reason },
    (d) => {
      setPerson(d.person ?? null)
      setSkills(d.skills ?? '')
      setReason(d.reason ?? '')
    },
    { isEmpty: (d) => !d.person && !d.skills.trim() && !d.reason.trim() },
  )
  /** errors on screen: the first one into view */
  function refuse(next: Errors) {
    setErrors(next)
    void revealFirstError()
  }

  const clear = (f: FieldName) => setErrors((e) => (e[f] || e.form ? { ...e, [f]: undefined, form: undefined } : e))

  async function submit() {
    if (inFlight.current) return
    const parsed = ZRecommendTalentRequest.safeParse({ profileId: person?.id ?? '', reason, skills: splitSkills(skills) })
    if (!parsed.success || !person) {
      const local = parsed.success ? {} : fieldErrors(parsed.error.issues)
      if (!person || local.profileId) local.profileId = NO_PERSON
      refuse(local)
      return
    }
    inFlight.current = true
    setBusy(true)
    setErrors({})
    try {
      const reg = await recommendTalent(parsed.data)
      draft.clear()
      setPerson(null)
      setSkills('')
      setReason('')
      onDone(reg)
    } catch (err) {
      const field = isApiError(err) ? err.field?.split('.')[0] : undefined
      if (field && FIELDS.includes(field)) refuse({ [field]: errorMessage(err) })
      else if (isApiError(err) && err.code === 'volunteer.person_invalid') refuse({ profileId: err.message })
      else setErrors({ form: errorMessage(err) })
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <View className='recommend-form'>
      {draft.restored && (
        <DraftNote
          onDiscard={() => {
            draft.discard()
            setPerson(null)
            setSkills('')
            setReason('')
            setErrors({})
          }}
        />
      )}
      <PersonPicker
        className='recommend-person'
        communityId={communityId ?? community}
        value={person}
        onChange={(p) => {
          setPerson(p)
          clear('profileId')
        }}
        label='推荐谁'
        hint='输入邻居的姓名查找'
        placeholder='输入姓名查找'
        error={errors.profileId}
      />
      <Field name='skills' label='特长' error={errors.skills}>
        <FormInput
          className='recommend-skills'
          invalid={!!errors.skills}
          value={skills}
          maxlength={200}
          placeholder='多项用逗号隔开'
          onInput={(v) => {
            setSkills(v)
            clear('skills')
          }}
        />
      </Field>
      <Field name='reason' label='推荐理由' error={errors.reason}>
        <FormTextarea
          className='recommend-reason'
          invalid={!!errors.reason}
          value={reason}
          maxlength={300}
          placeholder='例如：退休教师，常义务给楼里孩子辅导功课'
          onInput={(v) => {
            setReason(v)
            clear('reason')
          }}
        />
      </Field>
      {errors.form && <Text className='form-error recommend-error'>{errors.form}</Text>}
      <BusyButton className='recommend-submit' busy={busy} busyText='正在提交…' onClick={() => void submit()}>
        提交推荐
      </BusyButton>
    </View>
  )
}
