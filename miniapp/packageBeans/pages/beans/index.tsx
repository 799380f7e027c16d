import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { BEAN_TRANSFER_KIND_LABELS, type Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { getMyBeans, type BeanMovement } from '../../../services/beans'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { BEANS_ROUTES } from '../../routes'
import { formatAmount } from '../../utils/labels'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

type PageState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; balance: number; movements: BeanMovement[]; nextCursor: string | null }

/** How beans are earned: the earning rules of issue 6, in the words a resident uses. */
const HOW_TO_EARN = [
  ['志愿服务', '认领服务岗位并到岗服务，社区确认时长后，按“时长 × 岗位的金豆标准”发放'],
  ['需求办结评价', '您提出的需求办结后，您做了评价，就能获得金豆'],
  ['推荐能人', '您推荐的社区能人通过审核后获得金豆'],
  ['参加议事', '参加社区议事会也能获得金豆'],
  ['社区奖励', '社区工作者会为您的其他贡献发放金豆'],
] as const

const go = (url: string) => void Taro.navigateTo({ url })

/** 金豆: the balance, how it was earned and spent, and how to earn more. */
export default function BeansPage() {
  const [state, setState] = useState<PageState>({ kind: 'loading' })
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState('')
  const latest = useRef(0)
  const moreInFlight = useRef(false)
  const shown = useRef(false)

  const load = useCallback(async () => {
    const id = ++latest.current
    setState((prev) => (prev.kind === 'ready' ? prev : { kind: 'loading' }))
    setMoreError('')
    try {
      const page = await getMyBeans()
      if (id !== latest.current) return
      shown.current = true
      setState({ kind: 'ready', balance: page.balance, movements: page.movements, nextCursor: page.nextCursor })
    } catch (err) {
      if (id !== latest.current) return
      // A failed refresh keeps what is on screen and says why in a toast.
      if (shown.current) void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
      else setState({ kind: 'error', message: errorMessage(err) })
    }
  }, [])

  async function loadMore() {
    if (state.kind !== 'ready' || !state.nextCursor || moreInFlight.current) return
    moreInFlight.current = true
    const id = latest.current
    setLoadingMore(true)
    setMoreError('')
    try {
      const page = await getMyBeans({ cursor: state.nextCursor })
      // a refresh started meanwhile replaces the list; this older page no longer fits it
      if (id !== latest.current) return
      setState((prev) => {
        if (prev.kind !== 'ready') return prev
        const seen = new Set(prev.movements.map((m) => m.id))
        return { kind: 'ready', balance: page.balance, movements: [...prev.movements, ...page.movements.filter((m) => !seen.has(m.id))], nextCursor: page.nextCursor }
      })
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      moreInFlight.current = false
      setLoadingMore(false)
    }
  }

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    void loadMore()
  })

  if (state.kind === 'loading') return <LoadingState className='beans-loading' />
  if (state.kind === 'error') {
    return <ErrorState className='beans-error' message={state.message} onRetry={() => void load()} retryClassName='beans-retry' />
  }

  const roles = profile?.roles ?? []
  const staff = isStaff(profile)
  const provider = staff || roles.includes('unit')

  return (
    <Screen className='page beans-page'>
      <View className='card beans-hero'>
        <Text className='beans-hero-label'>我的金豆</Text>
        <Text className='beans-balance'>{state.balance}</Text>
        <Text className='beans-unit'>个</Text>
      </View>

      <View className='link-row'>
        <Button className='btn btn-primary beans-go-rewards' onClick={() => go(BEANS_ROUTES.rewards)}>去兑换</Button>
        <Button className='btn btn-outline beans-go-redemptions' onClick={() => go(BEANS_ROUTES.redemptions)}>我的兑换</Button>
        <Button className='btn btn-outline beans-go-credit' onClick={() => go(BEANS_ROUTES.credit)}>我的信用</Button>
        {provider && <Button className='btn btn-outline beans-go-verify' onClick={() => go(BEANS_ROUTES.verify)}>核销兑换码</Button>}
        {staff && <Button className='btn btn-outline beans-go-award' onClick={() => go(BEANS_ROUTES.award())}>发放金豆</Button>}
      </View>

      <View className='card beans-history'>
        <Text className='section-title'>收支明细</Text>
        {state.movements.length === 0 && <EmptyState className='beans-empty' text='还没有金豆记录，参加志愿服务就能获得金豆' />}
        {state.movements.map((m) => (
          <View key={m.id} className='beans-item' data-id={m.id}>
            <View className='beans-item-main'>
              <Text className='beans-kind'>{BEAN_TRANSFER_KIND_LABELS[m.kind] ?? m.kind}</Text>
              {m.reason && <Text className='beans-reason'>{m.reason}</Text>}
              <Text className='beans-time'>{formatDateTime(m.at)}</Text>
            </View>
            <View className='beans-item-side'>
              <Text className={`beans-amount ${m.amount >= 0 ? 'amount-plus' : 'amount-minus'}`}>{formatAmount(m.amount)}</Text>
              <Text className='beans-after'>余额 {m.balanceAfter}</Text>
            </View>
          </View>
        ))}
        {state.nextCursor && (
          <Button className={`btn btn-outline beans-more${loadingMore ? ' is-disabled' : ''}`} onClick={() => void loadMore()}>
            {loadingMore ? '正在加载…' : '加载更多'}
          </Button>
        )}
        {moreError && <Text className='inline-error beans-more-error'>{moreError}</Text>}
      </View>

      <View className='card beans-how'>
        <Text className='section-title'>如何获得金豆</Text>
        {HOW_TO_EARN.map(([title, text]) => (
          <Text key={title} className='beans-how-item'>
            <Text className='beans-how-title'>{title}：</Text>
            {text}
          </Text>
        ))}
        <Text className='beans-how-item muted'>金豆可以在“去兑换”里换理发、家电维修、体检等服务和物品。</Text>
      </View>
    </Screen>
  )
}
