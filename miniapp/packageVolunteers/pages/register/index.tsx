import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import {
  REGISTRATION_STATUS_LABELS,
  TALENT_SOURCE_LABELS,
  VOLUNTEER_KIND_LABELS,
  type Profile,
  type Registration,
  type VolunteerKind,
} from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import { me as refreshProfile } from '../../../services/auth'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { registerVolunteer, volunteerMe, type VolunteerMe } from '../../../services/volunteers'
import { formatDateTime } from '../../../utils/format'
import { ROUTES } from '../../../utils/routes'
import { RegisterForm } from '../../components/RegisterForm'
import { useLoader } from '../../../utils/useLoader'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

export default function RegisterPage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const me = useLoader<VolunteerMe>(() => volunteerMe())

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    refreshProfile().then(setProfile, () => undefined)
    void me.load()
  })

  if (me.state.kind === 'loading') return <LoadingState className='register-loading' />
  if (me.state.kind === 'error') {
    return <ErrorState className='register-error' message={me.state.message} onRetry={() => void me.load()} retryClassName='register-retry' />
  }

  const regs = me.state.data.registrations
  const taken = regs.filter((r) => r.status !== 'rejected').map((r) => r.kind) as VolunteerKind[]
  const approved = regs.some((r) => r.status === 'approved')

  return (
    <Screen className='page register-page'>
      <Text className='page-intro register-intro-text'>
        在职党员到居住的社区报到（双报到），社区能人加入能人库。社区审核通过后，就可以认领服务岗位、响应社区吹哨。
      </Text>

      {regs.length > 0 && (
        <View className='card register-mine'>
          <Text className='section-title'>我的报到</Text>
          {regs.map((r) => (
            <RegistrationRow key={r.id} r={r} />
          ))}
          {approved && (
            <Button className='btn btn-primary btn-gap register-to-posts' onClick={() => Taro.navigateTo({ url: ROUTES.posts })}>
              去认领服务岗位
            </Button>
          )}
        </View>
      )}

      {taken.length < 2 ? (
        <RegisterForm
          taken={taken}
          microGridId={profile?.microGridId ?? null}
          submit={registerVolunteer}
          onSuccess={(reg) => {
            me.set((d) => ({ ...d, registrations: [...d.registrations, reg] }))
            void Taro.showToast({ title: '已提交，请等待审核', icon: 'none', duration: 2500 })
          }}
        />
      ) : (
        <Text className='muted register-all-done'>您已报到为在职党员和社区能人，无需再次报到。</Text>
      )}
    </Screen>
  )
}

function RegistrationRow({ r }: { r: Registration }) {
  return (
    <View className={`register-item register-item-${r.kind}`} data-id={r.id}>
      <View className='item-head'>
        <Text className='item-title'>{VOLUNTEER_KIND_LABELS[r.kind]}</Text>
        <Text className={`v-badge v-status-${r.status} register-status`}>{REGISTRATION_STATUS_LABELS[r.status]}</Text>
      </View>
      {r.workUnit && <Text className='register-line'>工作单位：{r.workUnit}</Text>}
      {r.partyOrg && <Text className='register-line'>党组织：{r.partyOrg}</Text>}
      {r.skills.length > 0 && <Text className='register-line'>特长：{r.skills.join('、')}</Text>}
      {r.kind === 'talent' && <Text className='register-line muted'>来源：{TALENT_SOURCE_LABELS[r.source]}</Text>}
      <Text className='register-line muted'>提交时间：{formatDateTime(r.createdAt)}</Text>
      {r.status === 'pending' && <Text className='register-line muted'>社区工作者审核后会通知您</Text>}
      {r.status === 'rejected' && r.reviewReason && <Text className='alert register-review-reason'>未通过原因：{r.reviewReason}</Text>}
      {r.status === 'approved' && r.reviewReason && <Text className='register-line register-review-reason'>审核意见：{r.reviewReason}</Text>}
    </View>
  )
}
