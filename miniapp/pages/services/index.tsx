import { Text, View } from '@tarojs/components'

export default function ServicesPage() {
  return (
    <View className='page'>
      <View className='card coming-soon'>
        <Text className='section-title'>该功能正在建设中</Text>
        <Text className='muted'>
          这里将列出社区的服务清单和志愿服务岗位：您可以查看党建、行政和社会资源提供的服务，在职党员和社区能人可以认领岗位、签到签退、赚取金豆。
        </Text>
      </View>
    </View>
  )
}
