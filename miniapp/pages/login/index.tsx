import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { DEMO_USERS, type LoginResponse } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { JOIN_ROUTES } from '../../packageJoin/routes'
import { devLogin, wechatLogin } from '../../services/auth'
import { errorMessage } from '../../services/errors'
import { a11y } from '../../utils/a11y'
import { needsCommunity } from '../../utils/roles'
import { ROUTES } from '../../utils/routes'
import { Screen } from '../../components/Screen'
import './index.scss'

/** Which login a build offers: WeChat login inside WeChat, the demo-user picker in the browser (H5). */
function isH5(): boolean {
  return process.env.TARO_ENV === 'h5'
}

/** "居民 张阿姨（A 社区）" → the person, and the community on a line of its own (it never breaks mid-word). */
function demoName(label: string): { name: string; where: string } {
  const m = /^(.*?)\s*[（(](.*)[）)]$/.exec(label)
  return m ? { name: m[1], where: m[2] } : { name: label, where: '' }
}

export default function LoginPage() {
  // The key of the login in flight ('wechat' or a demo handle); null when idle.
  const [pending, setPending] = useState<string | null>(null)
  const [error, setError] = useState('')
  // Taps arriving before the re-render (or on H5's still-clickable disabled button) must not log in twice.
  const inFlight = useRef(false)

  async function run(key: string, login: () => Promise<LoginResponse>) {
    if (inFlight.current) return
    inFlight.current = true
    setPending(key)
    setError('')
    try {
      const session = await login()
      // Stay "pending" until the page is gone, so a second tap cannot log in twice.
      // Someone who belongs to no community (and runs no street) starts by joining one.
      if (needsCommunity(session.profile)) await Taro.redirectTo({ url: JOIN_ROUTES.join() })
      else await Taro.switchTab({ url: ROUTES.home })
    } catch (err) {
      inFlight.current = false
      setError(errorMessage(err))
      setPending(null)
    }
  }

  return (
    <Screen className='page login'>
      <View className='login-head'>
        <Text className='login-title'>共治</Text>
        <Text className='login-subtitle'>社区的事，大家商量着办</Text>
      </View>

      {isH5() ? (
        <View className='login-demo'>
          <Text className='section-title'>选择演示账号登录</Text>
          <Text className='login-note muted'>浏览器版用于演示和开发，请点选一位演示用户。</Text>
          {DEMO_USERS.map((user) => {
            const busy = pending === user.handle
            return (
              <View
                key={user.handle}
                className={`login-demo-row demo-user-${user.handle}${busy ? ' is-busy' : ''}${pending && !busy ? ' is-disabled' : ''}`}
                {...a11y('button', `以${user.label}登录`, pending ? { disabled: true } : {})}
                onClick={() => void run(user.handle, () => devLogin(user.handle))}
              >
                <View className='login-demo-who'>
                  <Text className='login-demo-label'>{demoName(user.label).name}</Text>
                  {demoName(user.label).where ? <Text className='login-demo-where'>{demoName(user.label).where}</Text> : null}
                </View>
                <Text className='login-demo-go'>{busy ? '正在登录…' : '登录 ›'}</Text>
              </View>
            )
          })}
        </View>
      ) : (
        <View className='login-wechat-box'>
          <BusyButton className='login-wechat' busy={pending !== null} busyText='正在登录…' onClick={() => void run('wechat', wechatLogin)}>
            微信一键登录
          </BusyButton>
          <Text className='login-note muted'>使用您的微信身份登录，登录后可以提交需求、查看办理进度。</Text>
        </View>
      )}

      {error !== '' && <Text className='form-error login-error' {...a11y('alert')}>{error}</Text>}
    </Screen>
  )
}
