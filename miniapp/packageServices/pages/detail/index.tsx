import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  NEED_CATEGORY_LABELS,
  NEED_STATUS_LABELS,
  PROJECT_ORIGIN_LABELS,
  type ServiceProjectDetail,
} from '../../../../core/contracts'
import { ProjectStatusBadge, starText } from '../../../components/ProjectStatusBadge'
import { Pending } from '../../../components/States'
import { getService } from '../../../services/services'
import { plainReason } from '../../utils/reasons'
import { a11y } from '../../../utils/a11y'
import { ensureLoggedIn } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { LoadError, useLoader } from '../../../utils/useLoader'
import { RatingForm } from '../../components/RatingForm'
import { ServiceActions } from '../../components/ServiceActions'
import '../../components/forms.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { DetailRow } from '../../../components/DetailRow'

export default function ServiceDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const detail = useLoader<ServiceProjectDetail>(
    () => (id ? getService(id) : Promise.reject(new LoadError('没有指定要查看的服务项目'))),
    { show: ensureLoggedIn },
  )
  const { state, load } = detail
  // An action's answer is the newest truth: a reload still in flight must not overwrite it.
  const update = (project: ServiceProjectDetail) => detail.set(() => project)

  if (state.kind !== 'ready') return <Pending state={state} name='service-detail' onRetry={() => void load()} />

  const p = state.data
  const confirmText = (done: boolean) => (done ? '已确认' : '待确认')
  return (
    <Screen className='page service-detail' data-id={p.id}>
      <View className='card'>
        <View className='service-detail-head'>
          <Text className='service-need-title'>{p.needTitle}</Text>
          <ProjectStatusBadge status={p.status} className='service-status' />
        </View>
        {p.needRefNo && (
          <View
            className='detail-row service-from-need'
            {...a11y('link', `来自需求 ${p.needRefNo}，查看这条需求`)}
            onClick={() => void Taro.navigateTo({ url: needDetailUrl(p.needId) })}
          >
            <Text className='detail-label'>来自需求</Text>
            <Text className='detail-value service-need-ref'>{p.needRefNo} ›</Text>
          </View>
        )}
        <DetailRow label='需求类别' value={NEED_CATEGORY_LABELS[p.needCategory] ?? p.needCategory} className='service-need-category' />
        <DetailRow label='需求状态' value={NEED_STATUS_LABELS[p.needStatus] ?? p.needStatus} className='service-need-status' />
        {/* the server sends these to the provider only once both sides have confirmed (app.need_contact) */}
        {p.needContactName && (
          <DetailRow
            label='服务对象'
            value={`${p.needContactName}${p.needContactPhone ? ` ${p.needContactPhone}` : ''}`}
            className='service-need-contact'
          />
        )}
        {p.needAddress && <DetailRow label='服务地址' value={p.needAddress} className='service-need-address' />}
      </View>

      <View className='card'>
        <DetailRow label='服务资源' value={p.resourceTitle} className='service-resource' />
        <DetailRow label='提供方' value={p.publisherName} className='service-publisher' />
        <DetailRow label='来源' value={PROJECT_ORIGIN_LABELS[p.origin] ?? p.origin} className='service-origin' />
        <DetailRow
          label='双方确认'
          value={`社区${confirmText(p.communityConfirmed)}，资源方${confirmText(p.unitConfirmed)}`}
          className='service-confirmations'
        />
        {p.beneficiaries !== null && <DetailRow label='受益人数' value={`${p.beneficiaries} 人`} className='service-beneficiaries-count' />}
        {p.cancelReason && <DetailRow label='取消原因' value={p.cancelReason} className='service-cancel-reason-text' />}
        {p.contactName && (
          <DetailRow label='联系人' value={`${p.contactName}${p.contactPhone ? ` ${p.contactPhone}` : ''}`} className='service-contact' />
        )}
        <DetailRow label='创建时间' value={formatDateTime(p.createdAt)} className='service-created' />
      </View>

      {p.reasons.length > 0 && (
        <View className='card'>
          <Text className='section-title'>匹配理由</Text>
          <View className='reason-tags'>
            {p.reasons.map((r) => (
              <Text key={r} className='reason-tag service-reason'>
                {plainReason(r)}
              </Text>
            ))}
          </View>
        </View>
      )}

      {p.rating !== null && (
        <View className='card service-rating'>
          <Text className='section-title'>居民评价</Text>
          <Text className='service-rating-stars'>
            {starText(p.rating)} {p.rating} 星
          </Text>
          {p.ratingComment && <Text className='service-rating-comment'>{p.ratingComment}</Text>}
        </View>
      )}

      <ServiceActions project={p} onChange={update} />
      {p.canEvaluate && <RatingForm project={p} onChange={update} />}

      <View className='card service-progress'>
        <Text className='section-title'>服务进展</Text>
        {p.progress.length === 0 && <Text className='muted service-progress-empty'>还没有进展记录</Text>}
        {p.progress.map((g) => (
          <View key={g.id} className='service-progress-item'>
            <View className='service-progress-dot' />
            <View className='service-progress-body'>
              <Text className='service-progress-text'>{g.note}</Text>
              {g.percent !== null && <Text className='service-progress-percent-text'>进度 {g.percent}%</Text>}
              <Text className='service-progress-meta muted'>
                {formatDateTime(g.at)}
                {g.authorName ? ` · ${g.authorName}` : ''}
              </Text>
            </View>
          </View>
        ))}
      </View>
    </Screen>
  )
}

/** The need a project came from (packageNeeds owns the page). */
export function needDetailUrl(needId: string): string {
  return `/packageNeeds/pages/detail/index?id=${encodeURIComponent(needId)}`
}
