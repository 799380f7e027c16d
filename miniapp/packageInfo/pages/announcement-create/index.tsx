import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components'
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
import { ImageError, pickImages } from '../../../utils/pickImages'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import { useDraft } from '../../../utils/draft'
import { revealFirstError } from '../../../utils/formErrors'
import { DraftNote } from '../../../components/DraftNote'
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

interface Photo {
  id: number
  preview: string
  key: string | null
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
  const [grids, setGrids] = useState<{ kind: 'loading' | 'error' | 'ready'; items: Grid[]; message: string }>({ kind: 'loading', items: [], message: '' })
  const [photos, setPhotos] = useState<Photo[]>([])
  const [uploading, setUploading] = useState(0)
  /** 正在上传第 n/m 张照片… while a batch goes up, one photo at a time */
  const [progress, setProgress] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  const picking = useRef(false)
  const nextId = useRef(1)
  // one draft per community; photos are not kept (their uploads are short-lived)
  const saved = useDraft<Draft>(`announcement.${communityId}`, draft, (d) => setDraft({ ...EMPTY, ...d }), {
    isEmpty: isEmptyDraft,
    enabled: !!communityId && canPublish(profile),
  })

  async function loadGrids() {
    setGrids({ kind: 'loading', items: [], message: '' })
    try {
      const s = await getCommunityStructure(communityId)
      setGrids({ kind: 'ready', items: s.grids, message: '' })
    } catch (err) {
      setGrids({ kind: 'error', items: [], message: errorMessage(err) })
    }
  }

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

  async function addPhotos() {
    if (picking.current) return
    const room = ANNOUNCEMENT_MAX_IMAGES - photos.length
    if (room <= 0) return
    picking.current = true
    setErrors((e) => ({ ...e, images: '' }))
    try {
      const picked = (await pickImages(room)).slice(0, room)
      const added = picked.map((p) => ({ id: nextId.current++, preview: p.preview, key: null as string | null }))
      setPhotos((prev) => [...prev, ...added].slice(0, ANNOUNCEMENT_MAX_IMAGES))
      setUploading((n) => n + added.length)
      // one at a time, so a slow connection shows how far it has got
      for (let i = 0; i < picked.length; i++) {
        const local = added[i].id
        setProgress(`正在上传第 ${i + 1}/${picked.length} 张照片…`)
        try {
          const up = await uploadPhoto({ contentType: picked[i].contentType, dataBase64: picked[i].dataBase64 })
          setPhotos((prev) => prev.map((x) => (x.id === local ? { ...x, key: up.key } : x)))
        } catch (err) {
          setPhotos((prev) => prev.filter((x) => x.id !== local))
          setErrors((e) => ({ ...e, images: `照片上传失败：${errorMessage(err)}` }))
        } finally {
          setUploading((n) => n - 1)
        }
      }
      setProgress('')
    } catch (err) {
      setErrors((e) => ({ ...e, images: err instanceof ImageError ? err.message : '没能添加照片，请再试一次' }))
    } finally {
      picking.current = false
    }
  }

  async function submit() {
    if (inFlight.current) return
    if (uploading > 0) {
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
      images: photos.map((p) => p.key).filter((k): k is string => !!k),
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
      setPhotos([])
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

  const err = (field: string) => (errors[field] ? <Text className={`field-error field-error-${field}`}>{errors[field]}</Text> : null)
  const chip = (value: Target, label: string, cls: string) => (
    <View
      key={value}
      className={`chip ${cls}${draft.target === value ? ' is-selected' : ''}`}
      {...a11y('radio', undefined, { checked: draft.target === value })}
      onClick={() => change({ target: value }, 'scope', 'gridId')}
    >
      <Text>{label}</Text>
    </View>
  )

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
      <View className='form-field'>
        <Text className='form-label'>发给谁</Text>
        <View className='chip-grid' {...a11y('radiogroup')}>
          {chip('community', '本社区', 'ann-target-community')}
          {grids.kind === 'ready' && grids.items.map((g, i) => chip(`grid:${g.id}`, g.name, `ann-target-grid-${i}`))}
          {streetAdmin && chip('street', '全街道', 'ann-target-street')}
        </View>
        {grids.kind === 'loading' && <Text className='form-hint'>正在加载网格…</Text>}
        {grids.kind === 'error' && (
          <View className='link-text ann-grids-retry' {...a11y('button')} onClick={() => void loadGrids()}>
            <Text>网格没有加载出来，点此重试</Text>
          </View>
        )}
        {err('scope')}
        {err('gridId')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>标题</Text>
        <Input
          className={`form-input ann-title-input${errors.title ? ' has-error' : ''}`}
          value={draft.title}
          maxlength={60}
          placeholder='例如：周二上午停水通知'
          placeholderClass='form-placeholder'
          onInput={(e) => change({ title: e.detail.value }, 'title')}
        />
        {err('title')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>正文</Text>
        <View className={`form-textarea ann-body-input${errors.body ? ' has-error' : ''}`}>
          <Textarea
            value={draft.body}
            maxlength={5000}
            placeholder='写清楚时间、地点和要做的事'
            placeholderClass='form-placeholder'
            onInput={(e) => change({ body: e.detail.value }, 'body')}
          />
        </View>
        {err('body')}
      </View>

      <View className='form-field'>
        <Text className='form-label'>图片（选填，最多 {ANNOUNCEMENT_MAX_IMAGES} 张）</Text>
        <View className='photo-grid ann-photos'>
          {photos.map((p) => (
            <View key={p.id} className={`photo-cell ann-photo${p.key ? ' is-uploaded' : ' is-uploading'}`}>
              <Image className='photo-img' src={p.preview} mode='aspectFill' />
              {!p.key && <Text className='photo-uploading'>上传中…</Text>}
              <View className='photo-remove ann-photo-remove' {...a11y('button', '删除这张图片')} onClick={() => setPhotos((prev) => prev.filter((x) => x.id !== p.id))}>
                <Text>✕</Text>
              </View>
            </View>
          ))}
          {photos.length < ANNOUNCEMENT_MAX_IMAGES && (
            <View className='photo-add ann-photo-add' {...a11y('button', '添加图片')} onClick={() => void addPhotos()}>
              <Text>＋</Text>
              <Text>添加图片</Text>
            </View>
          )}
        </View>
        {progress !== '' && <Text className='form-hint ann-upload-progress'>{progress}</Text>}
        {err('images')}
      </View>

      <View className='form-field'>
        <View className={`ann-toggle ann-pinned-toggle${draft.pinned ? ' is-on' : ''}`} {...a11y('switch', '置顶', { checked: draft.pinned })} onClick={() => change({ pinned: !draft.pinned }, 'pinned')}>
          <Text>置顶</Text>
          <View className='ann-switch' />
        </View>
        <Text className='form-hint'>置顶的通知排在最前面</Text>
      </View>

      <View className='form-field'>
        <Text className='form-label'>有效期</Text>
        <Picker mode='date' value={draft.expiry || beijingDay(7)} start={beijingDay(0)} end={beijingDay(ANNOUNCEMENT_MAX_DAYS - 1)} className='ann-expiry'
          onChange={(e) => change({ expiry: String(e.detail.value) }, 'expiresAt')}>
          <View className='form-picker' {...a11y('button', '选择有效期的截止日期')}>
            <Text>{draft.expiry ? `${draft.expiry} 当天结束` : '长期有效（点此选择截止日期）'}</Text>
          </View>
        </Picker>
        {draft.expiry && (
          <View className='link-text ann-expiry-clear' {...a11y('button')} onClick={() => change({ expiry: '' }, 'expiresAt')}>
            <Text>改为长期有效</Text>
          </View>
        )}
        {err('expiresAt')}
      </View>

      {errors.form && <Text className='form-error ann-form-error'>{errors.form}</Text>}
      <BusyButton className='ann-submit btn-gap' busy={busy} busyText='正在发布…' onClick={() => void submit()}>
        发布
      </BusyButton>
    </Screen>
  )
}
