import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import {
  COMMUNITY_FUNCTIONS,
  COMMUNITY_FUNCTION_LABELS,
  COMMUNITY_SCALES,
  COMMUNITY_SCALE_LABELS,
  COMMUNITY_SUBTYPES,
  COMMUNITY_SUBTYPE_LABELS,
  ZCreateCommunityRequest,
  ZUpdateCommunityRequest,
  type Community,
  type CommunityFunction,
  type CommunityScale,
  type CommunitySubtype,
  type Profile,
} from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { createCommunity, getCommunityStructure, updateCommunity } from '../../../services/admin'
import { fieldErrors } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { ChipGroup, FieldError, Toggle } from '../../components/ChipGroup'
import { ADMIN_ROUTES } from '../../routes'
import { homeStreetId, isStreetAdmin } from '../../utils/access'
import { confirmAction } from '../../utils/confirm'
import { FIX_HINT, scrollToFirstError, serverErrors } from '../../utils/form'
import { useLoader } from '../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'

const FIELDS = ['name', 'scale', 'function', 'subtype', 'branchSecretaryLeadsGrid'] as const
const DRAFT_KEY = 'admin.communityDraft'

interface Draft {
  name: string
  scale: CommunityScale | ''
  function: CommunityFunction | ''
  subtype: CommunitySubtype | ''
  leads: boolean
}

const EMPTY: Draft = { name: '', scale: '', function: '', subtype: '', leads: true }

/** What was typed for a new community survives leaving the page (one draft per street). */
function readDraft(streetId: string): Draft {
  try {
    const raw: unknown = Taro.getStorageSync(DRAFT_KEY)
    const saved = (typeof raw === 'string' && raw ? JSON.parse(raw) : null) as ({ streetId: string } & Draft) | null
    if (!saved || saved.streetId !== streetId) return EMPTY
    return {
      name: typeof saved.name === 'string' ? saved.name : '',
      scale: (COMMUNITY_SCALES as readonly string[]).includes(saved.scale) ? saved.scale : '',
      function: (COMMUNITY_FUNCTIONS as readonly string[]).includes(saved.function) ? saved.function : '',
      subtype: (COMMUNITY_SUBTYPES as readonly string[]).includes(saved.subtype) ? saved.subtype : '',
      leads: saved.leads !== false,
    }
  } catch {
    return EMPTY
  }
}

function writeDraft(streetId: string, draft: Draft | null): void {
  try {
    if (draft) Taro.setStorageSync(DRAFT_KEY, JSON.stringify({ streetId, ...draft }))
    else Taro.removeStorageSync(DRAFT_KEY)
  } catch {
    // storage unavailable: the form still works, only the draft is not kept
  }
}

function CommunityForm(props: { streetId?: string; editing?: Community; onCreated: (c: Community) => void; onSaved: (c: Community) => void }) {
  const { streetId, editing, onCreated, onSaved } = props
  const [draft, setDraft] = useState<Draft>(() =>
    editing
      ? { name: editing.name, scale: editing.scale, function: editing.function, subtype: editing.subtype, leads: editing.branchSecretaryLeadsGrid }
      : readDraft(streetId ?? ''),
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [submitting, setSubmitting] = useState(false)
  const inFlight = useRef(false)

  useEffect(() => {
    if (!editing && streetId) writeDraft(streetId, draft)
  }, [draft, editing, streetId])

  function change(patch: Partial<Draft>, field: string) {
    setDraft((prev) => ({ ...prev, ...patch }))
    setErrors((prev) => {
      if (!prev[field] && !prev.form) return prev
      const next = { ...prev }
      delete next[field]
      delete next.form
      return next
    })
  }

  async function submit() {
    if (inFlight.current) return
    const fields = {
      name: draft.name,
      scale: draft.scale || undefined,
      function: draft.function || undefined,
      subtype: draft.subtype || undefined,
      branchSecretaryLeadsGrid: draft.leads,
    }
    const local = editing ? ZUpdateCommunityRequest.safeParse({ id: editing.id, ...fields }) : ZCreateCommunityRequest.safeParse({ streetId, ...fields })
    const blankName = draft.name.trim() === ''
    if (!local.success || blankName) {
      setErrors({ ...(local.success ? {} : fieldErrors(local.error.issues)), ...(blankName ? { name: '请填写社区名称' } : {}), form: FIX_HINT })
      scrollToFirstError()
      return
    }
    // The code is derived from the classification: changing it may change a code already printed or shared.
    const reclassified = !!editing && (editing.scale !== draft.scale || editing.function !== draft.function || editing.subtype !== draft.subtype)
    if (reclassified && !(await confirmAction('修改分类', '修改规模或类型后，一社区一编码可能随之改变，已经印发或告知居民的编码需要更新。确定修改吗？', '确定修改'))) return
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      if (editing) {
        onSaved(await updateCommunity({ id: editing.id, ...fields }))
      } else {
        const c = await createCommunity(ZCreateCommunityRequest.parse({ streetId, ...fields }))
        writeDraft(streetId ?? '', null)
        onCreated(c)
      }
    } catch (err) {
      setErrors(serverErrors(err, FIELDS))
      scrollToFirstError()
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  return (
    <View className='card community-form'>
      <View className='form-field'>
        <Text className='form-label'>社区名称</Text>
        <Input
          className={`form-input cf-name${errors.name ? ' has-error' : ''}`}
          value={draft.name}
          maxlength={60}
          placeholder='例如：和平社区'
          placeholderClass='form-placeholder'
          onInput={(e) => change({ name: e.detail.value }, 'name')}
        />
        <FieldError field='name' message={errors.name} />
      </View>

      <Text className='form-hint'>一社区一编码：按下面的分类自动生成，不用填写</Text>

      <View className='form-field'>
        <Text className='form-label'>规模</Text>
        <ChipGroup options={COMMUNITY_SCALES} labels={COMMUNITY_SCALE_LABELS} value={draft.scale} prefix='cf-scale' onChange={(v) => change({ scale: v }, 'scale')} />
        <FieldError field='scale' message={errors.scale} />
      </View>

      <View className='form-field'>
        <Text className='form-label'>功能</Text>
        <ChipGroup options={COMMUNITY_FUNCTIONS} labels={COMMUNITY_FUNCTION_LABELS} value={draft.function} prefix='cf-function' onChange={(v) => change({ function: v }, 'function')} />
        <FieldError field='function' message={errors.function} />
      </View>

      <View className='form-field'>
        <Text className='form-label'>细分类型</Text>
        <ChipGroup options={COMMUNITY_SUBTYPES} labels={COMMUNITY_SUBTYPE_LABELS} value={draft.subtype} prefix='cf-subtype' onChange={(v) => change({ subtype: v }, 'subtype')} />
        <FieldError field='subtype' message={errors.subtype} />
      </View>

      <View className='form-field'>
        <Toggle className='cf-branch-leads' label='网格党支部书记兼任网格长' on={draft.leads} onChange={(on) => change({ leads: on }, 'branchSecretaryLeadsGrid')} />
        <Text className='form-hint'>打开后，每个网格的网格长就是该网格党支部的书记</Text>
        <FieldError field='branchSecretaryLeadsGrid' message={errors.branchSecretaryLeadsGrid} />
      </View>

      {errors.form && <Text className='form-error cf-form-error'>{errors.form}</Text>}
      <BusyButton className='cf-submit btn-gap' busy={submitting} busyText='正在保存…' onClick={() => void submit()}>
        {editing ? '保存修改' : '新建社区'}
      </BusyButton>
    </View>
  )
}

/** 新建社区 (?streetId=) or 编辑社区 (?id=): name and the classification the 一社区一编码 code is derived from. */
export default function CommunityFormPage() {
  const { params } = useRouter()
  const id = params.id || undefined
  const [profile] = useState<Profile | null>(() => getProfile())
  const streetId = params.streetId || homeStreetId(profile)
  const [created, setCreated] = useState<Community | null>(null)
  const allowed = isStreetAdmin(profile)

  const loader = useLoader<Community>(async () => (await getCommunityStructure(id!)).community)

  useEffect(() => {
    if (!ensureLoggedIn() || !allowed) return
    if (id) void loader.load()
    void Taro.setNavigationBarTitle({ title: id ? '编辑社区' : '新建社区' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  if (!allowed) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='cf-forbidden' text='只有街道管理员可以新建或修改社区' />
      </Screen>
    )
  }

  if (created) {
    return (
      <Screen className='page admin-page'>
        <View className='card cf-created'>
          <Text className='section-title success-text'>「{created.name}」已建好</Text>
          <Text className='form-hint'>一社区一编码</Text>
          <Text className='cf-code'>{created.code}</Text>
          <Text className='form-hint'>下一步：划分网格和微网格，居民加入时就能选到自己的楼栋。</Text>
          <Button className='btn btn-primary btn-gap cf-go-structure' onClick={() => void Taro.redirectTo({ url: ADMIN_ROUTES.structure(created.id) })}>
            去建网格
          </Button>
          <Button className='btn btn-outline btn-gap cf-done' onClick={() => void Taro.navigateBack()}>
            返回管理
          </Button>
        </View>
      </Screen>
    )
  }

  if (id) {
    if (loader.state.kind === 'loading') {
      return (
        <Screen className='page admin-page'>
          <LoadingState className='cf-loading' />
        </Screen>
      )
    }
    if (loader.state.kind === 'error') {
      return (
        <Screen className='page admin-page'>
          <ErrorState className='cf-error' message={loader.state.message} onRetry={() => void loader.load()} retryClassName='cf-retry' />
        </Screen>
      )
    }
    const c = loader.state.data
    return (
      <Screen className='page admin-page'>
        <View className='card'>
          <Text className='item-title'>{c.name}</Text>
          <Text className='form-hint cf-current-code'>当前编码：{c.code}</Text>
        </View>
        <CommunityForm
          editing={c}
          onCreated={setCreated}
          onSaved={(saved) => {
            void Taro.showToast({ title: saved.code !== c.code ? `已保存，新编码 ${saved.code}` : '已保存', icon: 'none', duration: 2500 })
            void Taro.navigateBack()
          }}
        />
      </Screen>
    )
  }

  if (!streetId) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='cf-no-street' text='没有找到要建社区的街道，请从管理首页进入' />
      </Screen>
    )
  }

  return (
    <Screen className='page admin-page'>
      <CommunityForm streetId={streetId} onCreated={setCreated} onSaved={() => undefined} />
    </Screen>
  )
}
