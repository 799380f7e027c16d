import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { BEAN_TRANSFER_KIND_LABELS, type Profile } from '../../../../core/contracts'
import { EmptyState, Pending } from '../../../components/States'
import { getMyBeans, type BeanMovement } from '../../../services/beans'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { usePaged, type Page } from '../../../utils/useLoader'
import { BEANS_ROUTES } from '../../routes'
import { formatAmount } from '../../utils/labels'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

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
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  // the balance comes with each page; a failed next page says why under 加载更多
  const list = usePaged<BeanMovement, Page<BeanMovement> & { balance: number }>(
    async (cursor) => {
      const page = await (cursor ? getMyBeans({ cursor }) : getMyBeans())
      return { items: page.movements, nextCursor: page.nextCursor, balance: page.balance }
    },
    { pullDown: true, reachBottom: true, moreError: 'inline' },
  )
  const { load, loadMore } = list

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
  })

  const state = list.state
  if (state.kind !== 'ready') return <Pending state={state} name='beans' onRetry={() => void load()} />

  const roles = profile?.roles ?? []
  const staff = isStaff(profile)
  const provider = staff || roles.includes('unit')

  return (
    <Screen className='page beans-page'>
      <View className='card beans-hero'>
        <Text className='beans-hero-label'>我的金豆</Text>
        <Text className='beans-balance'>{state.page?.balance}</Text>
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
        {state.items.length === 0 && <EmptyState className='beans-empty' text='还没有金豆记录，参加志愿服务就能获得金豆' />}
        {state.items.map((m) => (
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
          <Button className={`btn btn-outline beans-more${state.more ? ' is-disabled' : ''}`} onClick={() => void loadMore()}>
            {state.more ? '正在加载…' : '加载更多'}
          </Button>
        )}
        {state.moreError && <Text className='inline-error beans-more-error'>{state.moreError}</Text>}
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
