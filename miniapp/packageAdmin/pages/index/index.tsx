import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { Community, Profile } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { DeskLayout } from '../../../components/DeskMenu'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { archiveCommunity, listAdminCommunities } from '../../../services/admin'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { Toggle } from '../../components/ChipGroup'
import { ROUTES } from '../../../utils/routes'
import { a11y } from '../../../utils/a11y'
import { ADMIN_ROUTES } from '../../routes'
import { canManage, homeStreetId, isStreetAdmin } from '../../utils/access'
import { confirmAction } from '../../utils/confirm'
import { useLoader, usePullDown } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'

const ARCHIVE_NOTE = '归档后居民将无法再加入该社区，已有数据保留'

const go = (url: string) => void Taro.navigateTo({ url })

interface Archiving {
  id: string
  reason: string
  busy: boolean
  error: string
}

/** A tile that opens a page (or, danger, starts archiving): a link for screen readers. */
function Section({ className, label, onClick, danger }: { className: string; label: string; onClick: () => void; danger?: boolean }) {
  return (
    <View className={`admin-section ${className}${danger ? ' admin-section-danger' : ''}`} {...a11y(danger ? 'button' : 'link')} onClick={onClick}>
      <Text>{label}</Text>
    </View>
  )
}

/** The sections of one community; the street administrator also edits and archives it, its staff its phone and prefix. */
function Sections({ c, streetAdmin, onArchive }: { c: Pick<Community, 'id' | 'archived'>; streetAdmin: boolean; onArchive?: () => void }) {
  return (
    <View className='admin-sections'>
      <Section className='admin-structure' label='网格与微网格' onClick={() => go(ADMIN_ROUTES.structure(c.id))} />
      <Section className='admin-party' label='党组织' onClick={() => go(ADMIN_ROUTES.party({ communityId: c.id }))} />
      <Section className='admin-invitations' label='邀请' onClick={() => go(ADMIN_ROUTES.invitations(c.id))} />
      <Section className='admin-members' label='成员与身份' onClick={() => go(ADMIN_ROUTES.members(c.id))} />
      {!c.archived && <Section className='admin-qr' label='社区二维码' onClick={() => go(ADMIN_ROUTES.qr(c.id))} />}
      <Section className='admin-stats' label='数据看板' onClick={() => go(ROUTES.stats({ communityId: c.id }))} />
      <Section className='admin-exports' label='数据导出' onClick={() => go(ADMIN_ROUTES.exports({ communityId: c.id }))} />
      <Section className='admin-settings' label='社区设置' onClick={() => go(ADMIN_ROUTES.settings(c.id))} />
      <Section className='admin-audit' label='操作日志' onClick={() => go(ADMIN_ROUTES.audit(c.id))} />
      {!c.archived && (
        <Section className='admin-edit' label={streetAdmin ? '编辑' : '电话与编号'} onClick={() => go(ADMIN_ROUTES.communityForm({ id: c.id }))} />
      )}
      {streetAdmin && !c.archived && onArchive && <Section className='admin-archive' label='归档' danger onClick={onArchive} />}
    </View>
  )
}

function counts(c: Community): string {
  return `${c.gridCount} 个网格 · ${c.microGridCount} 个微网格 · ${c.memberCount} 位成员`
}

/** 管理 home: a street administrator's street and its communities; a staff member's own community. */
export default function AdminHomePage() {
  const [profile] = useState<Profile | null>(() => getProfile())
  const streetAdmin = isStreetAdmin(profile)
  const [streetId, setStreetId] = useState<string | undefined>(() => homeStreetId(profile))
  const [showArchived, setShowArchived] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  const [archiving, setArchiving] = useState<Archiving | null>(null)
  const inFlight = useRef(false)
  const street = useRef(streetId)
  street.current = streetId

  // Archived communities come along and are hidden here: switching "显示已归档" costs no round trip.
  const list = useLoader<Community[]>(() =>
    streetAdmin ? listAdminCommunities({ streetId: street.current, includeArchived: true }) : listAdminCommunities(),
  )

  useDidShow(() => {
    if (ensureLoggedIn() && canManage(getProfile())) void list.load()
  })
  usePullDown(() => (canManage(profile) ? list.load() : undefined))

  if (!canManage(profile)) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='admin-forbidden' text='您没有管理权限'>
          <Text className='form-hint'>社区工作者和街道管理员可以在这里管理社区。如需权限，请联系社区或街道。</Text>
        </EmptyState>
      </Screen>
    )
  }

  async function submitArchive(c: Community) {
    if (!archiving || inFlight.current) return
    const reason = archiving.reason.trim()
    if (reason.length < 2) {
      setArchiving({ ...archiving, error: '请填写归档原因（至少 2 个字）' })
      return
    }
    if (!(await confirmAction('归档社区', `确定归档「${c.name}」吗？${ARCHIVE_NOTE}`, '归档', true))) return
    inFlight.current = true
    setArchiving({ ...archiving, busy: true, error: '' })
    try {
      const updated = await archiveCommunity(c.id, reason)
      list.set((items) => items.map((x) => (x.id === updated.id ? updated : x)))
      setArchiving(null)
      void Taro.showToast({ title: '已归档', icon: 'none', duration: 2000 })
    } catch (err) {
      setArchiving((prev) => (prev ? { ...prev, busy: false, error: errorMessage(err) } : prev))
    } finally {
      inFlight.current = false
    }
  }

  function archivePanel(c: Community) {
    if (archiving?.id !== c.id) return null
    return (
      <View className='inline-form archive-panel' onClick={(e) => e.stopPropagation()}>
        <Text className='form-label'>归档原因</Text>
        <Text className='form-hint'>{ARCHIVE_NOTE}</Text>
        <Textarea
          className={`form-textarea archive-reason${archiving.error ? ' has-error' : ''}`}
          value={archiving.reason}
          maxlength={200}
          placeholder='例如：已并入光明社区'
          placeholderClass='form-placeholder'
          onInput={(e) => setArchiving((prev) => (prev ? { ...prev, reason: e.detail.value, error: '' } : prev))}
        />
        {archiving.error !== '' && <Text className='field-error archive-error'>{archiving.error}</Text>}
        <BusyButton className='archive-submit btn-gap' busy={archiving.busy} busyText='正在归档…' onClick={() => void submitArchive(c)}>
          归档
        </BusyButton>
        {!archiving.busy && (
          <Button className='btn btn-outline btn-gap archive-cancel' onClick={() => setArchiving(null)}>
            不归档
          </Button>
        )}
      </View>
    )
  }

  // A staff member: their own community's sections, straight away.
  if (!streetAdmin) {
    const own = list.state.kind === 'ready' ? list.state.data.find((c) => c.id === profile?.communityId) ?? list.state.data[0] : undefined
    const target = own ?? (profile?.communityId ? { id: profile.communityId, archived: false } : undefined)
    return (
      <DeskLayout current='admin'>
      <Screen className='page admin-page admin-home'>
        <View className='card admin-head'>
          <Text className='admin-street-name admin-community-name'>{own?.name ?? profile?.communityName ?? '本社区'}</Text>
          {own && (
            <Text className='admin-head-sub admin-community-code'>
              一社区一编码：<Text className='nowrap'>{own.code}</Text>
            </Text>
          )}
          {own && <Text className='admin-head-sub admin-counts'>{counts(own)}</Text>}
          {own && (
            <Text className='admin-head-sub admin-contact'>
              服务电话：<Text className='nowrap'>{own.servicePhone ?? '未设置'}</Text>
            </Text>
          )}
          {own && (
            <Text className='admin-head-sub admin-prefix'>
              受理编号前缀：<Text className='nowrap'>{own.refPrefix}</Text>
            </Text>
          )}
          {list.state.kind === 'error' && <Text className='admin-head-sub'>社区信息暂时没有加载出来，下面的功能仍可使用</Text>}
        </View>
        {target && (
          <View className='card'>
            <Text className='section-title'>社区管理</Text>
            <Sections c={target} streetAdmin={false} />
          </View>
        )}
      </Screen>
      </DeskLayout>
    )
  }

  const streets = profile?.adminStreetIds ?? []
  const items = list.state.kind === 'ready' ? list.state.data : []
  const shown = items.filter((c) => showArchived || !c.archived)
  const archivedCount = items.filter((c) => c.archived).length
  const streetName = (streetId === profile?.streetId ? profile?.streetName : undefined) ?? items[0]?.streetName ?? '我的街道'

  return (
    <DeskLayout current='admin'>
    <Screen className='page admin-page admin-home'>
      <View className='card admin-head'>
        <Text className='admin-street-name admin-street'>{streetName}</Text>
        <Text className='admin-head-sub'>街道管理员 · {list.state.kind === 'ready' ? `${items.length - archivedCount} 个社区` : '社区管理'}</Text>
        {streets.length > 1 && (
          <View className='segment-bar btn-gap'>
            {streets.map((s, i) => (
              <View
                key={s}
                className={`filter-chip admin-street-${i}${s === streetId ? ' is-selected' : ''}`}
                {...a11y('tab', undefined, { selected: s === streetId })}
                onClick={() => {
                  setStreetId(s)
                  street.current = s
                  setOpen(null)
                  void list.load(true)
                }}
              >
                <Text>{s === profile?.streetId && profile?.streetName ? profile.streetName : `街道 ${i + 1}`}</Text>
              </View>
            ))}
          </View>
        )}
        <View className='btn-row'>
          <Button className={`btn ${archiving ? 'btn-outline' : 'btn-primary'} admin-new-community`} onClick={() => go(ADMIN_ROUTES.communityForm({ streetId }))}>
            新建社区
          </Button>
        </View>
        <View className='admin-sections'>
          <Section className='admin-street-queue' label='街道待办' onClick={() => go(ROUTES.needQueueScope('street'))} />
          <Section className='admin-street-party' label='街道党组织' onClick={() => go(ADMIN_ROUTES.party({ streetId }))} />
          <Section className='admin-street-members' label='全街道成员' onClick={() => go(ADMIN_ROUTES.members())} />
          <Section className='admin-street-audit' label='街道操作日志' onClick={() => go(ADMIN_ROUTES.audit())} />
          <Section className='admin-street-stats' label='街道数据看板' onClick={() => go(ROUTES.stats({ streetId }))} />
          <Section className='admin-street-exports' label='街道数据导出' onClick={() => go(ADMIN_ROUTES.exports({ streetId }))} />
          <Section className='admin-street-whistles' label='街道吹哨' onClick={() => go(ROUTES.streetWhistles)} />
        </View>
      </View>

      <View className='card'>
        <Toggle className='admin-show-archived' label={`显示已归档${archivedCount ? `（${archivedCount}）` : ''}`} on={showArchived} onChange={setShowArchived} />
      </View>

      {list.state.kind === 'loading' && <LoadingState className='admin-loading' />}
      {list.state.kind === 'error' && <ErrorState className='admin-error' message={list.state.message} onRetry={() => void list.load()} retryClassName='admin-retry' />}
      {list.state.kind === 'ready' && shown.length === 0 && (
        <EmptyState className='admin-empty' text={items.length === 0 ? '街道还没有社区，先新建一个吧' : '没有未归档的社区'} />
      )}
      {shown.length > 0 && (
        <View className='admin-community-list'>
          {shown.map((c) => (
            <View key={c.id} className={`card admin-community${c.archived ? ' is-archived' : ''}`} data-id={c.id}>
              <View
                className='admin-community-head'
                {...a11y('button', `${c.name}${open === c.id ? '，收起' : '，展开管理项'}`)}
                onClick={() => setOpen(open === c.id ? null : c.id)}
              >
                <View className='item-head'>
                  <Text className='item-title admin-community-name'>{c.name}</Text>
                  {c.archived && <Text className='adm-badge adm-badge-archived admin-archived'>已归档</Text>}
                </View>
                <Text className='admin-community-code'>{c.code}</Text>
                <Text className='admin-counts'>{counts(c)}</Text>
              </View>
              {open === c.id && (
                <Sections
                  c={c}
                  streetAdmin
                  onArchive={() => setArchiving({ id: c.id, reason: '', busy: false, error: '' })}
                />
              )}
              {open === c.id && archivePanel(c)}
            </View>
          ))}
        </View>
      )}
    </Screen>
    </DeskLayout>
  )
}
