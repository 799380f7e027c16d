import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Post } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { a11y } from '../../utils/a11y'
import { ROUTES } from '../../utils/routes'
import { remaining } from '../utils/posts'

export type SlotResult = { kind: 'idle' } | { kind: 'claimed' } | { kind: 'error'; message: string; needsRegistration: boolean }

export interface SlotRowProps {
  slot: Post['slots'][number]
  time: string
  ended: boolean
  volunteer: boolean
  busy: boolean
  result: SlotResult
  onClaim: () => void
}

/** Why a slot cannot be claimed, in the words on its button; null when it can. */
export function claimBlock(slot: Post['slots'][number], opts: { ended: boolean; volunteer: boolean }): { label: string; reason: string } | null {
  if (slot.mine) return { label: '已认领', reason: '您已认领这个时段，到岗后在“我的服务”里签到' }
  if (opts.ended) return { label: '已结束', reason: '这个时段已经结束了' }
  if (remaining(slot) === 0) return { label: '名额已满', reason: '这个时段的名额已满，可以看看其他时段' }
  if (!opts.volunteer) return { label: '报到后可认领', reason: '请先完成志愿者报到，审核通过后就能认领' }
  return null
}

/** One time slot of a post: places left and the 认领 button, or why it is not offered. */
export function SlotRow({ slot, time, ended, volunteer, busy, result, onClaim }: SlotRowProps) {
  const block = claimBlock(slot, { ended, volunteer })
  const left = remaining(slot)
  return (
    <View className={`slot-item${slot.mine ? ' is-mine' : ''}`} data-id={slot.id}>
      <View className='slot-head'>
        <Text className='slot-time'>{time}</Text>
        <Text className='slot-remaining'>
          剩余名额 {left} / {slot.capacity}
        </Text>
      </View>
      {block ? (
        <View>
          <Button className='btn btn-muted slot-claim is-disabled' disabled>
            {block.label}
          </Button>
          <Text className='slot-reason muted'>{block.reason}</Text>
        </View>
      ) : (
        <BusyButton className='slot-claim' busy={busy} busyText='正在认领…' onClick={onClaim}>
          认领
        </BusyButton>
      )}
      {(slot.mine || result.kind === 'claimed') && (
        <Text className='link-text slot-to-shifts' {...a11y('link')} onClick={() => Taro.navigateTo({ url: ROUTES.shifts })}>
          {result.kind === 'claimed' ? '认领成功！去“我的服务”查看 ›' : '去“我的服务”签到 ›'}
        </Text>
      )}
      {result.kind === 'error' && (
        <View>
          <Text className='alert slot-error'>{result.message}</Text>
          {result.needsRegistration && (
            <Text className='link-text slot-register' {...a11y('link')} onClick={() => Taro.navigateTo({ url: ROUTES.register })}>
              去报到 ›
            </Text>
          )}
        </View>
      )}
    </View>
  )
}
