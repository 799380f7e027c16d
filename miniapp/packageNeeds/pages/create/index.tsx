import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { createNeed } from '../../../services/needs'
import { ensureLoggedIn } from '../../../services/session'
import { ROUTES } from '../../../utils/routes'
import { NeedForm } from '../../components/NeedForm'
import './index.scss'

export default function CreateNeedPage() {
  useDidShow(() => {
    ensureLoggedIn()
  })

  return (
    <View className='page create-need'>
      <Text className='muted create-need-intro'>社区工作者会尽快查看您提交的需求，并在“我的需求”里告诉您办理进度。</Text>
      <NeedForm
        submit={createNeed}
        onSuccess={() => {
          void Taro.showToast({ title: '提交成功', icon: 'success', duration: 1500 })
          // Let the toast be seen before leaving; 我的需求 reloads on show and lists the new need first.
          setTimeout(() => void Taro.switchTab({ url: ROUTES.needs }), 800)
        }}
      />
    </View>
  )
}
