import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { APP_ROLE_LABELS, type Profile } from '../../../core/contracts'
import { logout, me } from '../../services/auth'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { BEANS_ROUTES } from '../../packageBeans/routes'
import { isStaff } from '../../utils/roles'
import { ROUTES } from '../../utils/routes'
import './index.scss'

export default function MinePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    me().then(setProfile, () => undefined)
  })

  const roles = profile?.roles ?? []
  const staff = isStaff(profile)
  // Units and staff provide rewards: they publish them and verify pickup codes (核销).
  const provider = staff || roles.includes('unit')
  const go = (url: string) => () => Taro.navigateTo({ url })

  return (
    <View className='page mine'>
      <View className='card mine-profile'>
        <Text className='mine-name'>{profile?.displayName ?? '—'}</Text>
        <View className='mine-row'>
          <Text className='mine-label'>所在社区</Text>
          <Text className='mine-value mine-community'>{profile?.communityName ?? '尚未加入社区'}</Text>
        </View>
        <View className='mine-row'>
          <Text className='mine-label'>身份</Text>
          <View className='mine-roles'>
            {roles.length === 0 && <Text className='mine-value'>暂无</Text>}
            {roles.map((role) => (
              <Text key={role} className={`mine-role mine-role-${role}`}>
                {APP_ROLE_LABELS[role] ?? role}
              </Text>
            ))}
          </View>
        </View>
      </View>

      <View className='card mine-entries'>
        <View className='mine-entry mine-shifts' onClick={() => Taro.navigateTo({ url: ROUTES.shifts })}>
          <Text className='mine-entry-label'>我的服务</Text>
          <Text className='mine-entry-hint'>认领的岗位、签到签退、服务时长 ›</Text>
        </View>
        <View className='mine-entry mine-register' onClick={() => Taro.navigateTo({ url: ROUTES.register })}>
          <Text className='mine-entry-label'>志愿者报到</Text>
          <Text className='mine-entry-hint'>在职党员双报到、能人自荐，查看审核结果 ›</Text>
        </View>
      </View>

      <View className='card mine-entries mine-beans'>
        <View className='mine-entry mine-beans-balance' onClick={go(BEANS_ROUTES.beans)}>
          <Text className='mine-entry-label'>我的金豆</Text>
          <Text className='mine-entry-hint'>余额、收支明细、怎样赚金豆 ›</Text>
        </View>
        <View className='mine-entry mine-rewards' onClick={go(BEANS_ROUTES.rewards)}>
          <Text className='mine-entry-label'>金豆兑换</Text>
          <Text className='mine-entry-hint'>用金豆兑换服务和物品 ›</Text>
        </View>
        <View className='mine-entry mine-redemptions' onClick={go(BEANS_ROUTES.redemptions)}>
          <Text className='mine-entry-label'>我的兑换</Text>
          <Text className='mine-entry-hint'>取件码和二维码 ›</Text>
        </View>
        <View className='mine-entry mine-credit' onClick={go(BEANS_ROUTES.credit)}>
          <Text className='mine-entry-label'>社区信用</Text>
          <Text className='mine-entry-hint'>信用分、等级和计算方法 ›</Text>
        </View>
      </View>

      {provider && (
        <View className='card mine-entries mine-provider'>
          <View className='mine-entry mine-verify' onClick={go(BEANS_ROUTES.verify)}>
            <Text className='mine-entry-label'>核销兑换码</Text>
            <Text className='mine-entry-hint'>输入居民出示的 6 位取件码 ›</Text>
          </View>
          <View className='mine-entry mine-create-reward' onClick={go(BEANS_ROUTES.createReward)}>
            <Text className='mine-entry-label'>发布兑换项目</Text>
            <Text className='mine-entry-hint'>价格、库存、限兑次数 ›</Text>
          </View>
          {staff && (
            <View className='mine-entry mine-award' onClick={go(BEANS_ROUTES.award())}>
              <Text className='mine-entry-label'>发放金豆</Text>
              <Text className='mine-entry-hint'>按规则手动奖励，需填写原因 ›</Text>
            </View>
          )}
        </View>
      )}

      <Button className='btn btn-outline logout-button' onClick={logout}>
        退出登录
      </Button>
    </View>
  )
}
