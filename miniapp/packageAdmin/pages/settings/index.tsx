import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import {
  BEAN_RULE_KEYS,
  BEAN_RULE_LABELS,
  NEED_SEVERITY_LABELS,
  SLA_GOALS,
  SLA_GOAL_LABELS,
  ZPutCommunitySettingsRequest,
  type BeanRuleKey,
  type CommunitySettings,
  type NeedSeverity,
  type SlaGoal,
} from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { ErrorState, LoadingState } from '../../../components/States'
import { getCommunitySettings, putCommunitySettings, type PutSettingsInput } from '../../../services/editing'
import { errorMessage, isApiError } from '../../../services/errors'
import { ensureLoggedIn } from '../../../services/session'
// the package's form kit (fields, inputs, chips) and its desk layout at 1024 px and wider
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import { useDraft } from '../../../utils/draft'
import { LoadError, useLoader } from '../../../utils/useLoader'
import { revealFirstError } from '../../../utils/formErrors'
import { DraftNote } from '../../../components/DraftNote'

const FIX_HINT = '请按红字提示修改后再保存'
const NEED_LOOP_FIELDS = [
  { key: 'escalateGraceMinutes', label: '超期多久自动上报（分钟）', hint: '办理期限过后再等这么久，仍未办结的需求自动上报街道' },
  { key: 'autoCloseDays', label: '办结后几天自动结案（天）', hint: '居民一直没有评价的，到期自动结案' },
  { key: 'reopenDays', label: '办结后几天内可重新办理（天）', hint: '居民不满意时可以申请重新办理一次' },
] as const
type NeedLoopKey = (typeof NEED_LOOP_FIELDS)[number]['key']

interface Draft {
  cosignThreshold: string
  yearlyTargetHours: string
  beans: Record<BeanRuleKey, string>
  sla: Record<string, { minutes: string; goal: SlaGoal }>
  needLoop: Record<NeedLoopKey, string>
}

function toDraft(s: CommunitySettings): Draft {
  return {
    cosignThreshold: String(s.cosignThreshold),
    yearlyTargetHours: String(s.yearlyTargetHours),
    beans: Object.fromEntries(BEAN_RULE_KEYS.map((k) => [k, String(s.beanRules.find((r) => r.rule === k)?.beans ?? '')])) as Record<BeanRuleKey, string>,
    sla: Object.fromEntries(s.sla.map((r) => [r.severity, { minutes: String(r.minutes), goal: r.goal }])),
    needLoop: {
      escalateGraceMinutes: String(s.needLoop.escalateGraceMinutes),
      autoCloseDays: String(s.needLoop.autoCloseDays),
      reopenDays: String(s.needLoop.reopenDays),
    },
  }
}

/** What was typed as a number; text that is not one stays text, so the contract names the field. */
const num = (text: string): number | string | undefined => {
  const t = text.trim()
  if (t === '') return undefined
  const n = Number(t)
  return Number.isFinite(n) ? n : t
}

/** "90 分钟" → "1.5 小时" style reading aid next to a minutes field. */
export function readableMinutes(text: string): string {
  const n = Number(text)
  if (!Number.isFinite(n) || n <= 0) return ''
  if (n % 1440 === 0) return `即 ${n / 1440} 天`
  if (n >= 60) return `即 ${Math.round((n / 60) * 10) / 10} 小时`
  return ''
}

/**
 * Only what changed, and where each sent item came from, so an error on `beanRules.0.beans` lands next to the rule
 * it is about.
 */
function changes(communityId: string, base: CommunitySettings, d: Draft) {
  const input: Record<string, unknown> = { communityId }
  const beanKeys: BeanRuleKey[] = []
  const slaKeys: string[] = []
  if (d.cosignThreshold.trim() !== String(base.cosignThreshold)) input.cosignThreshold = num(d.cosignThreshold) ?? null
  if (d.yearlyTargetHours.trim() !== String(base.yearlyTargetHours)) input.yearlyTargetHours = num(d.yearlyTargetHours) ?? null
  const beans = BEAN_RULE_KEYS.filter((k) => d.beans[k].trim() !== String(base.beanRules.find((r) => r.rule === k)?.beans ?? ''))
  if (beans.length) {
    input.beanRules = beans.map((k) => ({ rule: k, beans: num(d.beans[k]) ?? null }))
    beanKeys.push(...beans)
  }
  const sla = base.sla.filter((r) => d.sla[r.severity] && (d.sla[r.severity].minutes.trim() !== String(r.minutes) || d.sla[r.severity].goal !== r.goal))
  if (sla.length) {
    input.sla = sla.map((r) => ({ severity: r.severity, minutes: num(d.sla[r.severity].minutes) ?? null, goal: d.sla[r.severity].goal }))
    slaKeys.push(...sla.map((r) => r.severity))
  }
  const loop = NEED_LOOP_FIELDS.filter((f) => d.needLoop[f.key].trim() !== String(base.needLoop[f.key]))
  if (loop.length) input.needLoop = Object.fromEntries(loop.map((f) => [f.key, num(d.needLoop[f.key]) ?? null]))
  return { input, beanKeys, slaKeys, empty: Object.keys(input).length === 1 }
}

/** `beanRules.0.beans` → `beans.need_rated`, `sla.1.minutes` → `sla.major`, `needLoop.reopenDays` → `needLoop.reopenDays`. */
function errorKey(path: string, beanKeys: string[], slaKeys: string[]): string {
  const [head, second] = path.split('.')
  if (head === 'beanRules') return second !== undefined && beanKeys[Number(second)] ? `beans.${beanKeys[Number(second)]}` : 'beans'
  if (head === 'sla') return second !== undefined && slaKeys[Number(second)] ? `sla.${slaKeys[Number(second)]}` : 'sla'
  if (head === 'needLoop') return second ? `needLoop.${second}` : 'needLoop'
  return head || 'form'
}

/** 社区设置 (staff of the community, admins of its street): what deliberation, volunteering, beans and the needs loop run on. */
export default function SettingsPage() {
  const { params } = useRouter()
  const communityId = params.communityId ?? ''
  const [draft, setDraft] = useState<Draft | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const inFlight = useRef(false)

  const settings = useLoader<CommunitySettings>(
    async () => {
      if (!communityId) throw new LoadError('没有指定要设置的社区')
      const s = await getCommunitySettings(communityId)
      // a reload after a refused save keeps what was typed
      setDraft((prev) => prev ?? toDraft(s))
      return s
    },
    { show: ensureLoggedIn },
  )
  const { state, load } = settings

  // what was typed and not saved comes back when the page opens again (after the settings have loaded)
  const loaded = state.kind === 'ready' ? toDraft(state.data) : null
  const kept = useDraft<Draft | null>(
    `admin.settings.${communityId}`,
    draft,
    (saved) => {
      if (saved && typeof saved === 'object' && saved.beans && saved.sla && saved.needLoop) setDraft((prev) => (prev ? { ...prev, ...saved } : prev))
    },
    { enabled: !!loaded && !!draft, isEmpty: (v) => !v || !loaded || JSON.stringify(v) === JSON.stringify(loaded) },
  )

  if (state.kind === 'loading' || (state.kind === 'ready' && !draft)) return <Screen className='page admin-page'><LoadingState className='settings-loading' /></Screen>
  if (state.kind === 'error') {
    return (
      <Screen className='page admin-page'>
        <ErrorState className='settings-error' message={state.message} onRetry={() => void load()} retryClassName='settings-retry' />
      </Screen>
    )
  }
  const base = state.data
  const d = draft!

  const edit = (patch: (prev: Draft) => Draft, ...keys: string[]) => {
    setDraft((prev) => (prev ? patch(prev) : prev))
    setErrors((prev) => {
      if (!keys.some((k) => prev[k]) && !prev.form) return prev
      const next = { ...prev }
      for (const k of keys) delete next[k]
      delete next.form
      return next
    })
  }

  async function save() {
    if (inFlight.current) return
    const { input, beanKeys, slaKeys, empty } = changes(communityId, base, d)
    if (empty) {
      void Taro.showToast({ title: '没有修改', icon: 'none', duration: 1500 })
      return
    }
    const parsed = ZPutCommunitySettingsRequest.safeParse(input)
    if (!parsed.success) {
      const local: Record<string, string> = {}
      for (const issue of parsed.error.issues) {
        const key = errorKey(issue.path.map(String).join('.'), beanKeys, slaKeys)
        if (!(key in local)) local[key] = issue.message
      }
      setErrors({ ...local, form: FIX_HINT })
      void revealFirstError()
      return
    }
    const ok = await confirmAction({
      title: '保存社区设置？',
      content: `修改立即对「${base.communityName}」生效，并记入操作日志。`,
      confirmText: '保存',
    })
    if (!ok) return
    inFlight.current = true
    setSaving(true)
    setErrors({})
    try {
      const saved = await putCommunitySettings({ communityId, ...parsed.data } as PutSettingsInput)
      kept.clear()
      settings.set(() => saved)
      setDraft(toDraft(saved))
      void Taro.showToast({ title: '已保存', icon: 'success', duration: 1500 })
    } catch (err) {
      // what was typed stays; the message goes next to the field it names
      const field = isApiError(err) && err.field ? errorKey(err.field, beanKeys, slaKeys) : undefined
      setErrors(field ? { [field]: errorMessage(err), form: FIX_HINT } : { form: errorMessage(err) })
      void revealFirstError()
    } finally {
      inFlight.current = false
      setSaving(false)
    }
  }

  const fieldError = (key: string) => (errors[key] ? <Text className={`field-error field-error-${key.replace('.', '-')}`}>{errors[key]}</Text> : null)
  const numberInput = (cls: string, key: string, value: string, onInput: (v: string) => void, type: 'number' | 'digit' = 'number') => (
    <Input
      className={`form-input ${cls}${errors[key] ? ' has-error' : ''}`}
      type={type}
      value={value}
      maxlength={7}
      placeholderClass='form-placeholder'
      onInput={(e) => onInput(e.detail.value)}
    />
  )

  return (
    <Screen className='page admin-page settings-page' data-community={base.communityId}>
      <Text className='page-intro settings-community'>{base.communityName} · 社区设置</Text>
      {kept.restored && (
        <DraftNote
          className='settings-draft-note'
          onDiscard={() => {
            kept.discard()
            setDraft(toDraft(base))
            setErrors({})
          }}
        />
      )}

      <View className='card'>
        <Text className='section-title'>议事协商</Text>
        <View className='form-field'>
          <Text className='form-label'>议题联名门槛（人）</Text>
          <Text className='form-hint'>居民提出的议题，联名人数达到这个数才能安排上会；由“大家事”转来的议题不受限制</Text>
          {numberInput('settings-cosign', 'cosignThreshold', d.cosignThreshold, (v) => edit((p) => ({ ...p, cosignThreshold: v }), 'cosignThreshold'))}
          {fieldError('cosignThreshold')}
        </View>
      </View>

      <View className='card'>
        <Text className='section-title'>志愿服务</Text>
        <View className='form-field'>
          <Text className='form-label'>在职党员年度服务目标（小时）</Text>
          {numberInput('settings-hours', 'yearlyTargetHours', d.yearlyTargetHours, (v) => edit((p) => ({ ...p, yearlyTargetHours: v }), 'yearlyTargetHours'), 'digit')}
          {fieldError('yearlyTargetHours')}
        </View>
      </View>

      <View className='card'>
        <Text className='section-title'>金豆规则</Text>
        <Text className='form-hint'>志愿服务按各岗位设定的“每小时金豆”发放</Text>
        {BEAN_RULE_KEYS.map((k) => (
          <View key={k} className='form-field'>
            <Text className='form-label'>{BEAN_RULE_LABELS[k]}（金豆）</Text>
            {numberInput(`settings-bean-${k}`, `beans.${k}`, d.beans[k], (v) => edit((p) => ({ ...p, beans: { ...p.beans, [k]: v } }), `beans.${k}`, 'beans'))}
            {fieldError(`beans.${k}`)}
          </View>
        ))}
        {fieldError('beans')}
      </View>

      <View className='card'>
        <Text className='section-title'>办理时限</Text>
        {base.sla.map((r) => {
          const sev = r.severity as NeedSeverity
          const row = d.sla[sev]
          return (
            <View key={sev} className={`form-field settings-sla-${sev}`}>
              <Text className='form-label'>{NEED_SEVERITY_LABELS[sev]}事项：多少分钟内</Text>
              {numberInput(`settings-sla-minutes-${sev}`, `sla.${sev}`, row.minutes, (v) => edit((p) => ({ ...p, sla: { ...p.sla, [sev]: { ...p.sla[sev], minutes: v } } }), `sla.${sev}`, 'sla'))}
              {readableMinutes(row.minutes) !== '' && <Text className='form-hint'>{readableMinutes(row.minutes)}</Text>}
              <View className='chip-grid'>
                {SLA_GOALS.map((g) => (
                  <View
                    key={g}
                    className={`chip settings-sla-goal-${sev}-${g}${row.goal === g ? ' is-selected' : ''}`}
                    {...a11y('radio', undefined, { checked: row.goal === g })}
                    onClick={() => edit((p) => ({ ...p, sla: { ...p.sla, [sev]: { ...p.sla[sev], goal: g } } }), `sla.${sev}`, 'sla')}
                  >
                    <Text>{SLA_GOAL_LABELS[g]}</Text>
                  </View>
                ))}
              </View>
              {fieldError(`sla.${sev}`)}
            </View>
          )
        })}
        {fieldError('sla')}
      </View>

      <View className='card'>
        <Text className='section-title'>需求闭环</Text>
        {NEED_LOOP_FIELDS.map((f) => (
          <View key={f.key} className='form-field'>
            <Text className='form-label'>{f.label}</Text>
            <Text className='form-hint'>{f.hint}</Text>
            {numberInput(`settings-loop-${f.key}`, `needLoop.${f.key}`, d.needLoop[f.key], (v) => edit((p) => ({ ...p, needLoop: { ...p.needLoop, [f.key]: v } }), `needLoop.${f.key}`, 'needLoop'))}
            {fieldError(`needLoop.${f.key}`)}
          </View>
        ))}
        {fieldError('needLoop')}
      </View>

      {errors.form && <Text className='form-error settings-form-error'>{errors.form}</Text>}
      <BusyButton className='settings-save' busy={saving} busyText='正在保存…' onClick={() => void save()}>
        保存设置
      </BusyButton>
    </Screen>
  )
}
