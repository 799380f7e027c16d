import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { Redemption } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { cancelRedemption, listMyRedemptions } from '../../../services/beans'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { QrImage } from '../../components/QrImage'
import { BEANS_ROUTES } from '../../routes'
import { REDEMPTION_STATUS_LABELS } from '../../utils/labels'
import { recallQr } from '../../utils/qr'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { MoreButton } from '../../../components/MoreButton'

interface Cancelling {
  item: Redemption
  busy: boolean
  error?: string
}

/** 我的兑换: every redemption with its status, newest first, a page at a time; a reserved one shows the pickup code, its QR and 取消兑换. */
export default function RedemptionsPage() {
  const list = usePaged<Redemption>((cursor) => listMyRedemptions(cursor))
  const state = list.state
  const load = list.load
  const [cancelling, setCancelling] = useState<Cancelling | null>(null)
  const inFlight = useRef(false)

  useDidShow(() => {
    if (ensureLoggedIn()) void load()
  })

  usePullDown(() => load())

  useReachBottom(() => void list.loadMore())

  async function confirmCancel() {
    if (!cancelling || inFlight.current) return
    const { item } = cancelling
    inFlight.current = true
    setCancelling({ item, busy: true })
    try {
      const updated = await cancelRedemption(item.id)
      // a newer load may have started meanwhile; it will agree, but the answer in hand is shown at once
      list.set((items) => items.map((x) => (x.id === updated.id ? updated : x)))
      setCancelling(null)
      void Taro.showToast({ title: `已取消，${updated.priceBeans} 个金豆已退回`, icon: 'none', duration: 2500 })
    } catch (err) {
      setCancelling({ item, busy: false, error: errorMessage(err) })
      void load()
    } finally {
      inFlight.current = false
    }
  }

  if (state.kind === 'loading') return <LoadingState className='redemptions-loading' />
  if (state.kind === 'error') {
    return <ErrorState className='redemptions-error' message={state.message} onRetry={() => void load()} retryClassName='redemptions-retry' />
  }

  return (
    <Screen className='page redemptions-page'>
      {state.items.length === 0 && (
        <EmptyState className='redemptions-empty' text='您还没有兑换过'>
          <Button className='btn btn-primary redemptions-go-rewards' onClick={() => void Taro.navigateTo({ url: BEANS_ROUTES.rewards })}>
            去兑换
          </Button>
        </EmptyState>
      )}
      {state.items.map((r) => {
        const reserved = r.status === 'reserved'
        const qr = reserved ? recallQr(r.id) : null
        return (
          <View key={r.id} className={`card redemption-item redemption-${r.status}`} data-id={r.id}>
            <View className='redemption-head'>
              <Text className='card-title'>{r.rewardTitle}</Text>
              <Text className={`pill pill-${r.status} redemption-status`}>{REDEMPTION_STATUS_LABELS[r.status] ?? r.status}</Text>
            </View>
            <View className='detail-row'>
              <Text className='detail-label'>花费</Text>
              <Text className='detail-value'>{r.priceBeans} 个金豆</Text>
            </View>
            <View className='detail-row'>
              <Text className='detail-label'>兑换时间</Text>
              <Text className='detail-value'>{formatDateTime(r.createdAt)}</Text>
            </View>
            {r.status === 'verified' && r.verifiedAt && (
              <View className='detail-row'>
                <Text className='detail-label'>核销时间</Text>
                <Text className='detail-value redemption-verified-at'>{formatDateTime(r.verifiedAt)}</Text>
              </View>
            )}
            {(r.status === 'cancelled' || r.status === 'expired') && <Text className='muted detail-row'>金豆已退回</Text>}

            {reserved && r.code && (
              <View className='redemption-pickup'>
                <Text className='redemption-code-label'>兑换码（给提供方看）</Text>
                <Text className='redemption-code'>{r.code}</Text>
                {qr ? <QrImage svg={qr} className='redemption-qr' /> : <Text className='redemption-qr-missing'>出示兑换码即可核销</Text>}
                <Text className='redemption-expiry'>请在 {formatDateTime(r.expiresAt)} 前使用，过期金豆自动退回</Text>
              </View>
            )}
            {reserved && (
              <Button className='btn btn-outline redemption-cancel' onClick={() => !inFlight.current && setCancelling({ item: r, busy: false })}>
                取消兑换
              </Button>
            )}
          </View>
        )
      })}

      {state.nextCursor && (
        <MoreButton className='redemptions-more' more={state.more} onClick={() => void list.loadMore()} />
      )}
      {!state.nextCursor && state.items.length > 0 && <Text className='list-end redemptions-end'>没有更多了</Text>}

      {cancelling && (
        <ConfirmDialog
          className='redemption-cancel-dialog'
          title='确定取消这次兑换吗？'
          confirmText='确定取消'
          confirmClassName='redemption-cancel-confirm'
          busy={cancelling.busy}
          busyText='正在取消…'
          onConfirm={() => void confirmCancel()}
          dismissText='不取消'
          dismissClassName='redemption-cancel-dismiss'
          onDismiss={() => !inFlight.current && setCancelling(null)}
        >
          <Text className='dialog-line'>{cancelling.item.rewardTitle}</Text>
          <Text className='dialog-line'>取消后 {cancelling.item.priceBeans} 个金豆会退回给您，兑换码作废。</Text>
          {cancelling.error && <Text className='inline-error redemption-cancel-error'>{cancelling.error}</Text>}
        </ConfirmDialog>
      )}
    </Screen>
  )
}
