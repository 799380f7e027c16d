import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile } from '../../../../core/contracts'
import { createNeed, followNeed, similarNeeds } from '../../../services/needs'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { askToSubscribe, prepareSubscribe } from '../../../services/subscriptions'
import { canSubmitForOthers } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { NeedForm } from '../../components/NeedForm'
import { Screen } from '../../../components/Screen'
import './index.scss'

export default function CreateNeedPage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())

  useDidShow(() => {
    if (ensureLoggedIn()) setProfile(getProfile())
    void prepareSubscribe()
  })

  return (
    <Screen className='page create-need'>
      <Text className='muted create-need-intro'>
        {canSubmitForOthers(profile)
          ? '可以替不会用手机的居民登记，也可以登记巡查中发现的问题。'
          : '社区工作者会尽快查看您提交的需求，并在“我的需求”里告诉您办理进度。'}
      </Text>
      <NeedForm
        profile={profile}
        submit={(input) => {
          // from the submit tap, before its request: WeChat shows the sheet only from a tap
          void askToSubscribe(['need_status'])
          return createNeed(input)
        }}
        searchSimilar={similarNeeds}
        followSimilar={followNeed}
        onSuccess={(need) => {
          void Taro.showToast({ title: '提交成功', icon: 'success', duration: 1500 })
          // Let the toast be seen before leaving. Their own needs are in 我的需求 (reloaded on show, newest first);
          // one entered for someone else belongs to that resident, so its detail page is where to follow it.
          const own = need.source === 'resident' || need.source === 'patrol'
          setTimeout(() => {
            if (own) void Taro.switchTab({ url: ROUTES.needs })
            else void Taro.redirectTo({ url: ROUTES.needDetail(need.id) })
          }, 800)
        }}
      />
    </Screen>
  )
}
