import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Profile, Resolution } from '../../../../core/contracts'
import { EmptyState, Pending } from '../../../components/States'
import { acceptAction, actionProgress, addAction, evaluateResolution, getResolution, returnAction, superviseResolution } from '../../../services/deliberation'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { useLoader } from '../../../utils/useLoader'
import { ActionItem, AddActionForm, ProgressBar, ResolutionRating, Supervision } from '../../components/Resolution'
import '../../components/delib.scss'
import { NeedLink } from '../../../pages/deliberation/NeedLink'
import { Screen } from '../../../components/Screen'

export default function ResolutionPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const resolution = useLoader<Resolution>(() => getResolution(id), { pullDown: true })
  const { state, load } = resolution

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
  })

  if (state.kind !== 'ready') return <Screen className='page'><Pending state={state} name='resolution' onRetry={() => void load()} /></Screen>
  const r = state.data
  const set = (next: Resolution) => resolution.set(() => next)
  const staff = isStaff(profile) && profile?.communityId === r.communityId
  const resident = !!profile && profile.roles.includes('resident') && profile.communityId === r.communityId

  return (
    <Screen className='page resolution-page' data-id={r.id}>
      <View className='card'>
        <Text className='delib-title resolution-title'>{r.title}</Text>
        <Text className={`delib-badge resolution-status${r.status === 'completed' ? ' is-ok' : ''}`}>{r.status === 'completed' ? '已落实' : '落实中'}</Text>
        <Text className='delib-meta'>形成于 {formatDateTime(r.createdAt)}{r.completedAt ? ` · 完成于 ${formatDateTime(r.completedAt)}` : ''}</Text>
        <Text className='delib-meta resolution-explain'>
          {r.status === 'completed' ? '议事会表决通过的事已经办完，请居民们评价落实得怎么样。' : '议事会表决通过的事，正在按下面的事项落实。'}
        </Text>
        <NeedLink source={r} className='resolution-need' />
        <ProgressBar percent={r.progress} className='resolution-progress' />
      </View>

      <Text className='section-title'>落实事项</Text>
      {r.actions.length === 0 && <EmptyState className='actions-empty' text='还没有落实事项，社区工作者会尽快安排' />}
      {r.actions.map((a) => (
        <ActionItem
          key={a.id}
          action={a}
          mine={profile?.id === a.ownerId}
          canReview={staff}
          submitProgress={(note, percent) => actionProgress(a.id, note, percent)}
          accept={() => acceptAction(a.id)}
          giveBack={(reason) => returnAction(a.id, reason)}
          onChanged={set}
        />
      ))}

      {staff && r.status !== 'completed' && <AddActionForm me={profile ? { id: profile.id, name: profile.displayName } : null} communityId={r.communityId} submit={(input) => addAction(r.id, input)} onSuccess={set} />}

      <Supervision resolution={r} submit={(note) => superviseResolution(r.id, note)} onSuccess={set} />

      <ResolutionRating resolution={r} canRate={resident} submit={(rating, comment) => evaluateResolution(r.id, rating, comment)} onSuccess={set} />
    </Screen>
  )
}
