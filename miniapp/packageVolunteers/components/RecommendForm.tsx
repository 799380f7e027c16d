import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ZRecommendTalentRequest, type Person, type Registration } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { Field, FormInput, FormTextarea, PersonPicker, useSubmit } from '../../components/form'
import { fieldErrors, isApiError } from '../../services/errors'
import { getProfile } from '../../services/session'
import { recommendTalent } from '../../services/volunteers'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { splitSkills } from './RegisterForm'

const FIELDS = ['profileId', 'skills', 'reason'] as const

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
  const f = useSubmit(FIELDS, 'recommend-error', { topField: true })
  const { errors, busy, clear } = f
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
  async function submit() {
    if (f.pending()) return
    const parsed = ZRecommendTalentRequest.safeParse({ profileId: person?.id ?? '', reason, skills: splitSkills(skills) })
    if (!parsed.success || !person) {
      const local = parsed.success ? {} : fieldErrors(parsed.error.issues)
      if (!person || local.profileId) local.profileId = NO_PERSON
      f.setErrors(local)
      return
    }
    const reg = await f.run(() => recommendTalent(parsed.data), {
      // the server's "not a resident here", unless it names a field of the form, is about the person picked
      errorsFor: (err) => (isApiError(err) && err.code === 'volunteer.person_invalid' && f.errorsOf(err).form !== undefined ? { profileId: err.message } : undefined),
    })
    if (reg) {
      draft.clear()
      setPerson(null)
      setSkills('')
      setReason('')
      onDone(reg)
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
            f.setErrorsQuietly({})
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
      {f.formError()}
      <BusyButton className='recommend-submit' busy={busy} busyText='正在提交…' onClick={() => void submit()}>
        提交推荐
      </BusyButton>
    </View>
  )
}
