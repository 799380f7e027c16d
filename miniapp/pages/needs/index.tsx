import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { NEED_CATEGORY_LABELS, NEED_STATUS_PLAIN_LABELS, type NeedFull } from '../../../core/contracts'
import { EmptyState, Loaded } from '../../components/States'
import { listMyNeeds } from '../../services/needs'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { a11y } from '../../utils/a11y'
import { formatDateTime, formatDue } from '../../utils/format'
import { usePaged } from '../../utils/useLoader'
import { canHandleNeeds } from '../../utils/roles'
import { ROUTES } from '../../utils/routes'
import { Screen } from '../../components/Screen'
import './index.scss'
import { MoreButton } from '../../components/MoreButton'

export default function MyNeedsPage() {
  const [handler, setHandler] = useState(() => canHandleNeeds(getProfile()))
  // 我的需求 is paged (newest first): a refresh keeps the list on screen, reaching the bottom loads the next page
  const list = usePaged<NeedFull>((cursor) => listMyNeeds({ cursor }), { pullDown: true, reachBottom: true })
  const { load, loadMore } = list
  const state = list.state

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setHandler(canHandleNeeds(getProfile()))
    void load()
  })

  const goCreate = () => Taro.navigateTo({ url: ROUTES.createNeed })

  return (
    <Screen className='page my-needs'>
      <Button className='btn btn-primary needs-new' onClick={goCreate}>
        ＋ 提交需求
      </Button>

      {handler && (
        <Button className='btn btn-outline needs-queue-entry' onClick={() => Taro.navigateTo({ url: ROUTES.needQueue })}>
          需求研判队列（社区工作者 / 网格员）
        </Button>
      )}

      <Loaded
        state={state}
        name='needs'
        onRetry={() => void load()}
        empty={
          <EmptyState className='needs-empty' text='还没有提交过需求'>
            <Button className='btn btn-outline needs-empty-new' onClick={goCreate}>
              提交需求
            </Button>
          </EmptyState>
        }
      >
        {(items) => (
        <View className='needs-list'>
          {items.map((need) => (
            <View
              key={need.id}
              className={`card need-item${need.overdue ? ' is-overdue' : ''}`}
              data-id={need.id}
              {...a11y('link', `${need.title}，${NEED_STATUS_PLAIN_LABELS[need.status]}，查看详情`)}
              onClick={() => Taro.navigateTo({ url: ROUTES.needDetail(need.id) })}
            >
              <View className='need-item-head'>
                <Text className='need-item-title'>{need.title}</Text>
                <View className='need-item-badges'>
                  <Text className={`status-badge status-${need.status} need-item-status`}>{NEED_STATUS_PLAIN_LABELS[need.status]}</Text>
                  {need.overdue && <Text className='overdue-tag need-item-overdue'>已超期</Text>}
                </View>
              </View>
              <Text className='need-item-ref'>受理编号 {need.refNo}</Text>
              <View className='need-item-meta'>
                <Text className='need-item-category'>{NEED_CATEGORY_LABELS[need.category] ?? need.category}</Text>
                <Text className='need-item-time'>{formatDateTime(need.createdAt)}</Text>
              </View>
              {need.dueAt && (need.status === 'triaged' || need.status === 'in_progress') && (
                <Text className={`need-item-due${need.overdue ? ' is-overdue' : ''}`}>{formatDue(need.dueAt, need.dueGoal)}</Text>
              )}
              {need.status === 'resolved' && <Text className='need-item-hint'>已解决，请为办理结果打分</Text>}
            </View>
          ))}
          {state.nextCursor ? (
            <MoreButton className='needs-more' more={state.more} onClick={() => void loadMore()} />
          ) : (
            <Text className='needs-hint muted'>下拉可以刷新</Text>
          )}
        </View>
        )}
      </Loaded>
    </Screen>
  )
}
