import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile, Resource } from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import { updateResource } from '../../../services/editing'
import { createResource, listAllResources } from '../../../services/services'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { SERVICE_ROUTES } from '../../../pages/services/routes'
import { LoadError, useLoader } from '../../../utils/useLoader'
import { ResourceForm } from '../../components/ResourceForm'
import { Screen } from '../../../components/Screen'

/** 发布资源, or with `?id=` 修改资源 (the publisher, or staff of its community). */
export default function CreateResourcePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const editor = useLoader<Resource>(async () => {
    // the publisher's own first; staff find a unit's resource in the community's list
    const resource = (await listAllResources({ mine: true })).find((r) => r.id === id) ?? (await listAllResources()).find((r) => r.id === id)
    if (!resource) throw new LoadError('没有找到这项资源，它可能已下架')
    return resource
  })
  const editing = editor.state
  const load = () => editor.load(true)

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    if (id && editing.kind !== 'ready') void load()
  })

  if (id) {
    if (editing.kind === 'loading') return <LoadingState className='resource-edit-loading' />
    if (editing.kind === 'error') return <ErrorState className='resource-edit-error' message={editing.message} onRetry={() => void load()} retryClassName='resource-edit-retry' />
    const r = editing.data
    return (
      <Screen className='page create-resource edit-resource'>
        <ResourceForm
          initial={r}
          update={updateResource}
          isUnit={r.partnerType !== null || (r.mine && !!profile?.roles.includes('unit'))}
          communityIds={r.communityIds}
          onSuccess={() => {
            void Taro.showToast({ title: '已保存', icon: 'success', duration: 1500 })
            setTimeout(() => {
              if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
              else void Taro.switchTab({ url: SERVICE_ROUTES.services })
            }, 800)
          }}
        />
      </Screen>
    )
  }

  return (
    <Screen className='page create-resource'>
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
    </Screen>
  )
}
