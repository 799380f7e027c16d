import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { createTopic } from '../../../services/deliberation'
import { ensureLoggedIn } from '../../../services/session'
import { TopicForm } from '../../components/TopicForm'
import { DELIB_ROUTES } from '../../routes'
import { Screen } from '../../../components/Screen'

export default function TopicCreatePage() {
  const router = useRouter()
  useDidShow(() => {
    ensureLoggedIn()
  })
  return (
    <Screen className='page topic-create'>
      <Text className='muted'>议题提出后，同社区的居民可以联名支持；联名人数达到要求后，社区会安排议事会。</Text>
      <View className='delib-gap' />
      <TopicForm
        submit={createTopic}
        needId={router.params.needId || undefined}
        onSuccess={() => {
          void Taro.showToast({ title: '议题已提出', icon: 'success', duration: 1500 })
          setTimeout(() => void Taro.switchTab({ url: DELIB_ROUTES.tab }), 800)
        }}
      />
    </Screen>
  )
}
