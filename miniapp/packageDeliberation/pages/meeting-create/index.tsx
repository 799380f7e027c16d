import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { Topic } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { createMeeting, listTopics } from '../../../services/deliberation'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { isStaff } from '../../../utils/roles'
import { MeetingForm } from '../../components/MeetingForm'
import { DELIB_ROUTES } from '../../routes'

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; topics: Topic[] }

export default function MeetingCreatePage() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [staff, setStaff] = useState(() => isStaff(getProfile()))

  async function load() {
    try {
      const topics = await listTopics()
      setState({ kind: 'ready', topics: topics.filter((t) => t.status === 'ready') })
    } catch (err) {
      setState({ kind: 'error', message: errorMessage(err) })
    }
  }
  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setStaff(isStaff(getProfile()))
    void load()
  })

  if (!staff) return <View className='page'><EmptyState className='meeting-create-denied' text='只有社区工作者可以安排议事会' /></View>
  return (
    <View className='page meeting-create'>
      {state.kind === 'loading' && <LoadingState className='meeting-create-loading' />}
      {state.kind === 'error' && <ErrorState className='meeting-create-error' message={state.message} onRetry={() => void load()} retryClassName='meeting-create-retry' />}
      {state.kind === 'ready' && (
        <MeetingForm
          readyTopics={state.topics}
          submit={createMeeting}
          onSuccess={(m) => {
            void Taro.showToast({ title: '已安排', icon: 'success', duration: 1200 })
            void Taro.redirectTo({ url: DELIB_ROUTES.meetingDetail(m.id) })
          }}
        />
      )}
    </View>
  )
}
