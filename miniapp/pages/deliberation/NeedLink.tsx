import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { a11y } from '../../utils/a11y'
import './NeedLink.scss'

/** The need's page (packageNeeds), by id: the id travels in the link only, the person reads the 受理编号. */
export const NEED_DETAIL_URL = (needId: string) => `/packageNeeds/pages/detail/index?id=${encodeURIComponent(needId)}`

export interface NeedRef {
  needId: string | null
  needRefNo: string | null
  needVisible: boolean
}

/**
 * 来自需求 HP-20261128-0042: where a topic, the meeting that discusses it or the resolution voted on it came from.
 * A link to the need for those who may open it (its owner, the staff and workers who handle it, its followers), the
 * number as plain text for everyone else, so nobody taps into a page that refuses them.
 */
export function NeedLink({ source, className = '' }: { source: NeedRef; className?: string }) {
  const { needId, needRefNo, needVisible } = source
  if (!needId || !needRefNo) return null
  if (!needVisible) {
    return (
      <View className={`need-ref ${className}`}>
        <Text className='need-ref-text'>来自居民需求 {needRefNo}</Text>
      </View>
    )
  }
  return (
    <View
      className={`need-ref need-ref-link ${className}`}
      {...a11y('link', `查看来源需求 ${needRefNo}`)}
      onClick={(e) => {
        // inside a card that opens something else (a meeting), this tap opens the need only
        e.stopPropagation?.()
        void Taro.navigateTo({ url: NEED_DETAIL_URL(needId) })
      }}
    >
      <Text className='need-ref-text'>来自需求 {needRefNo}</Text>
      <Text className='need-ref-arrow'>查看 ›</Text>
    </View>
  )
}
