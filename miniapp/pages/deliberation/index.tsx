import { Text, View } from '@tarojs/components'

export default function DeliberationPage() {
  return (
    <View className='page'>
      <View className='card coming-soon'>
        <Text className='section-title'>该功能正在建设中</Text>
        <Text className='muted'>
          这里将开展议事协商：大家关心的公共事务会成为议题，您可以报名参加议事会、发表意见、一人一票表决，并跟进决议的落实和评价。
        </Text>
      </View>
    </View>
  )
}
