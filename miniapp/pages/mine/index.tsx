import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { APP_ROLE_LABELS, type Profile } from '../../../core/contracts'
import { logout, me } from '../../services/auth'
import { errorMessage } from '../../services/errors'
import { bindPhone } from '../../services/joining'
import InboxBadge from '../../components/InboxBadge'
import { INFO_ROUTES } from '../../packageInfo/routes'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { ADMIN_ROUTES } from '../../packageAdmin/routes'
import { BEANS_ROUTES } from '../../packageBeans/routes'
import { JOIN_ROUTES } from '../../packageJoin/routes'
import { a11y } from '../../utils/a11y'
import { setElder, useDisplay } from '../../utils/display'
import { placeLabel } from '../../utils/format'
import { canManage, isStaff, isStreetAdmin, maskPhone } from '../../utils/roles'
import { ROUTES } from '../../utils/routes'
import { Screen } from '../../components/Screen'
import './index.scss'

function isWeapp(): boolean {
  return process.env.TARO_ENV === 'weapp'
}

export default function MinePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [phoneNote, setPhoneNote] = useState('')
  const [phoneBusy, setPhoneBusy] = useState(false)

  async function onPhone(detail: { code?: string; errMsg?: string }) {
    if (!detail?.code) {
      setPhoneNote('没有绑定也能正常使用，需要时再来绑定。')
      return
    }
    setPhoneBusy(true)
    setPhoneNote('')
    try {
      setProfile(await bindPhone(detail.code))
      void Taro.showToast({ title: '手机号已绑定', icon: 'success', duration: 1500 })
    } catch (err) {
      setPhoneNote(errorMessage(err))
    } finally {
      setPhoneBusy(false)
    }
  }

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
  const streetAdmin = isStreetAdmin(profile)
  const phone = profile?.phone ? maskPhone(profile.phone) : ''
  const display = useDisplay()

  return (
    <Screen className='page mine'>
      <View className='card mine-profile'>
        <Text className='mine-name'>{profile?.displayName ?? '—'}</Text>
        <View className='mine-row'>
          <Text className='mine-label'>所在社区</Text>
          <Text className='mine-value mine-community'>
            {profile?.communityName ? placeLabel(profile.communityName, profile.microGridName) : '尚未加入社区'}
          </Text>
        </View>
        {streetAdmin && (
          <View className='mine-row'>
            <Text className='mine-label'>管理街道</Text>
            <Text className='mine-value mine-street'>{profile?.streetName ?? '—'}</Text>
          </View>
        )}
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

      <View className='card mine-entries mine-inbox-card'>
        <View className='mine-entry mine-inbox' {...a11y('link', '消息')} onClick={go(INFO_ROUTES.inbox)}>
          <InboxBadge className='mine-inbox-badge' />
          <Text className='mine-entry-hint'>需求进展、岗位安排、议事和兑换的通知 ›</Text>
        </View>
      </View>

      {/* 长辈版 on the first screen, under 消息: the person who needs it most must not scroll to find it */}
      <DisplayCard elder={display.elder} systemScale={display.systemScale} />

      <View className='card mine-entries mine-account'>
        <View className='mine-entry mine-join' {...a11y('link')} onClick={go(JOIN_ROUTES.join())}>
          <Text className='mine-entry-label'>{profile?.communityId ? '更换社区' : '加入社区'}</Text>
          <Text className='mine-entry-hint'>{profile?.communityId ? '搬家了？迁入新的社区或更换楼栋 ›' : '按名称、社区编码或二维码找到您的社区 ›'}</Text>
        </View>
        {isWeapp() ? (
          <Button
            className='mine-entry mine-phone mine-phone-button'
            openType='getPhoneNumber'
            onGetPhoneNumber={(e) => void onPhone(e.detail as { code?: string; errMsg?: string })}
          >
            <Text className='mine-entry-label'>绑定手机号</Text>
            <Text className='mine-entry-hint mine-phone-state'>
              {phoneBusy ? '正在绑定…' : phone ? `已绑定 ${phone}，点此更换 ›` : '未绑定，点此用微信手机号绑定 ›'}
            </Text>
          </Button>
        ) : (
          <View className='mine-entry mine-phone' {...a11y('button')} onClick={() => setPhoneNote('绑定手机号需要在微信小程序里进行。')}>
            <Text className='mine-entry-label'>绑定手机号</Text>
            <Text className='mine-entry-hint mine-phone-state'>{phone ? `已绑定 ${phone}` : '未绑定'}</Text>
          </View>
        )}
        {phoneNote ? <Text className='mine-note mine-phone-note'>{phoneNote}</Text> : null}
        <View className='mine-entry mine-accept' {...a11y('link')} onClick={go(JOIN_ROUTES.accept())}>
          <Text className='mine-entry-label'>输入邀请码</Text>
          <Text className='mine-entry-hint'>社区工作者、网格员、驻区单位凭邀请码获得身份 ›</Text>
        </View>
        {canManage(profile) && (
          <View className='mine-entry mine-admin' {...a11y('link')} onClick={go(ADMIN_ROUTES.home)}>
            <Text className='mine-entry-label'>管理</Text>
            <Text className='mine-entry-hint'>{streetAdmin ? '街道的社区、网格、邀请和身份 ›' : '本社区的网格、成员、邀请和设置 ›'} </Text>
          </View>
        )}
        {roles.includes('department') && (
          <View className='mine-entry mine-dept-queue' {...a11y('link')} onClick={go(ROUTES.needQueueScope('department'))}>
            <Text className='mine-entry-label'>部门待办</Text>
            <Text className='mine-entry-hint'>转给本部门的需求，按时限答复 ›</Text>
          </View>
        )}
        {roles.includes('department') && (
          <View className='mine-entry mine-street-whistles' {...a11y('link')} onClick={go(ROUTES.streetWhistles)}>
            <Text className='mine-entry-label'>街道吹哨</Text>
            <Text className='mine-entry-hint'>街道召集本部门到场，按时报到 ›</Text>
          </View>
        )}
      </View>

      <View className='card mine-entries'>
        <View className='mine-entry mine-shifts' {...a11y('link')} onClick={() => Taro.navigateTo({ url: ROUTES.shifts })}>
          <Text className='mine-entry-label'>我的服务</Text>
          <Text className='mine-entry-hint'>认领的岗位、签到签退、服务时长 ›</Text>
        </View>
        <View className='mine-entry mine-register' {...a11y('link')} onClick={() => Taro.navigateTo({ url: ROUTES.register })}>
          <Text className='mine-entry-label'>志愿者报到</Text>
          <Text className='mine-entry-hint'>在职党员双报到、能人自荐，查看审核结果 ›</Text>
        </View>
      </View>

      <View className='card mine-entries mine-beans'>
        <View className='mine-entry mine-beans-balance' {...a11y('link')} onClick={go(BEANS_ROUTES.beans)}>
          <Text className='mine-entry-label'>我的金豆</Text>
          <Text className='mine-entry-hint'>余额、收支明细、怎样赚金豆 ›</Text>
        </View>
        <View className='mine-entry mine-rewards' {...a11y('link')} onClick={go(BEANS_ROUTES.rewards)}>
          <Text className='mine-entry-label'>金豆兑换</Text>
          <Text className='mine-entry-hint'>用金豆兑换服务和物品 ›</Text>
        </View>
        <View className='mine-entry mine-redemptions' {...a11y('link')} onClick={go(BEANS_ROUTES.redemptions)}>
          <Text className='mine-entry-label'>我的兑换</Text>
          <Text className='mine-entry-hint'>取件码和二维码 ›</Text>
        </View>
        <View className='mine-entry mine-credit' {...a11y('link')} onClick={go(BEANS_ROUTES.credit)}>
          <Text className='mine-entry-label'>社区信用</Text>
          <Text className='mine-entry-hint'>信用分、等级和计算方法 ›</Text>
        </View>
      </View>

      {provider && (
        <View className='card mine-entries mine-provider'>
          <View className='mine-entry mine-verify' {...a11y('link')} onClick={go(BEANS_ROUTES.verify)}>
            <Text className='mine-entry-label'>核销兑换码</Text>
            <Text className='mine-entry-hint'>输入居民出示的 6 位取件码 ›</Text>
          </View>
          <View className='mine-entry mine-create-reward' {...a11y('link')} onClick={go(BEANS_ROUTES.createReward)}>
            <Text className='mine-entry-label'>发布兑换项目</Text>
            <Text className='mine-entry-hint'>价格、库存、限兑次数 ›</Text>
          </View>
          {staff && (
            <View className='mine-entry mine-award' {...a11y('link')} onClick={go(BEANS_ROUTES.award())}>
              <Text className='mine-entry-label'>发放金豆</Text>
              <Text className='mine-entry-hint'>按规则手动奖励，需填写原因 ›</Text>
            </View>
          )}
        </View>
      )}

      <Button className='btn btn-outline logout-button' onClick={logout}>
        退出登录
      </Button>
    </Screen>
  )
}

/**
 * 长辈版: one switch, remembered on this phone, that makes every page bigger at once (Screen listens), and puts
 * the most used actions first on 首页. The whole row is the switch: a large target with its state in words.
 */
function DisplayCard({ elder, systemScale }: { elder: boolean; systemScale: number }) {
  return (
    <View className='card mine-display'>
      <View
        className={`mine-elder${elder ? ' is-on' : ''}`}
        {...a11y('switch', '长辈版：字更大、按钮更大', { checked: elder })}
        onClick={() => setElder(!elder)}
      >
        <View className='mine-elder-text'>
          <Text className='mine-entry-label'>长辈版</Text>
          <Text className='mine-entry-hint'>字更大、按钮更大，常用功能放在最前面</Text>
        </View>
        <View className='mine-elder-state'>
          <View className={`mine-switch${elder ? ' is-on' : ''}`}>
            <View className='mine-switch-knob' />
          </View>
          <Text className='mine-elder-word'>{elder ? '已打开' : '已关闭'}</Text>
        </View>
      </View>
      {systemScale > 1 ? (
        <Text className='mine-font-note'>
          字体大小跟随微信设置（现在是标准的 {Math.round(Math.min(systemScale, 1.6) * 100)}%）
        </Text>
      ) : null}
    </View>
  )
}
