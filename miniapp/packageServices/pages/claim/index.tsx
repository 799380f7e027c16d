import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { NEED_CATEGORY_LABELS, NEED_URGENCY_LABELS, type NeedUrgency, type Resource } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { EmptyState, Pending } from '../../../components/States'
import { archiveResource } from '../../../services/editing'
import { errorMessage } from '../../../services/errors'
import { claimService, listAllResources, listClaimable, type ClaimableNeed } from '../../../services/services'
import { ensureLoggedIn } from '../../../services/session'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import { useDraft } from '../../../utils/draft'
import { formatDateTime } from '../../../utils/format'
import { revealFirstError } from '../../../utils/formErrors'
import { usePaged, type Page } from '../../../utils/useLoader'
import { SERVICE_ROUTES } from '../../../pages/services/routes'
import '../../components/forms.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

const urgencyLabel = (u: string) => NEED_URGENCY_LABELS[u as NeedUrgency] ?? u

/** A unit claims needs for its resources (双向认领, the unit's side); the community confirms afterwards. */
export default function ClaimPage() {
  // the needs a page at a time; my resources come with the first page (a next page keeps them)
  const list = usePaged<ClaimableNeed, Page<ClaimableNeed> & { resources?: Resource[] }>(
    async (cursor) => {
      if (cursor) return listClaimable(cursor)
      const [page, resources] = await Promise.all([listClaimable(), listAllResources({ mine: true })])
      return { ...page, resources }
    },
    { show: ensureLoggedIn, pullDown: true, reachBottom: true },
  )
  const { load, loadMore } = list
  /** need id → the resource chosen for it (needed only when several of the unit's resources fit) */
  const [chosen, setChosen] = useState<Record<string, string>>({})
  const [claiming, setClaiming] = useState<Record<string, boolean>>({})
  /** need id → id of the service project the claim became */
  const [claimed, setClaimed] = useState<Record<string, string>>({})
  const [itemErrors, setItemErrors] = useState<Record<string, { message: string; field?: string }>>({})
  const inFlight = useRef(new Set<string>())
  const archiving = useRef(false)
  // the resource picked for each need survives leaving the page (cleared once a claim goes through)
  const draft = useDraft<Record<string, string>>('claim:chosen', chosen, setChosen, { isEmpty: (v) => Object.keys(v).length === 0 })

  async function claim(need: ClaimableNeed) {
    if (inFlight.current.has(need.id) || claimed[need.id]) return
    const resourceId = need.resourceIds.length === 1 ? need.resourceIds[0] : chosen[need.id]
    if (!resourceId) {
      setItemErrors((prev) => ({ ...prev, [need.id]: { message: '请先选择用哪项资源来认领', field: 'resourceId' } }))
      void revealFirstError()
      return
    }
    inFlight.current.add(need.id)
    setClaiming((prev) => ({ ...prev, [need.id]: true }))
    setItemErrors((prev) => ({ ...prev, [need.id]: { message: '' } }))
    try {
      const project = await claimService({ needId: need.id, resourceId })
      setClaimed((prev) => ({ ...prev, [need.id]: project.id }))
      setChosen((prev) => {
        const { [need.id]: _done, ...rest } = prev
        if (Object.keys(rest).length === 0) draft.clear()
        return rest
      })
      void Taro.showToast({ title: '认领成功，等社区确认', icon: 'none', duration: 2000 })
    } catch (err) {
      const field = (err as { field?: string }).field
      setItemErrors((prev) => ({ ...prev, [need.id]: { message: errorMessage(err), field } }))
    } finally {
      inFlight.current.delete(need.id)
      setClaiming((prev) => ({ ...prev, [need.id]: false }))
    }
  }

  /** 下架 one of my resources: asked first, since staff and residents stop seeing it. */
  async function archive(resource: Resource) {
    if (archiving.current) return
    const ok = await confirmAction({
      title: '下架资源',
      content: `下架“${resource.title}”？下架后不再展示，也不再参与匹配和认领；已经确认的服务项目照常进行。`,
      confirmText: '下架',
      danger: true,
    })
    if (!ok) return
    archiving.current = true
    try {
      await archiveResource(resource.id)
      list.setPage((prev) => ({ ...prev, resources: prev.resources?.filter((r) => r.id !== resource.id) }))
      void Taro.showToast({ title: '已下架', icon: 'success', duration: 1500 })
      void load()
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      archiving.current = false
    }
  }

  const state = list.state
  if (state.kind !== 'ready') return <Pending state={state} name='claimable' onRetry={() => void load()} />
  const resources = state.page?.resources ?? []

  const titles = new Map(resources.map((r) => [r.id, r.title]))
  const title = (id: string) => titles.get(id) ?? '我的资源'

  if (resources.length === 0) {
    return (
      <Screen className='page claim-page'>
        <EmptyState className='claimable-no-resources' text='您还没有发布资源，发布后才能认领需求'>
          <Button className='btn btn-primary claimable-publish' onClick={() => Taro.navigateTo({ url: SERVICE_ROUTES.createResource })}>
            发布资源
          </Button>
        </EmptyState>
      </Screen>
    )
  }

  return (
    <Screen className='page claim-page'>
      <View className='card my-resources'>
        <Text className='section-title my-resources-title'>我的资源</Text>
        {resources.map((r) => (
          <View key={r.id} className='my-resource' data-id={r.id}>
            <Text className='detail-value my-resource-title'>
              {r.title}（每{r.period === 'week' ? '周' : '月'}可服务 {r.capacity} 个，进行中 {r.load} 个）
            </Text>
            <View className='claimable-actions'>
              <Button className='btn btn-outline my-resource-edit' onClick={() => void Taro.navigateTo({ url: `${SERVICE_ROUTES.createResource}?id=${encodeURIComponent(r.id)}` })}>
                修改
              </Button>
              <Button className='btn btn-outline my-resource-archive' onClick={() => void archive(r)}>
                下架
              </Button>
            </View>
          </View>
        ))}
      </View>
      <Text className='muted page-intro'>下面是您的资源能服务的居民需求。认领后，社区工作者确认即可开始服务。</Text>
      {state.items.length === 0 && <EmptyState className='claimable-empty' text='暂时没有您的资源能服务的需求' />}
      {state.items.map((need) => {
        const err = itemErrors[need.id]
        const several = need.resourceIds.length > 1
        return (
          <View key={need.id} className='card claimable-item' data-id={need.id}>
            <Text className='claimable-title'>{need.title}</Text>
            <View className='detail-row'>
              <Text className='detail-label'>类别</Text>
              <Text className='detail-value claimable-category'>{NEED_CATEGORY_LABELS[need.category] ?? need.category}</Text>
            </View>
            <View className='detail-row'>
              <Text className='detail-label'>紧急程度</Text>
              <Text className='detail-value claimable-urgency'>{urgencyLabel(need.urgency)}</Text>
            </View>
            {need.microGridName && (
              <View className='detail-row'>
                <Text className='detail-label'>位置</Text>
                <Text className='detail-value claimable-place'>{need.microGridName}</Text>
              </View>
            )}
            <View className='detail-row'>
              <Text className='detail-label'>提出时间</Text>
              <Text className='detail-value'>{formatDateTime(need.createdAt)}</Text>
            </View>

            {claimed[need.id] ? (
              <View className='claimable-done'>
                <Text className='claimable-claimed'>已认领，等待社区确认</Text>
                <Button className='btn btn-outline claim-open' onClick={() => Taro.navigateTo({ url: SERVICE_ROUTES.serviceDetail(claimed[need.id]) })}>
                  查看服务项目
                </Button>
              </View>
            ) : (
              <View className='claimable-actions'>
                {several ? (
                  <View className='claim-resources form-field'>
                    <Text className='claim-resources-label'>用哪项资源认领：</Text>
                    <View className='chip-grid'>
                      {need.resourceIds.map((rid) => (
                        <View
                          key={rid}
                          className={`chip chip-wide claim-resource claim-resource-${rid}${chosen[need.id] === rid ? ' is-selected' : ''}`}
                          {...a11y('radio', undefined, { checked: chosen[need.id] === rid })}
                          onClick={() => {
                            setChosen((prev) => ({ ...prev, [need.id]: rid }))
                            setItemErrors((prev) => ({ ...prev, [need.id]: { message: '' } }))
                          }}
                        >
                          <Text>{title(rid)}</Text>
                        </View>
                      ))}
                    </View>
                  </View>
                ) : (
                  <Text className='claim-resource-single muted'>用“{title(need.resourceIds[0])}”认领</Text>
                )}
                <BusyButton className='claim-button' busy={!!claiming[need.id]} busyText='正在认领…' onClick={() => void claim(need)}>
                  认领
                </BusyButton>
              </View>
            )}
            {err?.message && (
              <Text className={`inline-error claim-error${err.field ? ` field-error field-error-${err.field}` : ''}`}>{err.message}</Text>
            )}
          </View>
        )
      })}
      {state.nextCursor && (
        <Button className='btn btn-outline claimable-more' disabled={state.more || undefined} onClick={() => void loadMore()}>
          {state.more ? '正在加载…' : '加载更多'}
        </Button>
      )}
    </Screen>
  )
}
