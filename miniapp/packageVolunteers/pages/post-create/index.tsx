import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile } from '../../../../core/contracts'
import { EmptyState } from '../../../components/States'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { createPost } from '../../../services/volunteers'
import { isStaff } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { PostForm } from '../../components/PostForm'
import '../../components/volunteers.scss'
import './index.scss'

export default function PostCreatePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  useDidShow(() => {
    if (ensureLoggedIn()) setProfile(getProfile())
  })

  if (profile && !isStaff(profile)) return <EmptyState className='page post-create-forbidden' text='只有社区工作者可以发布岗位' />
  return (
    <View className='page post-create-page'>
      <PostForm
        submit={createPost}
        onSuccess={(post) => {
          void Taro.showToast({ title: '岗位已发布', icon: 'success', duration: 1500 })
          void Taro.redirectTo({ url: ROUTES.postDetail(post.id) })
        }}
      />
    </View>
  )
}
