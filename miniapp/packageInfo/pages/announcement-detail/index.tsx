import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { ANNOUNCEMENT_STATUS_LABELS, announcementScopeLabel, type Announcement } from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import { announcementImageUrl, getAnnouncement } from '../../../services/announcements'
import { ensureLoggedIn } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { useLoader } from '../../../utils/useLoader'
import '../../components/announcements.scss'
import { Screen } from '../../../components/Screen'
import { a11y } from '../../../utils/a11y'

/** One notice: title, who it is for, who published it and when, the body with its line breaks, the photos. */
export default function AnnouncementDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { state, load } = useLoader<Announcement>(() => getAnnouncement(id))

  useDidShow(() => {
    if (ensureLoggedIn()) void load()
  })

  if (state.kind === 'loading') return <Screen className='page ann-page'><LoadingState className='ann-loading' /></Screen>
  if (state.kind === 'error') {
    return (
      <Screen className='page ann-page'>
        <ErrorState className='ann-error' message={state.message} onRetry={() => void load(true)} retryClassName='ann-retry' />
      </Screen>
    )
  }
  const a = state.data
  const urls = a.images.map(announcementImageUrl)
  return (
    <Screen className='page ann-page announcement-detail'>
      <View className='card'>
        <Text className='ann-title'>{a.title}</Text>
        <View className='ann-meta'>
          <Text className='ann-badge ann-scope'>{announcementScopeLabel(a)}</Text>
          {a.pinned && <Text className='ann-badge ann-pinned'>置顶</Text>}
          {a.status !== 'active' && <Text className={`ann-badge ann-status-${a.status}`}>{ANNOUNCEMENT_STATUS_LABELS[a.status]}</Text>}
        </View>
        <View className='ann-meta'>
          {a.authorName && <Text className='ann-author'>发布人：{a.authorName}</Text>}
          <Text className='ann-time'>{formatDateTime(a.createdAt)}</Text>
        </View>
        {a.expiresAt && <View className='ann-meta'><Text className='ann-expires'>有效期至 {formatDateTime(a.expiresAt)}</Text></View>}
        <View className='ann-body'>
          {a.body.split(/\r?\n/).map((line, i) => (
            <Text key={i} className='ann-paragraph'>{line}</Text>
          ))}
        </View>
        {urls.length > 0 && (
          <View className='ann-images'>
            {urls.map((url, i) => (
              <Image
                key={url}
                className='ann-image'
                src={url}
                mode='widthFix'
                {...a11y('button', `查看大图，第 ${i + 1} 张`)}
                onClick={() => void Taro.previewImage?.({ urls, current: urls[i] })?.catch?.(() => {})}
              />
            ))}
          </View>
        )}
      </View>
    </Screen>
  )
}
