import { Button, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { APP_ROLE_LABELS, type Profile } from '../../../core/contracts'
import { logout, me } from '../../services/auth'
import { ensureLoggedIn, getProfile } from '../../services/session'
import './index.scss'

export default function MinePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    me().then(setProfile, () => undefined)
  })

  const roles = profile?.roles ?? []

  return (
    <View className='page mine'>
      <View className='card mine-profile'>
        <Text className='mine-name'>{profile?.displayName ?? '—'}</Text>
        <View className='mine-row'>
          <Text className='mine-label'>所在社区</Text>
          <Text className='mine-value mine-community'>{profile?.communityName ?? '尚未加入社区'}</Text>
        </View>
        <View className='mine-row'>
          <Text className='mine-label'>身份</Text>
          <View className='mine-roles'>
            {roles.length === 0 && <Text className='mine-value'>暂无</Text>}
            {roles.map((role) => (
              <Text key={role} className={`mine-role mine-role-${role}`}>
                {APP_ROLE_LABELS[role] ?? role}
              </Text>
            ))}
          </View>
        </View>
      </View>

      <Button className='btn btn-outline logout-button' onClick={logout}>
        退出登录
      </Button>
    </View>
  )
}
