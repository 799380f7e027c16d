import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { APP_ROLE_LABELS, type AppRole, type Member, type Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { listMembers } from '../../../services/admin'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { RoleEditor } from '../../components/RoleEditor'
import { SuspendEditor } from '../../components/SuspendEditor'
import { canManage, isStreetAdmin } from '../../utils/access'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'
import { a11y } from '../../../utils/a11y'
import { MoreButton } from '../../../components/MoreButton'

const FILTERS: Array<AppRole | 'all'> = ['all', 'resident', 'party_member', 'talent', 'unit', 'grid_worker', 'staff', 'admin']

/** 成员与身份: find people by name or phone fragment, filter by role, and change roles (audited). */
export default function MembersPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const streetAdmin = isStreetAdmin(profile)
  // A street administrator may look across the whole street; staff always within their community.
  const communityId = params.communityId || (streetAdmin ? undefined : profile?.communityId ?? undefined)
  const [text, setText] = useState('')
  const [role, setRole] = useState<AppRole | 'all'>('all')
  const [editing, setEditing] = useState<string | null>(null)
  // one inline panel at a time: the role editor (tap the row) or 停用/恢复 (its own link)
  const [suspending, setSuspending] = useState<string | null>(null)
  const filter = useRef<{ q?: string; role?: AppRole }>({})
  const list = usePaged<Member>((cursor) => listMembers({ communityId, q: filter.current.q, role: filter.current.role, cursor }))

  useDidShow(() => {
    if (ensureLoggedIn() && canManage(getProfile())) void list.load()
  })
  usePullDown(() => (canManage(profile) ? list.load() : undefined))
  useReachBottom(() => void list.loadMore())

  if (!canManage(profile)) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='members-forbidden' text='您没有管理权限' />
      </Screen>
    )
  }

  function apply(next: { q?: string; role?: AppRole | 'all' }) {
    const r = next.role ?? role
    const q = (next.q ?? text).trim()
    filter.current = { q: q || undefined, role: r === 'all' ? undefined : r }
    setEditing(null)
    setSuspending(null)
    void list.load(true)
  }

  const s = list.state
  const filtered = !!filter.current.q || !!filter.current.role
  return (
    <Screen className='page admin-page members-page'>
      <View className='card members-filters'>
        <Text className='section-title'>{communityId ? '成员与身份' : '全街道成员'}</Text>
        <Text className='form-label members-search-label'>查找成员</Text>
        <View className='form-row members-search-row'>
          <View className='form-col'>
            <Input
              className='form-input members-search'
              value={text}
              maxlength={40}
              placeholder='姓名或手机号'
              placeholderClass='form-placeholder'
              confirmType='search'
              onInput={(e) => setText(e.detail.value)}
              onConfirm={() => apply({})}
            />
          </View>
          <Button className={`btn ${editing || suspending ? 'btn-outline' : 'btn-primary'} members-search-submit`} onClick={() => apply({})}>
            搜索
          </Button>
        </View>
        <View className='segment-bar btn-gap'>
          {FILTERS.map((r) => (
            <View
              key={r}
              className={`filter-chip members-role-${r}${role === r ? ' is-selected' : ''}`}
              {...a11y('tab', undefined, { selected: role === r })}
              onClick={() => {
                setRole(r)
                apply({ role: r })
              }}
            >
              <Text>{r === 'all' ? '全部' : APP_ROLE_LABELS[r]}</Text>
            </View>
          ))}
        </View>
      </View>

      {s.kind === 'loading' && <LoadingState className='members-loading' />}
      {s.kind === 'error' && <ErrorState className='members-error' message={s.message} onRetry={() => void list.load()} retryClassName='members-retry' />}
      {s.kind === 'ready' && s.items.length === 0 && <EmptyState className='members-empty' text={filtered ? '没有找到符合条件的成员' : '还没有成员'} />}
      {s.items.length > 0 && (
        <View className='member-list'>
          {s.items.map((m) => (
            <View
              key={m.profileId}
              className={`card member-row${m.suspended ? ' is-suspended' : ''}`}
              data-id={m.profileId}
              {...a11y('button', `${m.displayName}：${editing === m.profileId ? '收起' : '修改身份'}`)}
              onClick={() => {
                setSuspending(null)
                setEditing(editing === m.profileId ? null : m.profileId)
              }}
            >
              <View className='item-head'>
                <Text className='item-title member-name'>{m.displayName}</Text>
                {m.suspended && <Text className='adm-badge adm-badge-suspended member-suspended'>已停用</Text>}
                {m.phoneMasked ? <Text className='member-phone'>{m.phoneMasked}</Text> : null}
              </View>
              {!communityId && m.communityName && <Text className='form-hint member-community'>{m.communityName}</Text>}
              <View className='detail-row'>
                <Text className='detail-label'>微网格</Text>
                <Text className='detail-value member-micro-grid'>{m.microGridName ?? '未选择'}</Text>
              </View>
              {m.gridNames.length > 0 && (
                <View className='detail-row'>
                  <Text className='detail-label'>负责网格</Text>
                  <Text className='detail-value member-grids'>{m.gridNames.join('、')}</Text>
                </View>
              )}
              {m.unitName && (
                <View className='detail-row'>
                  <Text className='detail-label'>单位</Text>
                  <Text className='detail-value member-unit'>{m.unitName}</Text>
                </View>
              )}
              <View className='btn-gap'>
                {m.roles.map((r) => (
                  <Text key={r} className={`adm-badge adm-badge-role member-role member-role-${r}`}>
                    {APP_ROLE_LABELS[r]}
                  </Text>
                ))}
              </View>
              {m.suspended && m.suspendedReason && (
                <View className='detail-row'>
                  <Text className='detail-label'>停用原因</Text>
                  <Text className='detail-value member-suspended-reason'>{m.suspendedReason}</Text>
                </View>
              )}
              {editing === m.profileId ? (
                <RoleEditor
                  member={m}
                  communityId={m.communityId ?? communityId ?? ''}
                  allowAdmin={streetAdmin}
                  onCancel={() => setEditing(null)}
                  onSaved={(saved) => {
                    list.set((items) => items.map((x) => (x.profileId === saved.profileId ? saved : x)))
                    setEditing(null)
                    void Taro.showToast({ title: '身份已更新', icon: 'none', duration: 2000 })
                  }}
                />
              ) : (
                <Text className='link-text member-edit'>修改身份</Text>
              )}
              {m.canSuspend && (suspending === m.profileId ? (
                <SuspendEditor
                  member={m}
                  onCancel={() => setSuspending(null)}
                  onSaved={(saved) => {
                    list.set((items) => items.map((x) => (x.profileId === saved.profileId ? saved : x)))
                    setSuspending(null)
                    void Taro.showToast({ title: saved.suspended ? '账号已停用' : '账号已恢复', icon: 'none', duration: 2000 })
                  }}
                />
              ) : (
                <Text
                  className={`link-text ${m.suspended ? 'member-reinstate' : 'member-suspend'}`}
                  {...a11y('button', `${m.suspended ? '恢复' : '停用'}${m.displayName}的账号`)}
                  onClick={(e) => {
                    // its own panel, not the row's role editor
                    e.stopPropagation()
                    setEditing(null)
                    setSuspending(m.profileId)
                  }}
                >
                  {m.suspended ? '恢复账号' : '停用账号'}
                </Text>
              ))}
            </View>
          ))}
        </View>
      )}
      {s.kind === 'ready' && s.nextCursor && (
        <MoreButton className='members-more' more={s.more} onClick={() => void list.loadMore()} />
      )}
      {s.kind === 'ready' && !s.nextCursor && s.items.length > 0 && <Text className='list-end'>没有更多了</Text>}
    </Screen>
  )
}
