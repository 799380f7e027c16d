import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ZUuid, type Person, type Profile } from '../../../../core/contracts'
import { awardBeans, getBeansReport, type BeansReport } from '../../../services/beans'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { isStaff } from '../../../utils/roles'
import { AwardForm } from '../../components/AwardForm'
import { currentMonth } from '../../utils/labels'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'

/**
 * The person a deep link names (?profileId=…&name=…, from the volunteer list): shown by name, never by id. A link
 * without a usable name or id starts with nobody chosen.
 */
function linkedPerson(params: Record<string, string | undefined>): Person | null {
  const id = params.profileId ?? ''
  if (!ZUuid.safeParse(id).success) return null
  let name = ''
  try {
    name = decodeURIComponent(params.name ?? '').trim()
  } catch {
    name = (params.name ?? '').trim()
  }
  return { id, displayName: name || '名单中选中的居民', phoneMasked: null, microGridName: null, roles: [] }
}

/** 发放金豆 (staff), with this month's figures for the community: issued, redeemed, outstanding. */
export default function AwardPage() {
  const router = useRouter()
  const [initialPerson] = useState<Person | null>(() => linkedPerson(router.params))
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [report, setReport] = useState<BeansReport | null>(null)

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    const p = getProfile()
    setProfile(p)
    // the report is extra: when it fails the form still works
    if (p?.communityId && isStaff(p)) getBeansReport(p.communityId, currentMonth()).then(setReport, () => undefined)
  })

  if (profile && !isStaff(profile)) {
    return (
      <Screen className='page award-page'>
        <View className='card award-denied'>
          <Text className='page-intro'>只有社区工作者可以发放金豆。</Text>
        </View>
      </Screen>
    )
  }

  return (
    <Screen className='page award-page'>
      <Text className='page-intro'>为居民的贡献发放金豆。每次发放都会记录理由和发放人；不能发给自己，每天有发放上限。</Text>
      <AwardForm submit={awardBeans} communityId={profile?.communityId ?? ''} initialPerson={initialPerson} />
      {report && (
        <View className='card award-report btn-gap'>
          <Text className='section-title'>本月社区金豆（{report.month}）</Text>
          <View className='detail-row'>
            <Text className='detail-label'>发放</Text>
            <Text className='detail-value report-issued'>{report.issued}</Text>
          </View>
          <View className='detail-row'>
            <Text className='detail-label'>兑换</Text>
            <Text className='detail-value report-redeemed'>{report.redeemed}</Text>
          </View>
          <View className='detail-row'>
            <Text className='detail-label'>退回</Text>
            <Text className='detail-value'>{report.refunded}</Text>
          </View>
          <View className='detail-row'>
            <Text className='detail-label'>待核销</Text>
            <Text className='detail-value'>{report.inEscrow}</Text>
          </View>
          <View className='detail-row'>
            <Text className='detail-label'>居民手中</Text>
            <Text className='detail-value report-outstanding'>{report.outstanding}</Text>
          </View>
        </View>
      )}
    </Screen>
  )
}
