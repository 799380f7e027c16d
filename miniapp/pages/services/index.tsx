import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useRef, useState } from 'react'
import {
  NEED_CATEGORIES,
  NEED_CATEGORY_LABELS,
  PARTNER_TYPE_LABELS,
  RESOURCE_KIND_LABELS,
  RESOURCE_PERIOD_LABELS,
  type AppRole,
  type NeedCategory,
  type Profile,
  type Resource,
  type ServiceProject,
} from '../../../core/contracts'
import { ProjectStatusBadge, starText } from '../../components/ProjectStatusBadge'
import { EmptyState, Pending } from '../../components/States'
import { me } from '../../services/auth'
import { listResources, listServices } from '../../services/services'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { a11y } from '../../utils/a11y'
import { usePaged, usePullDown, type Paged } from '../../utils/useLoader'
import { SERVICE_ROUTES } from './routes'
import { Screen } from '../../components/Screen'
import './index.scss'

type Segment = 'list' | 'resources'

/** Rows per page of both lists (the server's default; at most 100). */
const SERVICES_PAGE_SIZE = 20

const PUBLISH_ROLES: readonly AppRole[] = ['unit', 'party_member', 'talent', 'staff']
const MATCH_ROLES: readonly AppRole[] = ['staff', 'admin']

const hasAny = (profile: Profile | null, roles: readonly AppRole[]) => !!profile?.roles.some((r) => roles.includes(r))

/** The two lists in one line each, in the words of a resident (shown under the tabs). */
export const LIST_EXPLAINED = {
  list: '服务清单：社区为大家的需求找到的帮忙的人和单位，点开能看进展',
  resources: '资源清单：单位和志愿者能为社区提供的帮助，比如维修、义诊、助老',
} as const

export default function ServicesPage() {
  const [segment, setSegment] = useState<Segment>('list')
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [category, setCategory] = useState<NeedCategory | ''>('')
  const categoryRef = useRef<NeedCategory | ''>('')
  const resourcesAsked = useRef(false)

  // one paged list per segment; a failed next page says why under 加载更多
  const services = usePaged<ServiceProject>((cursor) => listServices({ cursor, limit: SERVICES_PAGE_SIZE }), { moreError: 'inline' })
  const resources = usePaged<Resource>(
    (cursor) => listResources({ category: categoryRef.current || undefined, cursor, limit: SERVICES_PAGE_SIZE }),
    { moreError: 'inline' },
  )

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    me().then(setProfile, () => undefined)
    // Coming back from a detail or a form: both lists may have changed.
    void services.load()
    if (resourcesAsked.current) void resources.load()
  })

  usePullDown(() => (segment === 'list' ? services : resources).load())

  // Infinite scroll: the end of the page asks for the next page of the segment on screen.
  useReachBottom(() => {
    void (segment === 'list' ? services : resources).loadMore()
  })

  function showSegment(next: Segment) {
    setSegment(next)
    if (next === 'resources' && !resourcesAsked.current) {
      resourcesAsked.current = true
      void resources.load()
    }
  }

  function pickCategory(next: NeedCategory | '') {
    if (next === categoryRef.current) return
    categoryRef.current = next
    setCategory(next)
    // A different filter is a different list: show loading rather than the old category's items.
    void resources.load(true)
  }

  const canPublish = hasAny(profile, PUBLISH_ROLES)
  const canClaim = hasAny(profile, ['unit'])
  const canMatch = hasAny(profile, MATCH_ROLES)

  return (
    <Screen className='page services'>
      <View className='services-segments' {...a11y('tablist')}>
        <View
          className={`services-segment services-tab-list${segment === 'list' ? ' is-active' : ''}`}
          {...a11y('tab', undefined, { selected: segment === 'list' })}
          onClick={() => showSegment('list')}
        >
          <Text>服务清单</Text>
        </View>
        <View
          className={`services-segment services-tab-resources${segment === 'resources' ? ' is-active' : ''}`}
          {...a11y('tab', undefined, { selected: segment === 'resources' })}
          onClick={() => showSegment('resources')}
        >
          <Text>资源清单</Text>
        </View>
      </View>
      <Text className={`services-explain services-explain-${segment}`}>{LIST_EXPLAINED[segment]}</Text>

      {(canPublish || canClaim || canMatch) && (
        <View className='services-entries'>
          {canMatch && (
            <Button className='btn btn-primary services-entry services-match' onClick={() => Taro.navigateTo({ url: SERVICE_ROUTES.matching })}>
              智能匹配
            </Button>
          )}
          {canClaim && (
            <Button className={`btn ${canMatch ? 'btn-outline' : 'btn-primary'} services-entry services-claim`} onClick={() => Taro.navigateTo({ url: SERVICE_ROUTES.claim })}>
              认领需求
            </Button>
          )}
          {canPublish && (
            <Button className='btn btn-outline services-entry services-publish' onClick={() => Taro.navigateTo({ url: SERVICE_ROUTES.createResource })}>
              ＋ 发布资源
            </Button>
          )}
        </View>
      )}

      {segment === 'list' ? (
        <ServiceList state={services.state} onRetry={() => void services.load()} onMore={() => void services.loadMore()} />
      ) : (
        <View>
          <View className='resource-filters' {...a11y('radiogroup', '按类别筛选资源')}>
            <View
              className={`resource-filter resource-filter-all${category === '' ? ' is-selected' : ''}`}
              {...a11y('radio', undefined, { checked: category === '' })}
              onClick={() => pickCategory('')}
            >
              <Text>全部</Text>
            </View>
            {NEED_CATEGORIES.map((key) => (
              <View
                key={key}
                className={`resource-filter resource-filter-${key}${category === key ? ' is-selected' : ''}`}
                {...a11y('radio', undefined, { checked: category === key })}
                onClick={() => pickCategory(key)}
              >
                <Text>{NEED_CATEGORY_LABELS[key]}</Text>
              </View>
            ))}
          </View>
          <ResourceList
            state={resources.state}
            filtered={category !== ''}
            onRetry={() => void resources.load()}
            onMore={() => void resources.loadMore()}
          />
        </View>
      )}
    </Screen>
  )
}

/** 加载更多 while there is a next page (disabled while it loads), 没有更多了 at the end, and a failed page's reason. */
function MoreFooter({ state, prefix, onMore }: { state: Paged<unknown>; prefix: string; onMore: () => void }) {
  return (
    <View className={`list-footer ${prefix}-footer`}>
      {state.nextCursor ? (
        <Button
          className={`btn btn-outline list-more ${prefix}-more${state.more ? ' is-disabled' : ''}`}
          disabled={state.more || undefined}
          onClick={onMore}
        >
          {state.more ? '正在加载…' : '加载更多'}
        </Button>
      ) : (
        <Text className={`list-end ${prefix}-end muted`}>没有更多了</Text>
      )}
      {state.moreError && <Text className={`form-error ${prefix}-more-error`}>{state.moreError}</Text>}
    </View>
  )
}

function ServiceList({ state, onRetry, onMore }: { state: Paged<ServiceProject>; onRetry: () => void; onMore: () => void }) {
  if (state.kind !== 'ready') return <Pending state={state} name='services' onRetry={onRetry} />
  if (state.items.length === 0) return <EmptyState className='services-empty' text='社区还没有服务项目' />
  return (
    <View className='services-list'>
      {state.items.map((p) => (
        <View key={p.id} className='card service-item' data-id={p.id} {...a11y('link')} onClick={() => Taro.navigateTo({ url: SERVICE_ROUTES.serviceDetail(p.id) })}>
          <View className='service-item-head'>
            <Text className='service-item-need'>{p.needTitle}</Text>
            <ProjectStatusBadge status={p.status} className='service-item-status' />
          </View>
          <View className='service-item-row'>
            <Text className='service-item-label'>服务资源</Text>
            <Text className='service-item-resource'>{p.resourceTitle}</Text>
          </View>
          <View className='service-item-row'>
            <Text className='service-item-label'>提供方</Text>
            <Text className='service-item-publisher'>{p.publisherName}</Text>
          </View>
          {p.rating !== null && (
            <View className='service-item-row'>
              <Text className='service-item-label'>居民评价</Text>
              <Text className='service-item-rating'>
                {starText(p.rating)} {p.rating} 星
              </Text>
            </View>
          )}
        </View>
      ))}
      <MoreFooter state={state} prefix='services' onMore={onMore} />
      <Text className='services-hint muted'>点开可以看进展，下拉可以刷新</Text>
    </View>
  )
}

function ResourceList({ state, filtered, onRetry, onMore }: {
  state: Paged<Resource>
  filtered: boolean
  onRetry: () => void
  onMore: () => void
}) {
  if (state.kind !== 'ready') return <Pending state={state} name='resources' onRetry={onRetry} />
  if (state.items.length === 0) {
    return <EmptyState className='resources-empty' text={filtered ? '这个类别还没有资源' : '社区还没有发布资源'} />
  }
  return (
    <View className='resources-list'>
      {state.items.map((r) => (
        <View key={r.id} className='card resource-item' data-id={r.id}>
          <View className='resource-item-head'>
            <Text className='resource-item-title'>{r.title}</Text>
            <Text className={`resource-kind resource-kind-label-${r.kind}`}>{RESOURCE_KIND_LABELS[r.kind] ?? r.kind}</Text>
          </View>
          <View className='service-item-row'>
            <Text className='service-item-label'>提供方</Text>
            <Text className='resource-item-publisher'>
              {r.publisherName}
              {r.partnerType ? `（${PARTNER_TYPE_LABELS[r.partnerType]}）` : ''}
              {r.mine ? ' · 我发布的' : ''}
            </Text>
          </View>
          <View className='service-item-row'>
            <Text className='service-item-label'>服务能力</Text>
            <Text className='resource-item-capacity'>
              {RESOURCE_PERIOD_LABELS[r.period]} {r.capacity} 个需求，已承接 {r.load} 个
            </Text>
          </View>
          <View className='resource-item-categories'>
            {r.categories.map((c) => (
              <Text key={c} className='resource-category-tag'>
                {NEED_CATEGORY_LABELS[c] ?? c}
              </Text>
            ))}
          </View>
          {r.description !== '' && <Text className='resource-item-description muted'>{r.description}</Text>}
          {r.contactName && (
            <Text className='resource-item-contact'>
              联系人：{r.contactName} {r.contactPhone ?? ''}
            </Text>
          )}
        </View>
      ))}
      <MoreFooter state={state} prefix='resources' onMore={onMore} />
    </View>
  )
}
