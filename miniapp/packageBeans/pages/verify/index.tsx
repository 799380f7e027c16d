import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { Profile, Reward } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { listRewards, verifyRedemption, type VerifyResult } from '../../../services/beans'
import { errorMessage, isApiError } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { a11y } from '../../../utils/a11y'
import { revealFirstError } from '../../../utils/formErrors'
import { formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { codeFromScan } from '../../utils/qr'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

/** Only a reward's provider (a unit) or staff can verify; others get a plain explanation, not a form. */
function mayVerify(profile: Profile | null): boolean {
  return !profile || isStaff(profile) || profile.roles.includes('unit')
}

/** 核销: the provider types (or, on WeChat, scans) the resident's 6-digit code and hands over the reward. */
export default function VerifyPage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<{ code?: string; form?: string }>({})
  const [result, setResult] = useState<VerifyResult | null>(null)
  const inFlight = useRef(false)
  /** the rewards this person provides: with several, they say which one the code is for */
  const [mine, setMine] = useState<Reward[]>([])
  const [rewardId, setRewardId] = useState<string | null>(null)

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    const p = getProfile()
    setProfile(p)
    // extra help only: when the list fails, the code alone still verifies
    if (p) {
      listRewards().then(
        (page) => {
          const own = page.items.filter((r) => r.providerId === p.id)
          setMine(own)
          setRewardId((prev) => (prev && own.some((r) => r.id === prev) ? prev : null))
        },
        () => undefined,
      )
    }
  })

  async function submit(value: string = code) {
    if (inFlight.current) return
    inFlight.current = true
    setBusy(true)
    setErrors({})
    setResult(null)
    try {
      const verified = rewardId ? await verifyRedemption(value, rewardId) : await verifyRedemption(value)
      setResult(verified)
      // ready for the next person in line
      setCode('')
    } catch (err) {
      // the code stays in the box so a mistyped digit can be fixed
      if (isApiError(err) && err.field === 'code') {
        setErrors({ code: err.message })
        void revealFirstError()
      } else setErrors({ form: errorMessage(err) })
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  async function scan() {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      const scanned = codeFromScan(res.result)
      if (!scanned) {
        setErrors({ code: '这个二维码不是兑换码' })
        return
      }
      setCode(scanned)
      void submit(scanned)
    } catch {
      // closing the camera is not an error
    }
  }

  if (!mayVerify(profile)) {
    return (
      <Screen className='page verify-page'>
        <View className='card verify-denied'>
          <Text className='page-intro'>只有兑换项目的提供方（驻区单位）和社区工作者可以核销兑换码。</Text>
        </View>
      </Screen>
    )
  }

  return (
    <Screen className='page verify-page'>
      <Text className='page-intro'>请居民出示“我的兑换”里的 6 位兑换码，输入后点“核销”，再把服务或物品交给居民。</Text>
      {mine.length > 1 && (
        <View className='form-field verify-rewards'>
          <Text className='form-label'>兑换的是哪个项目（可不选）</Text>
          <View className='chip-grid' {...a11y('radiogroup', '兑换的是哪个项目')}>
            <View
              className={`chip is-wide verify-reward-any${rewardId === null ? ' is-selected' : ''}`}
              {...a11y('radio', undefined, { checked: rewardId === null })}
              onClick={() => setRewardId(null)}
            >
              <Text>不指定，看兑换码</Text>
            </View>
            {mine.map((r, i) => (
              <View
                key={r.id}
                className={`chip is-wide verify-reward-choice verify-reward-${i}${rewardId === r.id ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: rewardId === r.id })}
                onClick={() => setRewardId(r.id)}
              >
                <Text>{r.title}</Text>
              </View>
            ))}
          </View>
        </View>
      )}
      <View className='form-field'>
        <Text className='form-label'>兑换码</Text>
        <Input
          className={`form-input verify-code${errors.code ? ' has-error' : ''}`}
          type='number'
          value={code}
          maxlength={6}
          placeholder='6 位数字'
          placeholderClass='form-placeholder'
          onInput={(e) => {
            setCode(e.detail.value)
            if (errors.code || errors.form) setErrors({})
          }}
          onConfirm={() => void submit()}
        />
        {errors.code && <Text className='field-error field-error-code'>{errors.code}</Text>}
      </View>
      {errors.form && <Text className='form-error verify-form-error'>{errors.form}</Text>}

      <BusyButton className='verify-submit' busy={busy} busyText='正在核销…' onClick={() => void submit()}>
        核销
      </BusyButton>
      {process.env.TARO_ENV === 'weapp' && (
        <Button className='btn btn-outline verify-scan' onClick={() => void scan()}>
          扫描兑换二维码
        </Button>
      )}

      {result && (
        <View className='card verify-result'>
          <Text className='verify-result-title'>核销成功</Text>
          <View className='detail-row'>
            <Text className='detail-label'>兑换人</Text>
            <Text className='detail-value verify-holder'>{result.holderName}</Text>
          </View>
          <View className='detail-row'>
            <Text className='detail-label'>兑换项目</Text>
            <Text className='detail-value verify-reward'>{result.rewardTitle}</Text>
          </View>
          <View className='detail-row'>
            <Text className='detail-label'>金豆</Text>
            <Text className='detail-value'>{result.priceBeans} 个</Text>
          </View>
          {result.verifiedAt && (
            <View className='detail-row'>
              <Text className='detail-label'>核销时间</Text>
              <Text className='detail-value'>{formatDateTime(result.verifiedAt)}</Text>
            </View>
          )}
          <Text className='success-text'>请把服务或物品交给 {result.holderName}</Text>
        </View>
      )}
    </Screen>
  )
}
