import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { ZRecommendTalentRequest, type Registration } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, fieldErrors, isApiError } from '../../services/errors'
import { recommendTalent } from '../../services/volunteers'
import { splitSkills } from './RegisterForm'

type Field = 'profileId' | 'skills' | 'reason'
type Errors = Partial<Record<Field | 'form', string>>
const FIELDS: readonly string[] = ['profileId', 'skills', 'reason']

/**
 * 推荐能人: puts a resident of the community into the talent pool, pending review. By staff this is
 * 组织发现. The person is named by their profile id (shown to staff on a registration; keep it simple).
 */
export function RecommendForm({ onDone }: { onDone: (r: Registration) => void }) {
  const [profileId, setProfileId] = useState('')
  const [skills, setSkills] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)

  const clear = (f: Field) => setErrors((e) => (e[f] || e.form ? { ...e, [f]: undefined, form: undefined } : e))

  async function submit() {
    if (inFlight.current) return
    const parsed = ZRecommendTalentRequest.safeParse({ profileId: profileId.trim(), reason, skills: splitSkills(skills) })
    if (!parsed.success) {
      const local = fieldErrors(parsed.error.issues)
      if (local.profileId) local.profileId = '请填写被推荐人的用户编号'
      setErrors(local)
      return
    }
    inFlight.current = true
    setBusy(true)
    setErrors({})
    try {
      const reg = await recommendTalent(parsed.data)
      setProfileId('')
      setSkills('')
      setReason('')
      onDone(reg)
    } catch (err) {
      const field = isApiError(err) ? err.field?.split('.')[0] : undefined
      if (field && FIELDS.includes(field)) setErrors({ [field]: errorMessage(err) })
      else if (isApiError(err) && err.code === 'volunteer.person_invalid') setErrors({ profileId: err.message })
      else setErrors({ form: errorMessage(err) })
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  const error = (f: Field) => (errors[f] ? <Text className={`field-error field-error-${f}`}>{errors[f]}</Text> : null)
  return (
    <View className='recommend-form'>
      <View className='form-field'>
        <Text className='form-label'>被推荐人的用户编号</Text>
        <Input
          className={`form-input recommend-profile-id${errors.profileId ? ' has-error' : ''}`}
          value={profileId}
          maxlength={36}
          placeholder='例如：50000000-0000-4000-8000-000000000001'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setProfileId(e.detail.value)
            clear('profileId')
          }}
        />
        {error('profileId')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>特长</Text>
        <Input
          className={`form-input recommend-skills${errors.skills ? ' has-error' : ''}`}
          value={skills}
          maxlength={200}
          placeholder='多项用逗号隔开'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setSkills(e.detail.value)
            clear('skills')
          }}
        />
        {error('skills')}
      </View>
      <View className='form-field'>
        <Text className='form-label'>推荐理由</Text>
        <Textarea
          className={`form-textarea recommend-reason${errors.reason ? ' has-error' : ''}`}
          value={reason}
          maxlength={300}
          placeholder='例如：退休教师，常义务给楼里孩子辅导功课'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setReason(e.detail.value)
            clear('reason')
          }}
        />
        {error('reason')}
      </View>
      {errors.form && <Text className='form-error recommend-error'>{errors.form}</Text>}
      <BusyButton className='recommend-submit' busy={busy} busyText='正在提交…' onClick={() => void submit()}>
        提交推荐
      </BusyButton>
    </View>
  )
}
