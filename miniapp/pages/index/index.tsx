import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { Profile } from '../../../core/contracts'
import { me } from '../../services/auth'
import { listNeeds } from '../../services/needs'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { canHandleNeeds } from '../../utils/roles'
import { ROUTES } from '../../utils/routes'
import './index.scss'

const PENDING_PEEK = 50

export default function HomePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  // 待研判 count for the queue entry: one small page of the pending queue, "50+" beyond it.
  const [pending, setPending] = useState<string | null>(null)
  const countSeq = useRef(0)

  function refreshPending(p: Profile | null) {
    if (!canHandleNeeds(p)) return
    const seq = ++countSeq.current
    listNeeds({ status: 'submitted', order: 'oldest', limit: PENDING_PEEK }).then(
      (page) => {
        if (seq === countSeq.current) setPending(page.nextCursor ? `${PENDING_PEEK}+` : String(page.items.length))
      },
      () => undefined,
    )
  }

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    const cached = getProfile()
    setProfile(cached)
    refreshPending(cached)
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
        {canHandleNeeds(profile) && (
          <View className='home-queue-block'>
            <Button className='btn btn-primary home-action home-queue' onClick={() => Taro.navigateTo({ url: ROUTES.needQueue })}>
              需求研判队列
              {pending !== null && pending !== '0' ? <Text className='home-queue-count'>{pending} 条待研判</Text> : null}
            </Button>
            <Text className='home-action-hint'>
              {pending === '0' ? '暂时没有待研判的需求' : '先到先办：等得最久的排在最前面，超期的标红'}
            </Text>
          </View>
        )}

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
