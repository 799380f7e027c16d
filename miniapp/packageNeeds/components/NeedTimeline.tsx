import { Text, View } from '@tarojs/components'
import { NEED_STATUS_LABELS, type NeedActor, type NeedEvent } from '../../../core/contracts'
import { formatDateTime } from '../../utils/format'
import './NeedTimeline.scss'

const ACTOR_LABELS: Record<NeedActor, string> = {
  staff: '社区工作者',
  grid_worker: '网格员',
  owner: '居民',
  system: '系统',
  department: '职能部门',
}

/** Who did a step: "陈主任（社区工作者）", or 系统 for the scheduled SLA sweep. */
export function actorText(e: Pick<NeedEvent, 'actor' | 'actorName'>): string {
  if (e.actor === 'system') return '系统'
  return e.actorName ? `${e.actorName}（${ACTOR_LABELS[e.actor]}）` : ACTOR_LABELS[e.actor]
}

/** 办理进度: the need's timeline as a vertical progress view, oldest step first, the current step highlighted. */
export function NeedTimeline({ events }: { events: NeedEvent[] }) {
  if (events.length === 0) return <Text className='muted timeline-empty'>暂无办理记录</Text>
  return (
    <View className='timeline'>
      {events.map((e, i) => {
        const last = i === events.length - 1
        const reopened = e.from === 'resolved' && e.to === 'in_progress'
        return (
          <View key={e.id} className={`timeline-item timeline-item-${e.to}${last ? ' is-latest' : ''}`}>
            <View className='timeline-rail'>
              <View className='timeline-dot' />
              {!last && <View className='timeline-line' />}
            </View>
            <View className='timeline-body'>
              <Text className='timeline-status'>
                {NEED_STATUS_LABELS[e.to] ?? e.to}
                {reopened ? '（重新办理）' : ''}
              </Text>
              <Text className='timeline-actor'>{actorText(e)}</Text>
              <Text className='timeline-time'>{formatDateTime(e.at)}</Text>
              {e.note ? <Text className='timeline-note'>{e.note}</Text> : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}
