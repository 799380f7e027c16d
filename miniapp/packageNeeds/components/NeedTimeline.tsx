import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { NEED_STATUS_LABELS, NEED_STATUS_PLAIN_LABELS, type NeedActor, type NeedEvent, type NeedStoryItem, type NeedStoryLink } from '../../../core/contracts'
import { photoUrl } from '../../services/volunteers'
import { a11y } from '../../utils/a11y'
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

// Pages of other subpackages the story links to (their own routes modules live in those subpackages, which this one
// may not import at run time): packageServices/pages/detail, packageDeliberation/routes.ts.
const q = encodeURIComponent
export const STORY_LINKS: Record<NeedStoryLink['type'], { label: string; url: (id: string) => string; tab?: boolean }> = {
  service: { label: '查看服务项目', url: (id) => `/packageServices/pages/detail/index?id=${q(id)}` },
  meeting: { label: '查看议事会', url: (id) => `/packageDeliberation/pages/meeting-detail/index?id=${q(id)}` },
  resolution: { label: '查看议事决议', url: (id) => `/packageDeliberation/pages/resolution/index?id=${q(id)}` },
  // topics have no page of their own: the 议事 tab lists them
  topic: { label: '去议事看看', url: () => '/pages/deliberation/index', tab: true },
}

export function openStoryLink(link: NeedStoryLink): void {
  const target = STORY_LINKS[link.type]
  if (target.tab) void Taro.switchTab({ url: target.url(link.id) })
  else void Taro.navigateTo({ url: target.url(link.id) })
}

/**
 * 办理进度: one story per need, oldest step first, the latest highlighted. With `story` (from the server: the need's
 * steps and the service project, topic, meeting and resolution it went to, each with its link) that is what shows;
 * `events` alone (an older server answer) still draws the need's own steps, in plain words for residents (`plain`).
 */
export function NeedTimeline({ events, story, plain = false }: { events: NeedEvent[]; story?: NeedStoryItem[]; plain?: boolean }) {
  const labels = plain ? NEED_STATUS_PLAIN_LABELS : NEED_STATUS_LABELS
  if (story && story.length > 0) return <StoryTimeline story={story} />
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
                {labels[e.to] ?? e.to}
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

function StoryTimeline({ story }: { story: NeedStoryItem[] }) {
  return (
    <View className='timeline story'>
      {story.map((s, i) => {
        const last = i === story.length - 1
        const link = s.link ? STORY_LINKS[s.link.type] : null
        return (
          <View key={`${s.kind}-${s.at}-${i}`} className={`timeline-item timeline-item-${s.kind} story-item${last ? ' is-latest' : ''}`}>
            <View className='timeline-rail'>
              <View className='timeline-dot' />
              {!last && <View className='timeline-line' />}
            </View>
            <View className='timeline-body'>
              <Text className='timeline-status story-title'>{s.title}</Text>
              {s.actorName ? <Text className='timeline-actor'>{s.actorName}</Text> : null}
              <Text className='timeline-time'>{formatDateTime(s.at)}</Text>
              {s.detail ? <Text className='timeline-note story-detail'>{s.detail}</Text> : null}
              {s.photos.length > 0 && (
                <View className='story-photos'>
                  {s.photos.map((key, k) => (
                    <Image
                      key={key}
                      className='story-photo'
                      src={photoUrl(key)}
                      mode='aspectFill'
                      {...a11y('button', `查看第 ${k + 1} 张照片`)}
                      onClick={() => void Taro.previewImage({ urls: s.photos.map(photoUrl), current: photoUrl(key) })}
                    />
                  ))}
                </View>
              )}
              {s.link && link ? (
                <View className={`story-link story-link-${s.link.type}`} {...a11y('link')} onClick={() => openStoryLink(s.link!)}>
                  <Text>{link.label} ›</Text>
                </View>
              ) : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}
