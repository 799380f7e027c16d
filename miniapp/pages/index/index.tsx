import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile } from '../../../core/contracts'
import { me } from '../../services/auth'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { ROUTES } from '../../utils/routes'
import './index.scss'

export default function HomePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    // A failed refresh keeps the cached profile; a 401 is handled (and redirected) by the request layer.
    me().then(setProfile, () => undefined)
  })

  return (
    <View className='page home'>
      <View className='home-hero'>
        <Text className='home-greeting'>您好，{profile?.displayName ?? '居民朋友'}</Text>
        <Text className='home-community'>{profile?.communityName ?? '尚未加入社区'}</Text>
        <Text className='home-motto'>需由民提 · 事由民议 · 策由民定 · 效由民评</Text>
      </View>

      <View className='home-actions'>
        <Button className='btn btn-primary home-action home-new-need' onClick={() => Taro.navigateTo({ url: ROUTES.createNeed })}>
          提交需求
        </Button>
        <Text className='home-action-hint'>家里、楼道、小区里遇到的困难和建议，都可以告诉社区</Text>

        <Button className='btn btn-outline home-action home-my-needs' onClick={() => Taro.switchTab({ url: ROUTES.needs })}>
          我的需求
        </Button>
        <Text className='home-action-hint'>查看提交过的需求和办理进度</Text>
      </View>
    </View>
  )
}
