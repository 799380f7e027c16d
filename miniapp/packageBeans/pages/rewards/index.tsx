import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { Profile, Reward } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { getMyBeans, listRewards, newIdempotencyKey, redeemReward, type RedeemResult } from '../../../services/beans'
import { archiveReward, restockReward } from '../../../services/editing'
import { errorMessage, isApiError } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { askToSubscribe, prepareSubscribe } from '../../../services/subscriptions'
import { confirmAction } from '../../../utils/confirm'
import { formatDate, formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { BEANS_ROUTES } from '../../routes'
import { creditLevelName, formatLimit } from '../../utils/labels'
import { rememberQr } from '../../utils/qr'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { MoreButton } from '../../../components/MoreButton'

interface Dialog {
  reward: Reward
  /** this tap's Idempotency-Key: resent unchanged on retry, so a retry never debits twice */
  key: string
  busy: boolean
  error?: { message: string; retryable: boolean }
  result?: RedeemResult
}

interface Restock {
  reward: Reward
  count: string
  busy: boolean
  error?: string
}

/** Network failures, timeouts and 5xx leave the outcome unknown: only then is a retry with the same key offered. */
function outcomeUnknown(err: unknown): boolean {
  return !isApiError(err) || err.status === 0 || err.status >= 500
}

/** 兑换: rewards on offer in my community (newest first, a page at a time), with price, stock and limits; redeeming asks first. */
export default function RewardsPage() {
  const list = usePaged<Reward>((cursor) => listRewards(undefined, cursor))
  const state = list.state
  /** null: it could not be loaded; the catalogue still works and the server checks the balance */
  const [balance, setBalance] = useState<number | null>(null)
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [restock, setRestock] = useState<Restock | null>(null)
  const managing = useRef(false)
  /** reward id → the key of an attempt whose outcome is unknown; a new tap of 兑换 resends it */
  const pendingKeys = useRef(new Map<string, string>())
  const inFlight = useRef(false)
  const latestBalance = useRef(0)
  const loadList = list.load

  const load = useCallback(async () => {
    const id = ++latestBalance.current
    const beans = getMyBeans({ limit: 1 }).then(
      (page) => id === latestBalance.current && setBalance(page.balance),
      () => id === latestBalance.current && setBalance(null),
    )
    await Promise.all([loadList(), beans])
  }, [loadList])

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
    void prepareSubscribe()
  })

  usePullDown(() => load())

  useReachBottom(() => void list.loadMore())

  function open(reward: Reward) {
    if (inFlight.current) return
    setDialog({ reward, key: pendingKeys.current.get(reward.id) ?? newIdempotencyKey(), busy: false })
  }

  async function confirm() {
    if (!dialog || inFlight.current || dialog.result) return
    const { reward, key } = dialog
    inFlight.current = true
    pendingKeys.current.set(reward.id, key)
    void askToSubscribe(['redemption'])
    setDialog({ ...dialog, busy: true, error: undefined })
    try {
      const result = await redeemReward(reward.id, key)
      pendingKeys.current.delete(reward.id)
      rememberQr(result.id, result.qrSvg)
      setDialog({ reward, key, busy: false, result })
      void load()
    } catch (err) {
      const retryable = outcomeUnknown(err)
      // The server answered no: nothing was debited, so the next tap may start afresh with a new key.
      if (!retryable) pendingKeys.current.delete(reward.id)
      setDialog({ reward, key, busy: false, error: { message: errorMessage(err), retryable } })
      if (!retryable) void load()
    } finally {
      inFlight.current = false
    }
  }

  function close() {
    if (inFlight.current) return
    setDialog(null)
  }

  const replace = (reward: Reward) => list.set((items) => items.map((x) => (x.id === reward.id ? reward : x)))

  async function confirmRestock() {
    if (!restock || managing.current) return
    const add = Number(restock.count.trim())
    if (restock.count.trim() === '' || !Number.isInteger(add) || add < 1) {
      setRestock({ ...restock, error: '请填写要增加的份数（正整数）' })
      return
    }
    managing.current = true
    setRestock({ ...restock, busy: true, error: undefined })
    try {
      const updated = await restockReward(restock.reward.id, add)
      replace(updated)
      setRestock(null)
      void Taro.showToast({ title: `已补充 ${add} 份`, icon: 'success', duration: 1500 })
    } catch (err) {
      setRestock({ ...restock, busy: false, error: errorMessage(err) })
    } finally {
      managing.current = false
    }
  }

  /** 下架 tells the holders of open redemptions; it asks first. */
  async function archive(reward: Reward) {
    if (managing.current) return
    const ok = await confirmAction({
      title: '下架兑换项目',
      content: `确定下架「${reward.title}」？下架后居民不能再兑换。已经兑换、还没核销的仍然有效，可以照常核销或退回，持有兑换码的居民会收到通知。`,
      confirmText: '下架',
      danger: true,
    })
    if (!ok) return
    managing.current = true
    try {
      await archiveReward(reward.id)
      list.set((items) => items.filter((x) => x.id !== reward.id))
      void Taro.showToast({ title: '已下架', icon: 'success', duration: 1500 })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      managing.current = false
    }
  }

  if (state.kind === 'loading') return <LoadingState className='rewards-loading' />
  if (state.kind === 'error') {
    return <ErrorState className='rewards-error' message={state.message} onRetry={() => void load()} retryClassName='rewards-retry' />
  }

  const canPublish = isStaff(profile) || !!profile?.roles.includes('unit')
  /** its provider, or staff of its community */
  const canManage = (r: Reward) => !!profile && (r.providerId === profile.id || (isStaff(profile) && (!profile.communityId || profile.communityId === r.communityId)))

  return (
    <Screen className='page rewards-page'>
      <View className='card rewards-balance-bar'>
        <Text className='rewards-balance-label'>我的金豆</Text>
        <Text className='rewards-balance'>{balance ?? '—'}</Text>
      </View>

      <View className='link-row'>
        <Button className='btn btn-outline rewards-go-redemptions' onClick={() => void Taro.navigateTo({ url: BEANS_ROUTES.redemptions })}>我的兑换</Button>
        <Button className='btn btn-outline rewards-go-beans' onClick={() => void Taro.navigateTo({ url: BEANS_ROUTES.beans })}>金豆明细</Button>
      </View>
      {canPublish && (
        <Button className='btn btn-outline rewards-create' onClick={() => void Taro.navigateTo({ url: BEANS_ROUTES.createReward })}>
          发布兑换项目
        </Button>
      )}

      {state.items.length === 0 && <EmptyState className='rewards-empty' text='暂时没有可兑换的项目，过几天再来看看' />}
      {state.items.map((r) => {
        const limit = formatLimit(r)
        return (
          <View key={r.id} className='card reward-item' data-id={r.id}>
            <Text className='card-title reward-title-text'>{r.title}</Text>
            <Text className='reward-cost'>{r.priceBeans} 金豆</Text>
            {r.description && <Text className='reward-description'>{r.description}</Text>}
            <View className='detail-row'>
              <Text className='detail-label'>提供方</Text>
              <Text className='detail-value reward-provider'>{r.providerName}</Text>
            </View>
            <View className='detail-row'>
              <Text className='detail-label'>剩余</Text>
              <Text className='detail-value reward-left'>{r.stock > 0 ? `${r.stock} 份` : '已兑完'}</Text>
            </View>
            {limit && (
              <View className='detail-row'>
                <Text className='detail-label'>限兑</Text>
                <Text className='detail-value reward-limit'>{limit}</Text>
              </View>
            )}
            <View className='detail-row'>
              <Text className='detail-label'>有效期</Text>
              <Text className='detail-value reward-validity'>{r.validUntil ? `至 ${formatDateTime(r.validUntil)}` : '长期有效'}</Text>
            </View>
            {r.minCreditLevel > 0 && (
              <View className='detail-row'>
                <Text className='detail-label'>信用要求</Text>
                <Text className='detail-value reward-credit'>「{creditLevelName(r.minCreditLevel)}」及以上</Text>
              </View>
            )}
            {r.stock > 0 ? (
              <Button className='btn btn-primary reward-redeem' onClick={() => open(r)}>兑换</Button>
            ) : (
              <Text className='reward-soldout'>已兑完</Text>
            )}
            {canManage(r) && (
              <View className='link-row reward-manage'>
                <Button className='btn btn-outline reward-edit' onClick={() => void Taro.navigateTo({ url: `${BEANS_ROUTES.createReward}?id=${encodeURIComponent(r.id)}` })}>
                  修改
                </Button>
                <Button className='btn btn-outline reward-restock' onClick={() => setRestock({ reward: r, count: '', busy: false })}>
                  补库存
                </Button>
                <Button className='btn btn-outline reward-archive' onClick={() => void archive(r)}>
                  下架
                </Button>
              </View>
            )}
          </View>
        )
      })}

      {state.nextCursor && (
        <MoreButton className='rewards-more' more={state.more} onClick={() => void list.loadMore()} />
      )}
      {!state.nextCursor && state.items.length > 0 && <Text className='list-end rewards-end'>没有更多了</Text>}

      {restock && (
        <ConfirmDialog
          className='restock-dialog'
          title='补充库存'
          confirmText='确认补充'
          confirmClassName='restock-confirm'
          busy={restock.busy}
          busyText='正在补充…'
          onConfirm={() => void confirmRestock()}
          dismissClassName='restock-dismiss'
          onDismiss={() => (managing.current ? undefined : setRestock(null))}
        >
          <Text className='dialog-line'>{restock.reward.title}：现有 {restock.reward.stock} 份</Text>
          <Input
            className={`form-input restock-count${restock.error ? ' has-error' : ''}`}
            type='number'
            value={restock.count}
            maxlength={6}
            placeholder='增加几份'
            placeholderClass='form-placeholder'
            onInput={(e) => setRestock((prev) => (prev ? { ...prev, count: e.detail.value, error: undefined } : prev))}
          />
          {restock.error && <Text className='field-error field-error-add'>{restock.error}</Text>}
        </ConfirmDialog>
      )}

      {dialog && <RedeemDialog dialog={dialog} balance={balance} onConfirm={() => void confirm()} onClose={close} />}
    </Screen>
  )
}

function RedeemDialog(props: { dialog: Dialog; balance: number | null; onConfirm: () => void; onClose: () => void }) {
  const { dialog, balance, onConfirm, onClose } = props
  const { reward, busy, error, result } = dialog

  if (result) {
    return (
      <ConfirmDialog
        className='redeem-dialog redeem-success'
        title='兑换成功'
        confirmText='查看我的兑换'
        confirmClassName='redeem-view'
        busy={false}
        busyText=''
        onConfirm={() => void Taro.navigateTo({ url: BEANS_ROUTES.redemptions })}
        dismissText='关闭'
        dismissClassName='redeem-dismiss'
        onDismiss={onClose}
      >
        <Text className='dialog-line'>{result.rewardTitle}</Text>
        <Text className='dialog-line'>兑换码</Text>
        <Text className='redeem-code'>{result.code}</Text>
        <Text className='dialog-line muted'>请在 {formatDate(result.expiresAt)} 前到提供方出示兑换码</Text>
      </ConfirmDialog>
    )
  }

  const short = balance !== null && balance < reward.priceBeans
  const failedForGood = !!error && !error.retryable
  const confirmText = short || failedForGood ? undefined : error ? '再试一次' : '确认兑换'
  return (
    <ConfirmDialog
      className='redeem-dialog'
      title='确认兑换'
      confirmText={confirmText}
      confirmClassName='redeem-confirm'
      busy={busy}
      busyText='正在兑换…'
      onConfirm={onConfirm}
      dismissText={confirmText ? '取消' : '知道了'}
      dismissClassName='redeem-dismiss'
      onDismiss={onClose}
    >
      <Text className='dialog-line redeem-reward'>{reward.title}</Text>
      <Text className='dialog-line'>需要 {reward.priceBeans} 个金豆</Text>
      {balance !== null && !short && (
        <Text className='dialog-line redeem-after'>
          您现有 {balance} 个，兑换后剩余 {balance - reward.priceBeans} 个
        </Text>
      )}
      {short && <Text className='redeem-short'>金豆不够：您现有 {balance} 个，还差 {reward.priceBeans - balance} 个</Text>}
      {error && <Text className='redeem-error'>{error.message}</Text>}
      {error?.retryable && <Text className='dialog-line muted'>再试一次不会重复扣金豆</Text>}
    </ConfirmDialog>
  )
}
