import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { ADMIN_ROUTES } from '../packageAdmin/routes'
import { getProfile } from '../services/session'
import { canHandleNeeds, canManage, isStaff, isStreetAdmin } from '../utils/roles'
import { a11y } from '../utils/a11y'
import { ROUTES } from '../utils/routes'
import './DeskMenu.scss'

/** The console's side menu (issue 12 item 6): shown only in the H5 build at 1024 px and wider (see DeskMenu.scss). */
export type DeskKey = 'queue' | 'street' | 'stats' | 'admin' | 'exports'

export function deskLinks(profile = getProfile()): Array<{ key: DeskKey; label: string; url: string }> {
  if (!profile) return []
  const streetAdmin = isStreetAdmin(profile)
  const links: Array<{ key: DeskKey; label: string; url: string }> = []
  if (canHandleNeeds(profile)) links.push({ key: 'queue', label: '待办', url: ROUTES.needQueue })
  if (streetAdmin) links.push({ key: 'street', label: '街道待办', url: ROUTES.needQueueScope('street') })
  const scope = profile.communityId ? { communityId: profile.communityId } : streetAdmin && profile.streetId ? { streetId: profile.streetId } : null
  if (isStaff(profile) || streetAdmin) links.push({ key: 'stats', label: '数据看板', url: ROUTES.stats(scope ?? {}) })
  if (canManage(profile)) {
    links.push({ key: 'admin', label: '管理', url: ADMIN_ROUTES.home })
    if (scope) links.push({ key: 'exports', label: '数据导出', url: ADMIN_ROUTES.exports(scope) })
  }
  return links
}

export default function DeskMenu({ current }: { current: DeskKey }) {
  const links = deskLinks()
  if (links.length === 0) return null
  return (
    <View className='desk-menu' role='navigation' aria-label='工作台'>
      <Text className='desk-menu-title'>共治工作台</Text>
      {links.map((l) => (
        <View
          key={l.key}
          className={`desk-menu-item desk-menu-${l.key}${l.key === current ? ' is-current' : ''}`}
          {...a11y('link')}
          aria-current={l.key === current ? 'page' : undefined}
          onClick={() => {
            if (l.key !== current) void Taro.redirectTo({ url: l.url })
          }}
        >
          <Text>{l.label}</Text>
        </View>
      ))}
    </View>
  )
}

/** The menu beside a page's content: a row at 1024 px and wider on H5, unchanged on phones. */
export function DeskLayout({ current, children }: { current: DeskKey; children: ReactNode }) {
  return (
    <View className='desk-layout'>
      <DeskMenu current={current} />
      {children}
    </View>
  )
}
