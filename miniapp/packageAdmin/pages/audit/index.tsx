import { Text, View } from '@tarojs/components'
import { useDidShow, useReachBottom, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { AuditEntry, Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { listAudit } from '../../../services/admin'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { canManage, homeStreetId, isStreetAdmin } from '../../utils/access'
import { auditActionLabel, auditDetail } from '../../utils/labels'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'
import { MoreButton } from '../../../components/MoreButton'

/** 操作日志: who did what to whom, newest first, in Beijing time. A street administrator may see the whole street. */
export default function AuditPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const streetAdmin = isStreetAdmin(profile)
  const communityId = params.communityId || (streetAdmin ? undefined : profile?.communityId ?? undefined)
  const streetId = communityId ? undefined : params.streetId || homeStreetId(profile)
  const list = usePaged<AuditEntry>((cursor) => listAudit({ communityId, streetId, cursor }))

  useDidShow(() => {
    if (ensureLoggedIn() && canManage(getProfile())) void list.load()
  })
  usePullDown(() => (canManage(profile) ? list.load() : undefined))
  useReachBottom(() => void list.loadMore())

  if (!canManage(profile)) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='audit-forbidden' text='您没有管理权限' />
      </Screen>
    )
  }

  const s = list.state
  return (
    <Screen className='page admin-page audit-page'>
      <Text className='section-title'>{communityId ? '操作日志' : '街道操作日志'}</Text>
      <Text className='form-hint'>新建、修改、邀请和身份变动都记在这里，最新的在前</Text>
      {s.kind === 'loading' && <LoadingState className='audit-loading' />}
      {s.kind === 'error' && <ErrorState className='audit-error' message={s.message} onRetry={() => void list.load()} retryClassName='audit-retry' />}
      {s.kind === 'ready' && s.items.length === 0 && <EmptyState className='audit-empty' text='还没有操作记录' />}
      {s.items.map((e) => {
        const detail = auditDetail(e)
        return (
          <View key={e.id} className='card audit-row' data-id={e.id}>
            <Text className='audit-time'>{formatDateTime(e.at)}</Text>
            <View className='item-head btn-gap'>
              <Text className='item-title'>
                <Text className='audit-actor'>{e.actorName ?? '系统'}</Text> <Text className='audit-action'>{auditActionLabel(e.action)}</Text>
                {e.targetName ? <Text className='audit-target'>「{e.targetName}」</Text> : null}
              </Text>
            </View>
            {!communityId && e.communityName && <Text className='form-hint audit-community'>{e.communityName}</Text>}
            {detail !== '' && <Text className='audit-detail'>{detail}</Text>}
          </View>
        )
      })}
      {s.kind === 'ready' && s.nextCursor && (
        <MoreButton className='audit-more' more={s.more} onClick={() => void list.loadMore()} />
      )}
      {s.kind === 'ready' && !s.nextCursor && s.items.length > 0 && <Text className='list-end'>没有更多了</Text>}
    </Screen>
  )
}
