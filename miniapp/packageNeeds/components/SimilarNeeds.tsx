import { Button, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { NEED_TITLE_MIN, type FollowNeedResponse, type SimilarNeed } from '../../../core/contracts'
import { StatusBadge } from '../../components/StatusBadge'
import { errorMessage } from '../../services/errors'
import './SimilarNeeds.scss'

export const SIMILAR_DEBOUNCE_MS = 500

export interface SimilarNeedsProps {
  microGridId: string | null | undefined
  title: string
  search: (microGridId: string, title: string) => Promise<SimilarNeed[]>
  follow: (id: string) => Promise<FollowNeedResponse>
  delayMs?: number
}

/**
 * "附近已有相似需求": while a person types a title, open needs in the same micro-grid with a similar title are
 * offered so they can follow one (关注/+1) instead of filing the same thing again. Advisory only: a failed
 * look-up shows nothing, and submitting is never blocked.
 */
export function SimilarNeeds({ microGridId, title, search, follow, delayMs = SIMILAR_DEBOUNCE_MS }: SimilarNeedsProps) {
  const [items, setItems] = useState<SimilarNeed[]>([])
  const [busyId, setBusyId] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const seq = useRef(0)
  const following = useRef(false)
  const query = title.trim()

  useEffect(() => {
    const id = ++seq.current
    if (!microGridId || query.length < NEED_TITLE_MIN) {
      setItems([])
      return
    }
    const timer = setTimeout(() => {
      search(microGridId, query).then(
        (found) => {
          if (id === seq.current) setItems(found)
        },
        () => {
          if (id === seq.current) setItems([])
        },
      )
    }, delayMs)
    return () => clearTimeout(timer)
  }, [microGridId, query, search, delayMs])

  async function handleFollow(item: SimilarNeed) {
    if (following.current || item.mine || item.following) return
    following.current = true
    setBusyId(item.id)
    setErrors((prev) => ({ ...prev, [item.id]: '' }))
    try {
      const res = await follow(item.id)
      setItems((prev) => prev.map((x) => (x.id === res.id ? { ...x, followers: res.followers, following: res.following } : x)))
    } catch (err) {
      setErrors((prev) => ({ ...prev, [item.id]: errorMessage(err) }))
    } finally {
      following.current = false
      setBusyId(null)
    }
  }

  if (items.length === 0) return null

  return (
    <View className='similar-needs'>
      <Text className='similar-needs-title'>附近已有相似需求</Text>
      <Text className='similar-needs-hint'>如果是同一件事，点“+1 关注”就能一起跟进办理进度，不用重复提交。</Text>
      {items.map((item) => (
        <View key={item.id} className='similar-item' data-id={item.id}>
          <View className='similar-item-main'>
            <Text className='similar-item-title'>{item.title}</Text>
            <View className='similar-item-meta'>
              <StatusBadge status={item.status} className='similar-item-status' />
              <Text className='similar-item-followers'>{item.followers} 人关注</Text>
            </View>
            {errors[item.id] ? <Text className='field-error similar-error'>{errors[item.id]}</Text> : null}
          </View>
          {item.mine ? (
            <Text className='similar-item-tag similar-mine'>您提交的</Text>
          ) : item.following ? (
            <Text className='similar-item-tag similar-following'>已关注</Text>
          ) : (
            <Button
              className={`btn btn-outline similar-follow${busyId === item.id ? ' is-disabled' : ''}`}
              disabled={busyId === item.id || undefined}
              onClick={() => void handleFollow(item)}
            >
              {busyId === item.id ? '关注中…' : '+1 关注'}
            </Button>
          )}
        </View>
      ))}
    </View>
  )
}
