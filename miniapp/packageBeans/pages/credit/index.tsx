import { Button, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useCallback } from 'react'
import { CREDIT_LEVELS, CREDIT_PART_MAX } from '../../../../core/beans/credit'
import { Pending } from '../../../components/States'
import { getHonourRoll, getMyCredit, type Credit, type HonourRollEntry } from '../../../services/beans'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { useLoader, usePaged, usePullDown } from '../../../utils/useLoader'
import { currentMonth } from '../../utils/labels'
import '../../components/beans.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'

// The score, its parts and the explanation lines come from the database's terms (api/credit/me.ts): the page
// recomputes nothing, so what it shows is the score that decides a reward's credit requirement.
const CONTRIBUTION_MAX = CREDIT_PART_MAX.contribution
const INTEGRITY_MAX = CREDIT_PART_MAX.integrity
/** 光荣榜: the top ten first, the rest on request */
const HONOUR_PAGE = 10

function Bar(props: { name: string; value: number; max: number; hint: string; className: string }) {
  const pct = Math.max(0, Math.min(100, Math.round((props.value / props.max) * 100)))
  return (
    <View className={`credit-bar ${props.className}`}>
      <View className='credit-bar-head'>
        <Text>{props.name}</Text>
        <Text className='credit-bar-value'>
          {props.value} / {props.max}
        </Text>
      </View>
      <View className='credit-track'>
        <View className={`credit-fill credit-fill-${props.className.replace('credit-', '')}`} style={{ width: `${pct}%` }} />
      </View>
      <Text className='credit-bar-hint'>{props.hint}</Text>
    </View>
  )
}

/** 信用: my community credit score, its two parts, and the lines that explain how it was made. */
export default function CreditPage() {
  const credit = useLoader<Credit>(() => getMyCredit())
  // the honour roll is extra: shown once loaded, its failure does not spoil the page; ten people at a time
  const honour = usePaged<HonourRollEntry>((cursor) => getHonourRoll(getProfile()?.communityId ?? '', currentMonth(), { cursor, limit: HONOUR_PAGE }))
  const loadCredit = credit.load
  const loadHonour = honour.load

  const load = useCallback(() => {
    if (getProfile()?.communityId) void loadHonour()
    return loadCredit()
  }, [loadCredit, loadHonour])

  useDidShow(() => {
    if (ensureLoggedIn()) void load()
  })
  usePullDown(load)

  const state = credit.state
  if (state.kind !== 'ready') return <Pending state={state} name='credit' onRetry={() => void load()} />

  const c = state.data
  const next = CREDIT_LEVELS.find((l) => l.level === c.level + 1)

  return (
    <Screen className='page credit-page'>
      <View className='card credit-hero'>
        <Text className='section-title'>我的社区信用</Text>
        <Text className='credit-score'>{c.score}</Text>
        <Text className='credit-of'>满分 100</Text>
        <Text className='credit-level'>{c.levelName}</Text>
        {next && <Text className='credit-bar-hint credit-next'>再得 {next.min - c.score} 分升为「{next.name}」</Text>}
      </View>

      <View className='card'>
        <Bar name='贡献' value={c.contribution} max={CONTRIBUTION_MAX} className='credit-contribution'
          hint={`近 12 个月获得 ${c.inputs.beans12m} 个金豆，服务 ${c.inputs.hours12m} 小时`} />
        <Bar name='诚信' value={c.integrity} max={INTEGRITY_MAX} className='credit-integrity'
          hint={`未到岗 ${c.inputs.noShows} 次，临时取消 ${c.inputs.lateCancels} 次${c.inputs.avgRating === null ? '' : `，评价平均 ${c.inputs.avgRating} 星`}`} />
      </View>

      <View className='card credit-explanation'>
        <Text className='section-title'>分数是怎么算的</Text>
        {c.explanation.map((line, i) => (
          <Text key={i} className='credit-explanation-line'>
            {line}
          </Text>
        ))}
        <Text className='credit-explanation-line muted'>有的兑换项目要求一定的信用等级。按时到岗、认真服务，信用就会越来越高。</Text>
      </View>

      {honour.state.kind === 'ready' && honour.state.items.length > 0 && (
        <View className='card honour-roll'>
          <Text className='section-title'>本月光荣榜</Text>
          {honour.state.items.map((h, i) => (
            <View key={`${h.displayName}-${i}`} className='honour-item'>
              <Text>
                {i + 1}. {h.displayName}
              </Text>
              <Text className='honour-beans'>{h.beans} 金豆</Text>
            </View>
          ))}
          {honour.state.nextCursor && (
            <Button className={`btn btn-outline list-more honour-more${honour.state.more ? ' is-disabled' : ''}`} onClick={() => void honour.loadMore()}>
              {honour.state.more ? '正在加载…' : '查看更多'}
            </Button>
          )}
        </View>
      )}
    </Screen>
  )
}
