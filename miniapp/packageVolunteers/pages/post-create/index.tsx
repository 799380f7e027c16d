import { View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Post, Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { updatePost } from '../../../services/editing'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { createPost, getPost } from '../../../services/volunteers'
import { isStaff } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { useLoader } from '../../../utils/useLoader'
import { PostForm } from '../../components/PostForm'
import '../../components/volunteers.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

/** 发布岗位, or with `?id=` 修改岗位 (the same form, prefilled). */
export default function PostCreatePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const editor = useLoader<Post>(() => getPost(id))
  const editing = editor.state
  const load = () => editor.load(true)

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    // the form keeps what was typed when the page shows again; only the first show loads the post
    if (id && editing.kind !== 'ready') void load()
  })

  if (profile && !isStaff(profile)) return <EmptyState className='page post-create-forbidden' text={id ? '只有社区工作者可以修改岗位' : '只有社区工作者可以发布岗位'} />
  if (!id) {
    return (
      <Screen className='page post-create-page'>
        <PostForm
          submit={createPost}
          onSuccess={(post) => {
            void Taro.showToast({ title: '岗位已发布', icon: 'success', duration: 1500 })
            void Taro.redirectTo({ url: ROUTES.postDetail(post.id) })
          }}
        />
      </Screen>
    )
  }
  if (editing.kind === 'loading') return <LoadingState className='page post-edit-loading' />
  if (editing.kind === 'error') return <ErrorState className='page post-edit-error' message={editing.message} onRetry={() => void load()} retryClassName='post-edit-retry' />
  return (
    <Screen className='page post-create-page post-edit-page'>
      <PostForm
        initial={editing.data}
        update={updatePost}
        onSuccess={(post) => {
          void Taro.showToast({ title: '已保存', icon: 'success', duration: 1500 })
          void Taro.redirectTo({ url: ROUTES.postDetail(post.id) })
        }}
      />
    </Screen>
  )
}
