import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { NEED_CATEGORY_LABELS, type NeedDetail, type SlaRule } from '../../../../core/contracts'
import { DEFAULT_SLA_RULES } from '../../../../core/needs/sla'
import { ErrorState, LoadingState } from '../../../components/States'
import { StatusBadge } from '../../../components/StatusBadge'
import { errorMessage } from '../../../services/errors'
import { getNeed, getSlaRules, triageNeed } from '../../../services/needs'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { isStaff } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { TriageForm } from '../../components/TriageForm'
import { Screen } from '../../../components/Screen'
import './index.scss'

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; need: NeedDetail; rules: readonly SlaRule[]; rulesAreDefault: boolean }

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
  const [state, setState] = useState<State>({ kind: 'loading' })
  const loaded = useRef(false)
  const profile = getProfile()

  const load = useCallback(async () => {
    if (!id) {
      setState({ kind: 'error', message: '没有指定要研判的需求' })
      return
    }
    setState({ kind: 'loading' })
    try {
      const need = await getNeed(id)
      if (!need.canTriage) {
        setState({ kind: 'error', message: '这条需求当前不能研判（可能已经有人处理了）' })
        return
      }
      const { rules, rulesAreDefault } = await loadRules(need.communityId)
      loaded.current = true
      setState({ kind: 'ready', need, rules, rulesAreDefault })
    } catch (err) {
      setState({ kind: 'error', message: errorMessage(err) })
    }
  }, [id])

  useDidShow(() => {
    // the form keeps what was typed when the page is shown again
    if (ensureLoggedIn() && !loaded.current) void load()
  })

  if (state.kind === 'loading') return <LoadingState className='triage-loading' />
  if (state.kind === 'error') return <ErrorState className='triage-load-error' message={state.message} onRetry={() => void load()} />

  const { need } = state
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
        rules={state.rules}
        rulesAreDefault={state.rulesAreDefault}
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
