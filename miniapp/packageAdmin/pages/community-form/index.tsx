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
  REF_PREFIX_HINT,
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
import { DraftNote } from '../../../components/DraftNote'
import { ADMIN_ROUTES } from '../../routes'
import { useDraft } from '../../../utils/draft'
import { revealFirstError } from '../../../utils/formErrors'
import { canManage, homeStreetId, isStreetAdmin } from '../../utils/access'
import { confirmAction } from '../../utils/confirm'
import { FIX_HINT, serverErrors } from '../../utils/form'
import { useLoader } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'

const FIELDS = ['name', 'scale', 'function', 'subtype', 'branchSecretaryLeadsGrid', 'servicePhone', 'refPrefix'] as const

interface Draft {
  name: string
  scale: CommunityScale | ''
  function: CommunityFunction | ''
  subtype: CommunitySubtype | ''
  leads: boolean
  phone: string
  prefix: string
}

const EMPTY: Draft = { name: '', scale: '', function: '', subtype: '', leads: true, phone: '', prefix: '' }

const fromCommunity = (c: Community): Draft => ({
  name: c.name, scale: c.scale, function: c.function, subtype: c.subtype, leads: c.branchSecretaryLeadsGrid,
  phone: c.servicePhone ?? '', prefix: c.refPrefix,
})

/** A saved draft as far as it still fits the form (an old app version may have saved another shape). */
function sane(saved: Partial<Draft>, base: Draft): Draft {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback)
  return {
    name: str(saved.name, base.name),
    scale: (COMMUNITY_SCALES as readonly string[]).includes(saved.scale ?? '') ? (saved.scale as CommunityScale) : base.scale,
    function: (COMMUNITY_FUNCTIONS as readonly string[]).includes(saved.function ?? '') ? (saved.function as CommunityFunction) : base.function,
    subtype: (COMMUNITY_SUBTYPES as readonly string[]).includes(saved.subtype ?? '') ? (saved.subtype as CommunitySubtype) : base.subtype,
    leads: typeof saved.leads === 'boolean' ? saved.leads : base.leads,
    phone: str(saved.phone, base.phone),
    prefix: str(saved.prefix, base.prefix),
  }
}

const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The street administrator edits everything; the community's own staff (contactOnly) the service phone and the
 * 受理编号 prefix, with the name and classification shown but not editable (they are the street's).
 */
function CommunityForm(props: {
  streetId?: string
  editing?: Community
  contactOnly?: boolean
  onCreated: (c: Community) => void
  onSaved: (c: Community) => void
}) {
  const { streetId, editing, contactOnly = false, onCreated, onSaved } = props
  const base = editing ? fromCommunity(editing) : EMPTY
  const [draft, setDraft] = useState<Draft>(base)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [submitting, setSubmitting] = useState(false)
  const inFlight = useRef(false)

  // one draft per street for a new community, one per community for an edit; an untouched form keeps none
  const saved = useDraft<Draft>(
    editing ? `admin.community.${editing.id}` : `admin.community.new.${streetId ?? ''}`,
    draft,
    (d) => setDraft(sane(d, base)),
    { isEmpty: (d) => sameDraft(sane(d, base), base) },
  )

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

  function refuse(next: Record<string, string>) {
    setErrors(next)
    void revealFirstError()
  }

  async function submit() {
    if (inFlight.current) return
    const contact = {
      servicePhone: editing ? (draft.phone.trim() === '' ? null : draft.phone) : draft.phone.trim() === '' ? undefined : draft.phone,
      refPrefix: draft.prefix.trim() === '' && !editing ? undefined : draft.prefix,
    }
    const fields = contactOnly
      ? contact
      : {
          name: draft.name,
          scale: draft.scale || undefined,
          function: draft.function || undefined,
          subtype: draft.subtype || undefined,
          branchSecretaryLeadsGrid: draft.leads,
          ...contact,
        }
    const local = editing ? ZUpdateCommunityRequest.safeParse({ id: editing.id, ...fields }) : ZCreateCommunityRequest.safeParse({ streetId, ...fields })
    const blankName = !contactOnly && draft.name.trim() === ''
    if (!local.success || blankName) {
      refuse({ ...(local.success ? {} : fieldErrors(local.error.issues)), ...(blankName ? { name: '请填写社区名称' } : {}), form: FIX_HINT })
      return
    }
    // The code is derived from the classification: changing it may change a code already printed or shared.
    const reclassified = !!editing && !contactOnly && (editing.scale !== draft.scale || editing.function !== draft.function || editing.subtype !== draft.subtype)
    if (reclassified && !(await confirmAction('修改分类', `修改「${editing.name}」的规模或类型后，一社区一编码可能随之改变，已经印发或告知居民的编码需要更新。确定修改吗？`, '确定修改', true))) return
    const reprefixed = !!editing && editing.refPrefix !== draft.prefix.trim().toUpperCase()
    if (reprefixed && !(await confirmAction('修改受理编号前缀', `「${editing.name}」今后的新需求编号将以 ${draft.prefix.trim().toUpperCase()} 开头，已有需求的编号不变。确定修改吗？`, '确定修改'))) return
    inFlight.current = true
    setSubmitting(true)
    setErrors({})
    try {
      if (editing) {
        const c = await updateCommunity({ id: editing.id, ...fields })
        saved.clear()
        onSaved(c)
      } else {
        const c = await createCommunity(ZCreateCommunityRequest.parse({ streetId, ...fields }))
        saved.clear()
        onCreated(c)
      }
    } catch (err) {
      refuse(serverErrors(err, FIELDS))
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  return (
    <View className='card community-form'>
      {saved.restored && (
        <DraftNote
          className='cf-draft-note'
          onDiscard={() => {
            saved.discard()
            setDraft(base)
            setErrors({})
          }}
        />
      )}
      {!contactOnly && (
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
      )}

      <View className='form-field'>
        <Text className='form-label'>社区服务电话</Text>
        <Input
          className={`form-input cf-phone${errors.servicePhone ? ' has-error' : ''}`}
          type='text'
          value={draft.phone}
          maxlength={20}
          placeholder='例如：025-84561234'
          placeholderClass='form-placeholder'
          onInput={(e) => change({ phone: e.detail.value }, 'servicePhone')}
        />
        <Text className='form-hint'>居民在首页点「打电话给社区」就会拨这个号码，可以是座机或手机</Text>
        <FieldError field='servicePhone' message={errors.servicePhone} />
      </View>

      <View className='form-field'>
        <Text className='form-label'>受理编号前缀</Text>
        <Input
          className={`form-input cf-prefix${errors.refPrefix ? ' has-error' : ''}`}
          value={draft.prefix}
          maxlength={8}
          placeholder={editing ? '例如：HP' : '不填则自动生成，可以以后再改'}
          placeholderClass='form-placeholder'
          onInput={(e) => change({ prefix: e.detail.value.toUpperCase() }, 'refPrefix')}
        />
        <Text className='form-hint'>{REF_PREFIX_HINT}。需求编号会写成 {(draft.prefix.trim() || 'HP').toUpperCase()}-20261128-0042</Text>
        <FieldError field='refPrefix' message={errors.refPrefix} />
      </View>

      {!contactOnly && (
        <>
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
        </>
      )}

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
  const streetAdmin = isStreetAdmin(profile)
  // a new community is the street's; an existing one's phone and prefix are also its staff's (the server checks which)
  const allowed = streetAdmin || (!!id && canManage(profile))

  const loader = useLoader<Community>(async () => (await getCommunityStructure(id!)).community)

  useEffect(() => {
    if (!ensureLoggedIn() || !allowed) return
    if (id) void loader.load()
    void Taro.setNavigationBarTitle({ title: id ? (streetAdmin ? '编辑社区' : '社区信息') : '新建社区' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  if (!allowed) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='cf-forbidden' text={id ? '您没有管理这个社区的权限' : '只有街道管理员可以新建社区'} />
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
          {!streetAdmin && <Text className='form-hint cf-street-owns'>社区名称和分类由街道管理员修改</Text>}
        </View>
        <CommunityForm
          editing={c}
          contactOnly={!streetAdmin}
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
