import { View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Topic } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { createMeeting, getMeeting, listTopics, type MeetingDetail } from '../../../services/deliberation'
import { updateMeeting } from '../../../services/editing'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { isStaff } from '../../../utils/roles'
import { useLoader } from '../../../utils/useLoader'
import { MeetingForm } from '../../components/MeetingForm'
import { DELIB_ROUTES } from '../../routes'
import { Screen } from '../../../components/Screen'

type Choices = { topics: Topic[]; meeting: MeetingDetail | null }

/** 安排议事会, or with `?id=` 修改议事会 (the same form, prefilled). */
export default function MeetingCreatePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const loader = useLoader<Choices>(async () => {
    const [topics, meeting] = await Promise.all([listTopics(), id ? getMeeting(id) : Promise.resolve(null)])
    // the agenda may hold ready topics, and (when editing) those already on it
    const onAgenda = new Set(meeting?.agenda.map((t) => t.id) ?? [])
    const choices = [...(meeting?.agenda ?? []), ...topics.filter((t) => t.status === 'ready' && !onAgenda.has(t.id))]
    return { topics: choices, meeting }
  })
  const { load } = loader
  // flat, as the form below reads it
  const state = loader.state.kind === 'ready' ? { kind: 'ready' as const, ...loader.state.data } : loader.state
  const [staff, setStaff] = useState(() => isStaff(getProfile()))

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setStaff(isStaff(getProfile()))
    // a page shown again keeps its form and what was typed in it
    if (state.kind !== 'ready') void load()
  })

  if (!staff) return <Screen className='page'><EmptyState className='meeting-create-denied' text={id ? '只有社区工作者可以修改议事会' : '只有社区工作者可以安排议事会'} /></Screen>
  return (
    <Screen className='page meeting-create'>
      {state.kind === 'loading' && <LoadingState className='meeting-create-loading' />}
      {state.kind === 'error' && <ErrorState className='meeting-create-error' message={state.message} onRetry={() => void load()} retryClassName='meeting-create-retry' />}
      {state.kind === 'ready' && state.meeting && state.meeting.status !== 'scheduled' && (
        <EmptyState className='meeting-edit-closed' text='议事会已召开或已取消，不能再修改' />
      )}
      {state.kind === 'ready' && state.meeting && state.meeting.status === 'scheduled' && (
        <MeetingForm
          readyTopics={state.topics}
          initial={state.meeting}
          update={updateMeeting}
          onSuccess={(m) => {
            void Taro.showToast({ title: '已保存', icon: 'success', duration: 1200 })
            void Taro.redirectTo({ url: DELIB_ROUTES.meetingDetail(m.id) })
          }}
        />
      )}
      {state.kind === 'ready' && !id && (
        <MeetingForm
          readyTopics={state.topics}
          submit={createMeeting}
          onSuccess={(m) => {
            void Taro.showToast({ title: '已安排', icon: 'success', duration: 1200 })
            void Taro.redirectTo({ url: DELIB_ROUTES.meetingDetail(m.id) })
          }}
        />
      )}
    </Screen>
  )
}
