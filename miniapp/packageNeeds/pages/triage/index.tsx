import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { NEED_CATEGORY_LABELS, type NeedDetail, type SlaRule } from '../../../../core/contracts'
import { DEFAULT_SLA_RULES } from '../../../../core/needs/sla'
import { ErrorState, LoadingState } from '../../../components/States'
import { StatusBadge } from '../../../components/StatusBadge'
import { getNeed, getSlaRules, triageNeed } from '../../../services/needs'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { LoadError, useLoader } from '../../../utils/useLoader'
import { TriageForm } from '../../components/TriageForm'
import { Screen } from '../../../components/Screen'
import './index.scss'

type Loaded = { need: NeedDetail; rules: readonly SlaRule[]; rulesAreDefault: boolean }

/** Rules come from the community (staff may read them); anyone else sees the defaults from the source documents. */
async function loadRules(communityId: string): Promise<{ rules: readonly SlaRule[]; rulesAreDefault: boolean }> {
  try {
    const res = await getSlaRules(communityId)
    if (res.rules.length > 0) return { rules: res.rules, rulesAreDefault: false }
  } catch {
    // a grid worker may not read them: fall through to the defaults
  }
  return { rules: DEFAULT_SLA_RULES, rulesAreDefault: true }
}

export default function TriagePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const profile = getProfile()
  const triage = useLoader<Loaded>(async () => {
    if (!id) throw new LoadError('没有指定要研判的需求')
    const need = await getNeed(id)
    if (!need.canTriage) throw new LoadError('这条需求当前不能研判（可能已经有人处理了）')
    return { need, ...(await loadRules(need.communityId)) }
  })
  const { state, load } = triage

  useDidShow(() => {
    // the form keeps what was typed when the page is shown again
    if (ensureLoggedIn() && state.kind !== 'ready') void load(true)
  })

  if (state.kind === 'loading') return <LoadingState className='triage-loading' />
  if (state.kind === 'error') return <ErrorState className='triage-load-error' message={state.message} onRetry={() => void load(true)} />

  const { need } = state.data
  return (
    <Screen className='page triage-page'>
      <View className='card triage-need'>
        <Text className='section-title triage-need-title'>{need.title}</Text>
        <StatusBadge status={need.status} />
        <Text className='muted triage-need-meta'>
          {NEED_CATEGORY_LABELS[need.category]} · {need.microGridName ?? '未指定微网格'} · {formatDateTime(need.createdAt)} 提交
        </Text>
        <Text className='triage-need-description'>{need.description}</Text>
      </View>
      <TriageForm
        need={need}
        rules={state.data.rules}
        rulesAreDefault={state.data.rulesAreDefault}
        selfId={isStaff(profile) ? profile?.id ?? null : null}
        submit={(input) => triageNeed(need.id, input)}
        onSuccess={() => {
          void Taro.showToast({ title: '研判完成', icon: 'success', duration: 1500 })
          // back to the detail page, which reloads on show; opened directly, there is nothing to go back to
          if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
          else void Taro.redirectTo({ url: ROUTES.needDetail(need.id) })
        }}
      />
    </Screen>
  )
}
