import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile } from '../../../../core/contracts'
import { createResource } from '../../../services/services'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { SERVICE_ROUTES } from '../../../pages/services/routes'
import { ResourceForm } from '../../components/ResourceForm'

export default function CreateResourcePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())

  useDidShow(() => {
    if (ensureLoggedIn()) setProfile(getProfile())
  })

  return (
    <View className='page create-resource'>
      <Text className='muted page-intro create-resource-intro'>
        发布后，社区会把您的资源和居民的需求匹配起来；您也可以在“认领需求”里主动认领。
      </Text>
      <ResourceForm
        submit={createResource}
        isUnit={!!profile?.roles.includes('unit')}
        communityIds={profile?.communityId ? [profile.communityId] : []}
        initialContactName={profile?.displayName ?? ''}
        initialContactPhone={profile?.phone ?? ''}
        onSuccess={() => {
          void Taro.showToast({ title: '发布成功', icon: 'success', duration: 1500 })
          // Back to the 服务 tab, which reloads on show; the toast gets a moment to be seen first.
          setTimeout(() => void Taro.switchTab({ url: SERVICE_ROUTES.services }), 800)
        }}
      />
    </View>
  )
}
