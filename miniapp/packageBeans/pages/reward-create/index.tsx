import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile, Reward } from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import { createReward, findReward } from '../../../services/beans'
import { updateReward } from '../../../services/editing'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { isStaff } from '../../../utils/roles'
import { LoadError, useLoader } from '../../../utils/useLoader'
import { RewardForm } from '../../components/RewardForm'
import { BEANS_ROUTES } from '../../routes'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'

/**
 * To the reward catalogue (which reloads on show), whatever page the form was opened from: back to it when it is the
 * page underneath, else in place of this form (opened from 我的 or 金豆, 返回 then leads there, not to the form).
 * The toast gets a moment to be seen first.
 */
function backToRewards(delayMs = 800) {
  setTimeout(() => {
    const pages = Taro.getCurrentPages()
    const below = pages.length > 1 ? pages[pages.length - 2] : null
    const route = `/${(below?.route ?? '').split('?')[0].replace(/^\//, '')}`
    if (below && route === BEANS_ROUTES.rewards) void Taro.navigateBack()
    else void Taro.redirectTo({ url: BEANS_ROUTES.rewards })
  }, delayMs)
}

/** 发布兑换 (units and staff): the publisher is the provider who verifies the pickup codes. With `?id=`, 修改. */
export default function CreateRewardPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const editor = useLoader<Reward>(async () => {
    const reward = await findReward(id)
    if (!reward) throw new LoadError('没有找到这个兑换项目，它可能已下架或过期')
    return reward
  })
  const editing = editor.state
  const load = () => editor.load(true)

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    if (id && editing.kind !== 'ready') void load()
  })

  if (profile && !isStaff(profile) && !profile.roles.includes('unit')) {
    return (
      <Screen className='page reward-create-page'>
        <View className='card reward-create-denied'>
          <Text className='page-intro'>只有驻区单位和社区工作者可以发布兑换项目。</Text>
        </View>
      </Screen>
    )
  }

  if (id) {
    if (editing.kind === 'loading') return <LoadingState className='reward-edit-loading' />
    if (editing.kind === 'error') return <ErrorState className='reward-edit-error' message={editing.message} onRetry={() => void load()} retryClassName='reward-edit-retry' />
    return (
      <Screen className='page reward-create-page reward-edit-page'>
        <RewardForm
          initial={editing.data}
          update={updateReward}
          onSuccess={() => {
            void Taro.showToast({ title: '已保存', icon: 'success', duration: 1500 })
            backToRewards()
          }}
        />
      </Screen>
    )
  }

  return (
    <Screen className='page reward-create-page'>
      <Text className='page-intro'>发布后，居民可以用金豆兑换。居民兑换后会拿到 6 位兑换码，由您在“核销兑换码”里核销。</Text>
      <RewardForm
        submit={createReward}
        onSuccess={() => {
          void Taro.showToast({ title: '发布成功', icon: 'success', duration: 1500 })
          backToRewards()
        }}
      />
    </Screen>
  )
}
