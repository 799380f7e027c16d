import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { addDays, statsToday, type StatsFigures, type StatsOverview } from '../../../../core/contracts'
import { DeskLayout } from '../../../components/DeskMenu'
import { ErrorState, LoadingState } from '../../../components/States'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { getStatsOverview } from '../../../services/stats'
import { isStreetAdmin } from '../../../utils/roles'
import { useLoader, usePullDown } from '../../../utils/useLoader'
import { BarChart, Figure } from '../../components/BarChart'
import '../../components/stats.scss'
import { Screen } from '../../../components/Screen'
import { a11y } from '../../../utils/a11y'

type PeriodKey = '30d' | 'month' | 'year'
const PERIODS: Record<PeriodKey, string> = { '30d': '近 30 天', month: '本月', year: '今年' }

/** The days of a preset period (China time), both included. */
export function periodOf(key: PeriodKey, now: Date = new Date()): { from: string; to: string } {
  const to = statsToday(now)
  if (key === 'month') return { from: `${to.slice(0, 8)}01`, to }
  if (key === 'year') return { from: `${to.slice(0, 4)}-01-01`, to }
  return { from: addDays(to, -29), to }
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`)
const num = (n: number) => n.toLocaleString('zh-CN')

/** Minutes as people say them: 45 分钟, 3.5 小时, 2.1 天. */
export function duration(minutes: number | null): string {
  if (minutes === null) return '—'
  if (minutes < 60) return `${Math.round(minutes)} 分钟`
  if (minutes < 48 * 60) return `${Math.round((minutes / 60) * 10) / 10} 小时`
  return `${Math.round((minutes / 1440) * 10) / 10} 天`
}

function Sections({ f }: { f: StatsFigures }) {
  const p = f.volunteers.participation
  return (
    <View className='stats-sections'>
      <View className='card stats-figures stats-needs'>
        <Text className='section-title'>需求办理</Text>
        <View className='stats-figure-row'>
          <Figure className='stats-needs-total' label='新提交需求' value={num(f.needs.total)} />
          <Figure className='stats-overdue' label='超期率' value={pct(f.needs.overdue.rate)} hint={`有期限的 ${f.needs.overdue.withDeadline} 件中 ${f.needs.overdue.overdue} 件`} />
          <Figure className='stats-first-response' label='首次响应（中位数）' value={duration(f.needs.firstResponse.medianMinutes)} />
          <Figure className='stats-resolution' label='办结用时（中位数）' value={duration(f.needs.resolution.medianMinutes)} />
          <Figure
            className='stats-satisfaction'
            label='满意度'
            value={f.needs.satisfaction.average === null ? '—' : `${f.needs.satisfaction.average} 星`}
            hint={f.needs.satisfaction.rated > 0 ? `${f.needs.satisfaction.rated} 人评价，4-5 星占 ${pct(f.needs.satisfaction.highShare)}` : '暂无评价'}
          />
        </View>
      </View>
      <View className='stats-charts'>
        <BarChart className='stats-by-status' title='需求状态' items={f.needs.byStatus} unit=' 件' />
        <BarChart className='stats-by-category' title='需求类别' items={f.needs.byCategory} unit=' 件' />
        <BarChart className='stats-by-track' title='三事分流' items={f.needs.byTrack} unit=' 件' />
        <BarChart className='stats-by-grid' title='各网格需求' items={f.needs.byGrid} unit=' 件' />
        <BarChart className='stats-services' title={`服务项目（完成 ${f.services.completed} 个，受益 ${f.services.beneficiaries} 人）`} items={f.services.byStatus} unit=' 个' />
        <BarChart
          className='stats-participation'
          title={`“127”参与结构（${p.residents} 位居民）`}
          items={[
            { key: 'core', label: `骨干（目标 ${Math.round(p.ideal.core * 100)}%）`, count: p.bands.core.count },
            { key: 'active', label: `活跃（目标 ${Math.round(p.ideal.active * 100)}%）`, count: p.bands.active.count },
            { key: 'general', label: `一般（目标 ${Math.round(p.ideal.general * 100)}%）`, count: p.bands.general.count },
          ]}
          unit=' 人'
        />
      </View>
      <View className='card stats-figures stats-others'>
        <Text className='section-title'>志愿、金豆与议事</Text>
        <View className='stats-figure-row'>
          <Figure className='stats-hours' label='志愿服务时长' value={`${num(Math.round(f.volunteers.hours * 10) / 10)} 小时`} hint={`${f.volunteers.volunteers} 人 · ${f.volunteers.shifts} 班次`} />
          <Figure className='stats-beans-issued' label='发放金豆' value={num(f.beans.issued)} />
          <Figure className='stats-beans-redeemed' label='兑换核销金豆' value={num(f.beans.redeemed)} hint={`${f.beans.redemptions} 次兑换`} />
          <Figure className='stats-meetings' label='召开议事会' value={`${f.deliberation.meetingsHeld} 场`} hint={f.deliberation.meetingsNotHeld > 0 ? `另有 ${f.deliberation.meetingsNotHeld} 场未召开，不计入覆盖率` : undefined} />
          <Figure className='stats-coverage' label='覆盖率' value={pct(f.deliberation.coverage.rate)} hint={`${f.deliberation.coverage.covered}/${f.deliberation.coverage.communities} 个社区`} />
          <Figure className='stats-conversion' label='成果转化率' value={pct(f.deliberation.conversion.rate)} hint={`${f.deliberation.conversion.completed}/${f.deliberation.conversion.passed} 项决议已落实`} />
        </View>
      </View>
    </View>
  )
}

/**
 * 数据看板: a community's figures for its staff, or the street's (summed, then community by community) for the street
 * administrator; 近 30 天, 本月 or 今年. Charts are drawn with views, so the package carries no chart library.
 */
export default function StatsOverviewPage() {
  const { params } = useRouter()
  const profile = getProfile()
  const streetId = params.streetId || (!params.communityId && isStreetAdmin(profile) ? profile?.streetId ?? undefined : undefined)
  const communityId = streetId ? undefined : params.communityId || profile?.communityId || undefined
  const [period, setPeriod] = useState<PeriodKey>('30d')
  // the loader reads the chosen period from here, so a tap loads the new period at once
  const periodRef = useRef<PeriodKey>('30d')

  const overview = useLoader<StatsOverview>(() => getStatsOverview({ communityId, streetId }, periodOf(periodRef.current)))

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    void overview.load()
  })
  usePullDown(() => overview.load())

  const choose = (key: PeriodKey) => {
    if (key === periodRef.current) return
    periodRef.current = key
    setPeriod(key)
    void overview.load(true)
  }

  return (
    <DeskLayout current='stats'>
    <Screen className='page stats-page'>
      <View className='stats-periods'>
        {(Object.keys(PERIODS) as PeriodKey[]).map((k) => (
          <View key={k} className={`filter-chip stats-period-${k}${k === period ? ' is-selected' : ''}`} {...a11y('tab', undefined, { selected: k === period })} onClick={() => choose(k)}>
            <Text>{PERIODS[k]}</Text>
          </View>
        ))}
      </View>
      {overview.state.kind === 'loading' && <LoadingState className='stats-loading' text='正在统计…' />}
      {overview.state.kind === 'error' && (
        <ErrorState className='stats-error' message={overview.state.message} onRetry={() => void overview.load(true)} retryClassName='stats-retry' />
      )}
      {overview.state.kind === 'ready' && (
        <View className='stats-body'>
          <Text className='stats-scope'>
            {overview.state.data.scope.name} · <Text className='stats-nowrap'>{overview.state.data.period.from}</Text> 至{' '}
            <Text className='stats-nowrap'>{overview.state.data.period.to}</Text>
          </Text>
          <Sections f={overview.state.data.totals} />
          {overview.state.data.communities.length > 0 && (
            <View className='card stats-compare'>
              <Text className='section-title'>各社区对比</Text>
              <View className='stats-compare-head'>
                <Text className='stats-compare-name'>社区</Text>
                <Text>需求</Text>
                <Text>超期率</Text>
                <Text>满意度</Text>
                <Text>服务时长</Text>
                <Text>议事会</Text>
              </View>
              {overview.state.data.communities.map((c) => (
                <View key={c.communityId} className='stats-compare-row'>
                  <Text className='stats-compare-name'>{c.name}</Text>
                  <Text>{c.figures.needs.total}</Text>
                  <Text>{pct(c.figures.needs.overdue.rate)}</Text>
                  <Text>{c.figures.needs.satisfaction.average ?? '—'}</Text>
                  <Text>{Math.round(c.figures.volunteers.hours * 10) / 10}</Text>
                  <Text>{c.figures.deliberation.meetingsHeld}</Text>
                </View>
              ))}
            </View>
          )}
        </View>
      )}
    </Screen>
    </DeskLayout>
  )
}
