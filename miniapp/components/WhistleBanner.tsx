import { Button, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { VOLUNTEER_KIND_LABELS, type Whistle } from '../../core/contracts'
import { errorMessage } from '../services/errors'
import { respondWhistle } from '../services/volunteers'
import { a11y } from '../utils/a11y'
import { formatDateTime } from '../utils/format'
import { BusyButton } from './BusyButton'
import './WhistleBanner.scss'

export interface WhistleBannerProps {
  whistles: Whistle[]
  /** approved volunteers answer; everyone else sees the call and how to become one */
  canRespond: boolean
  onChange: (whistle: Whistle) => void
  onRegister?: () => void
}

/**
 * 社区吹哨 on 首页: open calls with the count of those who answered, and 响应 for volunteers. Staff of the whistle's
 * community also get who answered (the server sends `responders` to them only), to call them or count heads on site.
 */
export function WhistleBanner({ whistles, canRespond, onChange, onRegister }: WhistleBannerProps) {
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const inFlight = useRef(false)

  async function respond(id: string) {
    if (inFlight.current) return
    inFlight.current = true
    setBusy(id)
    setErrors((e) => ({ ...e, [id]: '' }))
    try {
      onChange(await respondWhistle(id))
    } catch (err) {
      setErrors((e) => ({ ...e, [id]: errorMessage(err) }))
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }

  if (whistles.length === 0) return null
  return (
    <View className='whistle-banner'>
      <Text className='whistle-banner-title'>社区吹哨 · 党员报到</Text>
      {whistles.map((w) => (
        <View key={w.id} className={`whistle-item whistle-${w.status}`} data-id={w.id}>
          <Text className='whistle-title'>{w.title}</Text>
          <Text className='whistle-line'>集合：{w.place}</Text>
          <Text className='whistle-line'>时间：{formatDateTime(w.startsAt)}</Text>
          <Text className='whistle-count'>
            已响应 {w.responded} / 需要 {w.headcount} 人
          </Text>
          {w.responders && w.responders.length > 0 && (
            <View className='whistle-responders'>
              <Text className='whistle-responders-title'>响应名单</Text>
              {w.responders.map((r) => (
                <View key={r.profileId} className='whistle-responder' data-id={r.profileId}>
                  <Text className='whistle-responder-name'>{r.displayName}</Text>
                  <Text className='whistle-responder-kind'>{r.kinds.map((k) => VOLUNTEER_KIND_LABELS[k] ?? k).join('、')}</Text>
                  {r.phoneMasked && <Text className='whistle-responder-phone'>{r.phoneMasked}</Text>}
                  <Text className='whistle-responder-at'>{formatDateTime(r.respondedAt)} 响应</Text>
                </View>
              ))}
            </View>
          )}
          {w.answered ? (
            <Text className='whistle-answered'>✓ 您已响应，请按时到达</Text>
          ) : w.status === 'closed' ? (
            <Text className='whistle-closed'>人数已满，感谢大家</Text>
          ) : canRespond ? (
            <BusyButton className='whistle-respond' busy={busy === w.id} busyText='正在响应…' onClick={() => void respond(w.id)}>
              我来响应
            </BusyButton>
          ) : onRegister ? (
            <Button className='btn btn-outline whistle-register' onClick={onRegister}>
              报到成为志愿者后可以响应
            </Button>
          ) : null}
          {errors[w.id] ? <Text className='whistle-error' {...a11y('alert')}>{errors[w.id]}</Text> : null}
        </View>
      ))}
    </View>
  )
}
