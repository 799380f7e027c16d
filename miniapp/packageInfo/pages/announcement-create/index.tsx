import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { ANNOUNCEMENT_MAX_DAYS, ANNOUNCEMENT_MAX_IMAGES, ZCreateAnnouncementRequest, type Grid, type Profile } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { EmptyState } from '../../../components/States'
import { getCommunityStructure } from '../../../services/admin'
import { createAnnouncement } from '../../../services/announcements'
import { errorMessage, fieldErrors, isApiError } from '../../../services/errors'
import { getProfile } from '../../../services/session'
import { uploadPhoto } from '../../../services/volunteers'
import { beijingDay } from '../../../utils/format'
import { INFO_ROUTES } from '../../routes'
import { canPublish, isStreetAdmin } from '../../utils/announcementAccess'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import { useDraft } from '../../../utils/draft'
import { useLoader } from '../../../utils/useLoader'
import { revealFirstError } from '../../../utils/formErrors'
import { DraftNote } from '../../../components/DraftNote'
import { ChipSelect, DatePicker, Field, FieldError, FormInput, PhotoPicker, usePhotos } from '../../../components/form'
import '../../components/announcements.scss'
import { Screen } from '../../../components/Screen'

/** 'community', 'street' or 'grid:<id>' */
type Target = string

interface Draft {
  target: Target
  title: string
  body: string
  pinned: boolean
  /** YYYY-MM-DD (Beijing), '' for no expiry */
  expiry: string
}

const EMPTY: Draft = { target: 'community', title: '', body: '', pinned: false, expiry: '' }
const FIELDS = ['scope', 'gridId', 'communityId', 'streetId', 'title', 'body', 'images', 'pinned', 'expiresAt'] as const
const isEmptyDraft = (d: Partial<Draft>) => !d.title?.trim() && !d.body?.trim() && !d.pinned && !d.expiry && (d.target ?? 'community') === 'community'

function confirmStreet(title: string): Promise<boolean> {
  return confirmAction({
    title: '发布到全街道',
    content: `「${title.trim()}」会发给全街道所有社区的居民，确定发布吗？`,
    confirmText: '发布',
  })
}

/** 发布通知: to the community, one of its grids, or (street admins) the whole street; what was typed survives leaving. */
export default function AnnouncementCreatePage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const communityId = params.communityId || profile?.communityId || ''
  const streetAdmin = isStreetAdmin(profile)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const gridLoader = useLoader<Grid[]>(async () => (await getCommunityStructure(communityId)).grids)
  const grids = { kind: gridLoader.state.kind, items: gridLoader.state.kind === 'ready' ? gridLoader.state.data : [] }
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  // uploaded one at a time as they are picked, so a slow connection shows how far it has got
  const photos = usePhotos({
    max: ANNOUNCEMENT_MAX_IMAGES,
    upload: async (p) => ({ key: (await uploadPhoto({ contentType: p.contentType, dataBase64: p.dataBase64 })).key }),
    onError: (message) => setErrors((e) => ({ ...e, images: message ?? '' })),
  })
  // one draft per community; photos are not kept (their uploads are short-lived)
  const saved = useDraft<Draft>(`announcement.${communityId}`, draft, (d) => setDraft({ ...EMPTY, ...d }), {
    isEmpty: isEmptyDraft,
    enabled: !!communityId && canPublish(profile),
  })

  const loadGrids = () => gridLoader.load(true)

  useEffect(() => {
    if (communityId && canPublish(profile)) void loadGrids()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [communityId])

  function change(patch: Partial<Draft>, ...clear: string[]) {
    setDraft((prev) => ({ ...prev, ...patch }))
    setErrors((prev) => {
      const next = { ...prev }
      for (const k of [...clear, 'form']) delete next[k]
      return next
    })
  }

  if (!canPublish(profile)) {
    return <Screen className='page ann-page'><EmptyState className='ann-forbidden' text='只有社区工作者和街道管理员可以发布通知' /></Screen>
  }
  if (!communityId) {
    return <Screen className='page ann-page'><EmptyState className='ann-no-community' text='请从社区通知列表进入发布页' /></Screen>
  }

  async function submit() {
    if (inFlight.current) return
    if (photos.uploading > 0) {
      setErrors({ images: '照片还在上传，请稍等一下再发布' })
      void revealFirstError()
      return
    }
    const t = draft.target
    const scope = t === 'street' ? 'street' : t.startsWith('grid:') ? 'grid' : 'community'
    const input = {
      scope,
      communityId,
      gridId: scope === 'grid' ? t.slice(5) : undefined,
      title: draft.title,
      body: draft.body,
      images: photos.keys(),
      pinned: draft.pinned,
      // the end of the chosen day in Beijing
      expiresAt: draft.expiry ? `${draft.expiry}T23:59:59+08:00` : undefined,
    } as const
    const parsed = ZCreateAnnouncementRequest.safeParse(input)
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues))
      void revealFirstError()
      return
    }
    if (scope === 'street' && !(await confirmStreet(draft.title))) return
    inFlight.current = true
    setBusy(true)
    setErrors({})
    try {
      const made = await createAnnouncement(input)
      saved.clear()
      setDraft(EMPTY)
      photos.clear()
      void Taro.showToast({ title: '已发布', icon: 'success', duration: 1500 })
      void Taro.redirectTo({ url: INFO_ROUTES.announcement(made.id) })
    } catch (err) {
      // what was typed stays; the message goes next to its field when the server names one
      const field = isApiError(err) && err.field && (FIELDS as readonly string[]).includes(err.field) ? err.field : 'form'
      setErrors({ [field === 'communityId' || field === 'streetId' ? 'scope' : field]: errorMessage(err) })
      void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  const targets: Target[] = [
    'community',
    ...(grids.kind === 'ready' ? grids.items.map((g) => `grid:${g.id}`) : []),
    ...(streetAdmin ? ['street'] : []),
  ]
  const gridIndex = (t: Target) => (grids.kind === 'ready' ? grids.items.findIndex((g) => `grid:${g.id}` === t) : -1)
  const targetLabel = (t: Target) => (t === 'community' ? '本社区' : t === 'street' ? '全街道' : grids.items[gridIndex(t)]?.name ?? '')
  const targetClass = (t: Target) => (t === 'community' || t === 'street' ? `ann-target-${t}` : `ann-target-grid-${gridIndex(t)}`)

  return (
    <Screen className='page ann-page announcement-create'>
      {saved.restored && (
        <DraftNote
          className='ann-draft-note'
          onDiscard={() => {
            saved.discard()
            setDraft(EMPTY)
            setErrors({})
          }}
        />
      )}
      <Field name='scope' label='发给谁'>
        <ChipSelect
          options={targets}
          labels={targetLabel}
          chipClassName={targetClass}
          layout='half'
          value={draft.target}
          onChange={(t) => change({ target: t }, 'scope', 'gridId')}
        />
        {grids.kind === 'loading' && <Text className='form-hint'>正在加载网格…</Text>}
        {grids.kind === 'error' && (
          <View className='link-text ann-grids-retry' {...a11y('button')} onClick={() => void loadGrids()}>
            <Text>网格没有加载出来，点此重试</Text>
          </View>
        )}
        <FieldError name='scope' message={errors.scope} />
        <FieldError name='gridId' message={errors.gridId} />
      </Field>

      <Field name='title' label='标题' error={errors.title}>
        <FormInput
          className='ann-title-input'
          invalid={!!errors.title}
          value={draft.title}
          maxlength={60}
          placeholder='例如：周二上午停水通知'
          onInput={(v) => change({ title: v }, 'title')}
        />
      </Field>

      <Field name='body' label='正文' error={errors.body}>
        <View className={`form-textarea is-tall ann-body-input${errors.body ? ' has-error' : ''}`}>
          <Textarea
            value={draft.body}
            maxlength={5000}
            placeholder='写清楚时间、地点和要做的事'
            placeholderClass='form-placeholder'
            onInput={(e) => change({ body: e.detail.value }, 'body')}
          />
        </View>
      </Field>

      <Field name='images' label={`图片（选填，最多 ${ANNOUNCEMENT_MAX_IMAGES} 张）`} error={errors.images}>
        <PhotoPicker state={photos} prefix='ann' addText='添加图片' addLabel='添加图片' removeLabel={() => '删除这张图片'} />
      </Field>

      <View className='form-field'>
        <View className={`ann-toggle ann-pinned-toggle${draft.pinned ? ' is-on' : ''}`} {...a11y('switch', '置顶', { checked: draft.pinned })} onClick={() => change({ pinned: !draft.pinned }, 'pinned')}>
          <Text>置顶</Text>
          <View className='ann-switch' />
        </View>
        <Text className='form-hint'>置顶的通知排在最前面</Text>
      </View>

      <Field name='expiresAt' label='有效期' error={errors.expiresAt}>
        <DatePicker
          value={draft.expiry || beijingDay(7)}
          start={beijingDay(0)}
          end={beijingDay(ANNOUNCEMENT_MAX_DAYS - 1)}
          className='ann-expiry'
          ariaLabel='选择有效期的截止日期'
          text={draft.expiry ? `${draft.expiry} 当天结束` : '长期有效（点此选择截止日期）'}
          onChange={(d) => change({ expiry: d }, 'expiresAt')}
        />
        {draft.expiry && (
          <View className='link-text ann-expiry-clear' {...a11y('button')} onClick={() => change({ expiry: '' }, 'expiresAt')}>
            <Text>改为长期有效</Text>
          </View>
        )}
      </Field>

      {errors.form && <Text className='form-error ann-form-error'>{errors.form}</Text>}
      <BusyButton className='ann-submit btn-gap' busy={busy} busyText='正在发布…' onClick={() => void submit()}>
        发布
      </BusyButton>
    </Screen>
  )
}
