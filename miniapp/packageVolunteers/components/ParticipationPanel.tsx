import { Button, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { errorMessage } from '../../services/errors'
import { downloadCsv, parseCsv, participation, volunteerReport, type Participation } from '../../services/volunteers'
import { formatHours } from '../utils/posts'
import { a11y } from '../../utils/a11y'
import { useLoader } from '../../utils/useLoader'

const BANDS = [
  { key: 'core', label: '骨干', hint: '服务时长达到年度目标' },
  { key: 'active', label: '活跃', hint: '参加过服务' },
  { key: 'general', label: '一般', hint: '还没有参加服务' },
] as const

const pct = (share: number) => `${Math.round(share * 100)}%`

export interface ParticipationPanelProps {
  communityId: string
  year?: number
}

/** The "127" picture (10% core, 20% active, 70% general) and the per-work-unit report for workplaces. */
export function ParticipationPanel({ communityId, year = Number(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()) }: ParticipationPanelProps) {
  const picture = useLoader<Participation>(() => participation(communityId))
  const { state } = picture
  const [exporting, setExporting] = useState(false)
  const [report, setReport] = useState<{ rows: string[][]; downloaded: boolean } | null>(null)
  const [reportError, setReportError] = useState('')
  const inFlight = useRef(false)

  const load = () => void picture.load(true)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(load, [communityId])

  async function exportReport() {
    if (inFlight.current) return
    inFlight.current = true
    setExporting(true)
    setReportError('')
    try {
      const text = await volunteerReport(communityId, year)
      const downloaded = downloadCsv(text, `在职党员报到情况-${year}.csv`)
      setReport({ rows: parseCsv(text).filter((r) => r.some((c) => c !== '')), downloaded })
    } catch (err) {
      setReportError(errorMessage(err))
    } finally {
      inFlight.current = false
      setExporting(false)
    }
  }

  return (
    <View className='card participation-panel'>
      <Text className='section-title'>居民参与结构（“127”）</Text>
      {state.kind === 'loading' && <Text className='muted'>正在统计…</Text>}
      {state.kind === 'error' && (
        <Text className='alert participation-error' {...a11y('button')} onClick={load}>
          {state.message}（点这里重试）
        </Text>
      )}
      {state.kind === 'ready' && (
        <View>
          <Text className='participation-summary muted'>
            按近 12 个月服务时长统计，共 {state.data.residents} 位居民，年度目标 {formatHours(state.data.targetHours)} 小时
          </Text>
          {BANDS.map((b) => {
            const band = state.data.bands[b.key]
            return (
              <View key={b.key} className={`participation-band participation-${b.key}`}>
                <View className='participation-band-head'>
                  <Text className='participation-band-label'>
                    {b.label} {band.count} 人
                  </Text>
                  <Text className='participation-band-share'>
                    {pct(band.share)}（目标 {pct(state.data.ideal[b.key])}）
                  </Text>
                </View>
                <View className='progress-track'>
                  <View className='progress-fill' style={{ width: pct(Math.min(1, band.share)) }} />
                </View>
                <Text className='participation-band-hint muted'>{b.hint}</Text>
              </View>
            )
          })}
        </View>
      )}

      {/* an outline button: the page's one primary action is 通过 on a registration */}
      <Button
        className={`btn btn-outline report-export btn-gap${exporting ? ' is-disabled' : ''}`}
        disabled={exporting || undefined}
        onClick={() => void exportReport()}
      >
        {exporting ? '正在导出…' : `导出${year}年报到情况`}
      </Button>
      <Text className='form-hint report-hint'>按工作单位列出每位在职党员的服务时长和岗位数，反馈给所在单位</Text>
      {reportError !== '' && <Text className='alert report-error'>{reportError}</Text>}
      {report && (
        <View className='report-rows'>
          {report.downloaded && <Text className='success-text report-downloaded'>已下载 CSV 文件</Text>}
          {report.rows.length <= 1 && <Text className='muted report-empty'>还没有通过审核的在职党员</Text>}
          {report.rows.map((row, i) => (
            <View key={i} className={`report-row${i === 0 ? ' is-head' : ''}`}>
              {row.map((cell, j) => (
                <Text key={j} className='report-cell'>
                  {cell}
                </Text>
              ))}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
