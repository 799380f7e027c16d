import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { INFO_ROUTES } from '../packageInfo/routes'
import { unreadCount } from '../services/inbox'
import { hasSession } from '../services/session'
import { a11y } from '../utils/a11y'
import './InboxBadge.scss'

/**
 * 消息 with the unread count; a tap opens the inbox. The count is read again every time the page shows, so coming back
 * from the inbox shows what is left. A failed count shows no number rather than an error: the entry still works.
 */
export default function InboxBadge({ className = '' }: { className?: string }) {
  const [unread, setUnread] = useState(0)
  const latest = useRef(0)

  useDidShow(() => {
    if (!hasSession()) return
    const id = ++latest.current
    unreadCount().then(
      (n) => {
        if (id === latest.current) setUnread(n)
      },
      () => undefined,
    )
  })

  const label = unread > 99 ? '99+' : String(unread)
  return (
    <View
      className={`inbox-badge ${className}`}
      {...a11y('link', unread > 0 ? `消息，${unread} 条未读` : '消息')}
      onClick={(e) => {
        e?.stopPropagation?.()
        void Taro.navigateTo({ url: INFO_ROUTES.inbox })
      }}
    >
      <Text className='inbox-badge-label'>消息</Text>
      {unread > 0 && <Text className='inbox-badge-count'>{label}</Text>}
    </View>
  )
}
