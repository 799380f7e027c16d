import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { NEED_CATEGORY_LABELS, type Proposal } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { ApiError, errorMessage } from '../../../services/errors'
import { acceptProposal, listProposals, runMatching } from '../../../services/services'
import { plainReason } from '../../utils/reasons'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { SERVICE_ROUTES } from '../../../pages/services/routes'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import { usePaged } from '../../../utils/useLoader'
import '../../components/forms.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

/** What a run found, in words: never the engine's total score or its solve time. */
type Summary = { count: number; needs: number; resources: number }

const NO_COMMUNITY = '您的账号还没有所属社区，无法运行智能匹配'

export default function MatchingPage() {
  const [summary, setSummary] = useState<Summary | null>(null)
  const [running, setRunning] = useState(false)
  const [runError, setRunError] = useState('')
  const [accepting, setAccepting] = useState<Record<string, boolean>>({})
  /** proposal id → id of the service project it became */
  const [accepted, setAccepted] = useState<Record<string, string>>({})
  const [itemErrors, setItemErrors] = useState<Record<string, string>>({})
  // Taro's disabled Button still fires on H5: re-entry guards that do not wait for a re-render.
  const runInFlight = useRef(false)
  const acceptInFlight = useRef(new Set<string>())

  const communityId = getProfile()?.communityId ?? ''

  // the open proposals one page at a time, highest score first; the next page at the bottom of the list
  const proposals = usePaged<Proposal>(async (cursor) => {
    if (!communityId) throw new ApiError(0, 'profile.no_community', NO_COMMUNITY)
    return listProposals(communityId, { cursor })
  })
  const list = proposals.state

  useDidShow(() => {
    if (ensureLoggedIn()) void proposals.load()
  })
  useReachBottom(() => {
    void proposals.loadMore()
  })

  async function run() {
    if (runInFlight.current) return
    if (!communityId) {
      setRunError(NO_COMMUNITY)
      return
    }
    runInFlight.current = true
    setRunning(true)
    setRunError('')
    try {
      const res = await runMatching(communityId)
      setSummary({ needs: res.needs, resources: res.resources, count: res.proposalCount ?? res.proposals.length })
      setAccepted({})
      setItemErrors({})
      // the run's proposals are now the open ones: their first page, from the top
      void proposals.load(true)
    } catch (err) {
      setRunError(errorMessage(err))
    } finally {
      runInFlight.current = false
      setRunning(false)
    }
  }

  async function accept(p: Proposal) {
    if (acceptInFlight.current.has(p.id) || accepted[p.id]) return
    const ok = await confirmAction({
      title: '采纳这条建议',
      content: `由「${p.resourceTitle}」（${p.publisherName}）来办「${p.needTitle}」？采纳后生成服务项目，等资源方确认。`,
      confirmText: '采纳',
    })
    if (!ok || acceptInFlight.current.has(p.id)) return
    acceptInFlight.current.add(p.id)
    setAccepting((prev) => ({ ...prev, [p.id]: true }))
    setItemErrors((prev) => ({ ...prev, [p.id]: '' }))
    try {
      const project = await acceptProposal(p.id)
      setAccepted((prev) => ({ ...prev, [p.id]: project.id }))
      void Taro.showToast({ title: '已采纳，生成服务项目', icon: 'none', duration: 2000 })
    } catch (err) {
      setItemErrors((prev) => ({ ...prev, [p.id]: errorMessage(err) }))
    } finally {
      acceptInFlight.current.delete(p.id)
      setAccepting((prev) => ({ ...prev, [p.id]: false }))
    }
  }

  return (
    <Screen className='page matching-page'>
      <Text className='muted page-intro'>
        系统把本社区待服务的需求和可用的资源（单位、志愿者能提供的帮助）一起比对，给出最合适的配对建议，并写明理由。采纳后生成服务项目，等资源方确认。
      </Text>

      <BusyButton className='matching-run' busy={running} busyText='正在匹配…' onClick={() => void run()}>
        运行智能匹配
      </BusyButton>
      {runError && <Text className='inline-error matching-error'>{runError}</Text>}

      {running && (
        <Text className='notice matching-progress' {...a11y('alert')}>
          正在匹配…系统正在把待服务的需求和可用资源逐一比对，请稍候
        </Text>
      )}

      {summary && !running && (
        <View className='card matching-summary'>
          <Text className='section-title'>本次匹配结果</Text>
          <Text className='matching-count'>
            {summary.count > 0 ? `找到 ${summary.count} 条配对建议` : '这次没有找到能配对的'}
          </Text>
          <Text className='muted matching-sizes'>
            比对了 {summary.needs} 条待服务的需求和 {summary.resources} 项可用资源
          </Text>
        </View>
      )}

      {list.kind === 'loading' && <LoadingState className='matching-loading' text='正在加载匹配建议…' />}
      {list.kind === 'error' && <ErrorState className='matching-list-error' message={list.message} onRetry={() => void proposals.load(true)} />}
      {list.kind === 'ready' && list.items.length === 0 && (
        <EmptyState
          className='matching-empty'
          text={summary ? '这次没有找到能配对的需求和资源' : '还没有待处理的匹配建议，点上面的按钮开始匹配'}
        />
      )}
      {list.kind === 'ready' && list.items.length > 0 && (
        <View className='proposal-list'>
          <Text className='section-title proposal-list-title'>
            {list.nextCursor ? '匹配建议（最合适的在前）' : `匹配建议（${list.items.length} 条）`}
          </Text>
          {list.items.map((p) => (
            <View key={p.id} className='card proposal-item' data-id={p.id}>
              <Text className='proposal-label muted'>需求</Text>
              <Text className='proposal-need'>{p.needTitle}</Text>
              <Text className='proposal-arrow muted'>↓ {NEED_CATEGORY_LABELS[p.needCategory] ?? p.needCategory}</Text>
              <Text className='proposal-label muted'>由谁来办</Text>
              <Text className='proposal-resource'>
                {p.resourceTitle}（{p.publisherName}）
              </Text>
              {p.reasons.length > 0 && (
                <View className='proposal-reasons'>
                  <Text className='proposal-reasons-title'>匹配理由</Text>
                  <View className='reason-tags'>
                    {p.reasons.map((r) => (
                      <Text key={r} className='reason-tag proposal-reason'>
                        {plainReason(r)}
                      </Text>
                    ))}
                  </View>
                </View>
              )}
              {accepted[p.id] ? (
                <View className='proposal-done'>
                  <Text className='proposal-accepted'>已采纳，已生成服务项目</Text>
                  <Button
                    className='btn btn-outline proposal-open'
                    onClick={() => Taro.navigateTo({ url: SERVICE_ROUTES.serviceDetail(accepted[p.id]) })}
                  >
                    查看服务项目
                  </Button>
                </View>
              ) : (
                <BusyButton className='proposal-accept' busy={!!accepting[p.id]} busyText='正在采纳…' onClick={() => void accept(p)}>
                  采纳
                </BusyButton>
              )}
              {itemErrors[p.id] && <Text className='inline-error proposal-error'>{itemErrors[p.id]}</Text>}
            </View>
          ))}
          {list.nextCursor ? (
            <Button
              className={`btn btn-outline list-more proposals-more${list.more ? ' is-disabled' : ''}`}
              disabled={list.more || undefined}
              onClick={() => void proposals.loadMore()}
            >
              {list.more ? '正在加载…' : '加载更多'}
            </Button>
          ) : (
            <Text className='list-end proposals-end muted'>没有更多了</Text>
          )}
        </View>
      )}
    </Screen>
  )
}
