import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { APP_ROLE_LABELS, INVITATION_STATUS_LABELS, PARTNER_TYPE_LABELS, type CreateInvitationResponse, type Invitation, type Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { listInvitations, revokeInvitation } from '../../../services/admin'
import { errorMessage } from '../../../services/errors'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { AdminQr } from '../../components/AdminQr'
import { InviteForm } from '../../components/InviteForm'
import { canManage, isStreetAdmin } from '../../utils/access'
import { confirmAction } from '../../utils/confirm'
import { usePaged, usePullDown } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'
import { MoreButton } from '../../../components/MoreButton'

function scope(inv: Invitation): string {
  if (inv.role === 'grid_worker' && inv.gridName) return `网格：${inv.gridName}`
  if (inv.role === 'unit' && inv.unitName) return `单位：${inv.unitName}${inv.partnerType ? `（${PARTNER_TYPE_LABELS[inv.partnerType]}）` : ''}`
  return ''
}

/** 邀请: every role but resident comes by a single-use code (7 days); here they are made, shown and revoked. */
export default function InvitationsPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const communityId = params.communityId || profile?.communityId || ''
  const [created, setCreated] = useState<CreateInvitationResponse | null>(null)
  const [revoking, setRevoking] = useState<string | null>(null)
  const revokeBusy = useRef(false)
  const list = usePaged<Invitation>((cursor) => listInvitations({ communityId, cursor }))

  useDidShow(() => {
    if (ensureLoggedIn() && canManage(getProfile()) && communityId) void list.load()
  })
  usePullDown(() => (communityId ? list.load() : undefined))
  useReachBottom(() => void list.loadMore())

  if (!canManage(profile)) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='invite-forbidden' text='您没有管理权限' />
      </Screen>
    )
  }
  if (!communityId) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='invite-no-community' text='请从管理首页选择一个社区' />
      </Screen>
    )
  }

  async function revoke(inv: Invitation) {
    if (revokeBusy.current) return
    // names what the invitation was for: the role, and the grid or unit it came with
    const what = `${inv.role === 'admin' ? '管理员' : APP_ROLE_LABELS[inv.role]}${inv.gridName ? `（${inv.gridName}）` : inv.unitName ? `（${inv.unitName}）` : ''}`
    const ok = await confirmAction('作废邀请', `作废邀请「${what}」后，邀请码 ${inv.code} 不能再使用，对方需要重新邀请。确定作废吗？`, '作废', true)
    if (!ok) return
    revokeBusy.current = true
    setRevoking(inv.id)
    try {
      const updated = await revokeInvitation(inv.id)
      list.set((items) => items.map((x) => (x.id === updated.id ? updated : x)))
      if (created?.id === updated.id) setCreated(null)
      void Taro.showToast({ title: '已作废', icon: 'none', duration: 2000 })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
      void list.load()
    } finally {
      revokeBusy.current = false
      setRevoking(null)
    }
  }

  function copy(text: string, done: string) {
    Taro.setClipboardData({ data: text }).then(
      () => void Taro.showToast({ title: done, icon: 'none', duration: 1500 }),
      () => void Taro.showToast({ title: '复制失败，请手动抄写', icon: 'none', duration: 2000 }),
    )
  }

  const s = list.state
  return (
    <Screen className='page admin-page invitations-page'>
      {created ? (
        <View className='card invite-result'>
          <Text className='section-title success-text'>邀请码已生成</Text>
          <Text className='form-hint invite-result-role'>
            {APP_ROLE_LABELS[created.role]} · {created.communityName}
            {scope(created) ? ` · ${scope(created)}` : ''}
          </Text>
          <Text className='invite-code'>{created.code}</Text>
          <AdminQr svg={created.qrSvg} miniProgramCode={created.miniProgramCode} className='invite-qr' />
          <Text className='invite-expiry'>请在 {formatDateTime(created.expiresAt)} 前使用，只能用一次</Text>
          <Text className='form-hint btn-gap'>
            {created.miniProgramCode ? '请对方用微信扫一扫这个小程序码' : '请对方在「共治」里扫码'}，或在「我的 → 接受邀请」输入邀请码
          </Text>
          <View className='btn-row'>
            <Button className='btn btn-outline invite-copy' onClick={() => copy(created.code, '邀请码已复制')}>
              复制邀请码
            </Button>
            <Button className='btn btn-outline invite-copy-link' onClick={() => copy(created.link, '链接已复制')}>
              复制链接
            </Button>
          </View>
          <Button className='btn btn-outline btn-gap invite-another' onClick={() => setCreated(null)}>
            再邀请一位
          </Button>
        </View>
      ) : (
        <InviteForm
          communityId={communityId}
          allowAdmin={isStreetAdmin(profile)}
          onCreated={(inv) => {
            setCreated(inv)
            const { qrSvg: _qr, link: _link, miniProgramCode: _code, ...plain } = inv
            list.set((items) => [plain, ...items.filter((x) => x.id !== inv.id)])
          }}
        />
      )}

      <Text className='section-title'>已发出的邀请</Text>
      {s.kind === 'loading' && <LoadingState className='invite-loading' />}
      {s.kind === 'error' && <ErrorState className='invite-error' message={s.message} onRetry={() => void list.load()} retryClassName='invite-retry' />}
      {s.kind === 'ready' && s.items.length === 0 && <EmptyState className='invite-empty' text='还没有发出过邀请' />}
      {s.items.length > 0 && (
        <View className='invite-list'>
          {s.items.map((inv) => (
            <View key={inv.id} className='card invite-item' data-id={inv.id}>
              <View className='item-head'>
                <Text className='item-title invite-item-role'>{APP_ROLE_LABELS[inv.role]}</Text>
                <Text className={`adm-badge adm-badge-${inv.status} invite-status`}>{INVITATION_STATUS_LABELS[inv.status]}</Text>
              </View>
              {scope(inv) !== '' && <Text className='form-hint invite-scope'>{scope(inv)}</Text>}
              {inv.status === 'pending' && (
                <View className='detail-row'>
                  <Text className='detail-label'>邀请码</Text>
                  <Text className='detail-value invite-item-code'>{inv.code}</Text>
                </View>
              )}
              <View className='detail-row'>
                <Text className='detail-label'>有效期至</Text>
                <Text className='detail-value invite-expires'>{formatDateTime(inv.expiresAt)}</Text>
              </View>
              {inv.createdByName && (
                <View className='detail-row'>
                  <Text className='detail-label'>邀请人</Text>
                  <Text className='detail-value'>{inv.createdByName}</Text>
                </View>
              )}
              {inv.status === 'accepted' && (
                <View className='detail-row'>
                  <Text className='detail-label'>接受人</Text>
                  <Text className='detail-value invite-accepted'>
                    {inv.acceptedByName ?? '已接受'}
                    {inv.acceptedAt ? `（${formatDateTime(inv.acceptedAt)}）` : ''}
                  </Text>
                </View>
              )}
              {inv.status === 'pending' && (
                <View className='btn-row'>
                  <Button className='btn btn-outline btn-small invite-item-copy' onClick={() => copy(inv.code, '邀请码已复制')}>
                    复制邀请码
                  </Button>
                  <Button className={`btn btn-outline btn-small invite-revoke${revoking === inv.id ? ' is-disabled' : ''}`} onClick={() => void revoke(inv)}>
                    {revoking === inv.id ? '正在作废…' : '作废'}
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      )}
      {s.kind === 'ready' && s.nextCursor && (
        <MoreButton className='invite-more' more={s.more} onClick={() => void list.loadMore()} />
      )}
      {s.kind === 'ready' && !s.nextCursor && s.items.length > 0 && <Text className='list-end'>没有更多了</Text>}
    </Screen>
  )
}
