import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile } from '../../../../core/contracts'
import { EmptyState } from '../../../components/States'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { createWhistle } from '../../../services/volunteers'
import { isStaff } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { WhistleForm } from '../../components/WhistleForm'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'

export default function WhistleCreatePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  useDidShow(() => {
    if (ensureLoggedIn()) setProfile(getProfile())
  })

  if (profile && !isStaff(profile)) return <EmptyState className='page whistle-create-forbidden' text='只有社区工作者可以吹哨' />
  return (
    <Screen className='page whistle-create-page'>
      <WhistleForm
        submit={createWhistle}
        onSuccess={() => {
          void Taro.showToast({ title: '已吹哨，正在通知志愿者', icon: 'none', duration: 2000 })
          // 首页 shows the whistle banner with the count of those who answered.
          void Taro.switchTab({ url: ROUTES.home })
        }}
      />
    </Screen>
  )
}
