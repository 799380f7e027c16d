import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile } from '../../../../core/contracts'
import { createReward } from '../../../services/beans'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { isStaff } from '../../../utils/roles'
import { RewardForm } from '../../components/RewardForm'
import { BEANS_ROUTES } from '../../routes'
import '../../components/beans.scss'

/** 发布兑换 (units and staff): the publisher is the provider who verifies the pickup codes. */
export default function CreateRewardPage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())

  useDidShow(() => {
    if (ensureLoggedIn()) setProfile(getProfile())
  })

  if (profile && !isStaff(profile) && !profile.roles.includes('unit')) {
    return (
      <View className='page reward-create-page'>
        <View className='card reward-create-denied'>
          <Text className='page-intro'>只有驻区单位和社区工作者可以发布兑换项目。</Text>
        </View>
      </View>
    )
  }

  return (
    <View className='page reward-create-page'>
      <Text className='page-intro'>发布后，居民可以用金豆兑换。居民兑换后会拿到 6 位兑换码，由您在“核销兑换码”里核销。</Text>
      <RewardForm
        submit={createReward}
        onSuccess={() => {
          void Taro.showToast({ title: '发布成功', icon: 'success', duration: 1500 })
          // back to the catalogue (which reloads on show); the toast gets a moment to be seen first
          setTimeout(() => {
            if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
            else void Taro.redirectTo({ url: BEANS_ROUTES.rewards })
          }, 800)
        }}
      />
    </View>
  )
}
