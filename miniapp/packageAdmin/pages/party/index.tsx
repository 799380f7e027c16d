import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { PARTY_ORG_LEVEL_LABELS, type Community, type PartyOrg, type Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { listAdminCommunities, listPartyOrgs } from '../../../services/admin'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { AddChildForm, CHILD_LEVEL, RenameForm, SecretaryForm } from '../../components/PartyForms'
import { canManage, homeStreetId, isStreetAdmin } from '../../utils/access'
import { flattenTree, type TreeNode } from '../../utils/tree'
import { useLoader, usePullDown } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'
import { a11y } from '../../../utils/a11y'

type Panel = { kind: 'add' | 'rename' | 'secretary'; id: string } | { kind: 'root' } | null

interface PartyData {
  orgs: PartyOrg[]
  /** the street's communities, for a street committee's secretary search (street view only) */
  communities: Community[]
}

/** 党组织: 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组, with secretaries; add below a node, rename, set a secretary. */
export default function PartyPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const streetAdmin = isStreetAdmin(profile)
  const communityId = params.communityId || (params.streetId || streetAdmin ? '' : profile?.communityId ?? '')
  const streetId = communityId ? '' : params.streetId || homeStreetId(profile) || ''
  const [panel, setPanel] = useState<Panel>(null)
  const [searchIn, setSearchIn] = useState('')

  const data = useLoader<PartyData>(async () => {
    if (communityId) return { orgs: await listPartyOrgs({ communityId }), communities: [] }
    const [orgs, communities] = await Promise.all([listPartyOrgs({ streetId }), listAdminCommunities({ streetId })])
    return { orgs, communities: communities.filter((c) => !c.archived) }
  })

  useDidShow(() => {
    if (ensureLoggedIn() && canManage(getProfile()) && (communityId || streetId)) void data.load()
  })
  usePullDown(() => (communityId || streetId ? data.load() : undefined))

  if (!canManage(profile)) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='party-forbidden' text='您没有管理权限' />
      </Screen>
    )
  }
  if (!communityId && !streetId) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='party-no-scope' text='请从管理首页进入' />
      </Screen>
    )
  }

  const saved = (org: PartyOrg, message: string) => {
    data.set((d) => ({ ...d, orgs: d.orgs.some((o) => o.id === org.id) ? d.orgs.map((o) => (o.id === org.id ? org : o)) : [...d.orgs, org] }))
    setPanel(null)
    void Taro.showToast({ title: message, icon: 'none', duration: 2000 })
  }

  const ready = data.state.kind === 'ready' ? data.state.data : null
  const nodes = ready ? flattenTree(ready.orgs) : []
  const streetCommunities = ready?.communities ?? []
  /** Where the picker looks for a street committee's secretary: a community of the street, chosen below. */
  const secretaryCommunity = (org: PartyOrg) => org.communityId ?? (communityId || searchIn || streetCommunities[0]?.id || profile?.communityId || '')

  function nodeCard({ org, depth }: TreeNode) {
    const child = CHILD_LEVEL[org.level]
    const scope = [org.gridName ? `网格：${org.gridName}` : '', org.microGridName ? `楼栋：${org.microGridName}` : ''].filter(Boolean).join(' · ')
    const open = panel && panel.kind !== 'root' && panel.id === org.id ? panel.kind : null
    return (
      <View key={org.id} className={`card party-node party-depth-${depth} party-level-${org.level}`} data-id={org.id}>
        <View className='item-head'>
          <Text className='item-title party-node-name'>{org.name}</Text>
          <Text className='adm-badge adm-badge-level party-level'>{PARTY_ORG_LEVEL_LABELS[org.level]}</Text>
        </View>
        {scope !== '' && <Text className='form-hint party-scope'>{scope}</Text>}
        <View className='detail-row'>
          <Text className='detail-label'>书记</Text>
          <Text className='detail-value party-secretary'>{org.secretaryName ?? '未设书记'}</Text>
        </View>

        {open === null && (
          <View className='btn-row'>
            {child && (
              <Button className='btn btn-outline btn-small party-add-child' onClick={() => setPanel({ kind: 'add', id: org.id })}>
                新增下级组织
              </Button>
            )}
            <Button className='btn btn-outline btn-small party-rename' onClick={() => setPanel({ kind: 'rename', id: org.id })}>
              改名
            </Button>
            <Button className='btn btn-outline btn-small party-set-secretary' onClick={() => setPanel({ kind: 'secretary', id: org.id })}>
              {org.secretaryId ? '更换书记' : '设置书记'}
            </Button>
          </View>
        )}
        {open === 'add' && (
          <AddChildForm parent={org} streetId={org.streetId} onCancel={() => setPanel(null)} onSaved={(o) => saved(o, '已建立')} />
        )}
        {open === 'rename' && <RenameForm org={org} onCancel={() => setPanel(null)} onSaved={(o) => saved(o, '已改名')} />}
        {open === 'secretary' && (
          <View>
            {!org.communityId && streetCommunities.length > 1 && (
              <View className='form-field btn-gap'>
                <Text className='form-label'>在哪个社区查找</Text>
                <View className='chip-grid'>
                  {streetCommunities.map((c, i) => (
                    <View key={c.id} className={`chip chip-half party-search-community-${i}${secretaryCommunity(org) === c.id ? ' is-selected' : ''}`} {...a11y('radio', undefined, { checked: secretaryCommunity(org) === c.id })} onClick={() => setSearchIn(c.id)}>
                      <Text>{c.name}</Text>
                    </View>
                  ))}
                </View>
              </View>
            )}
            <SecretaryForm
              org={org}
              communityId={secretaryCommunity(org)}
              onCancel={() => setPanel(null)}
              onSaved={(o) => saved(o, o.secretaryId ? '书记已设置' : '书记已清除')}
            />
          </View>
        )}
      </View>
    )
  }

  return (
    <Screen className='page admin-page party-page'>
      <Text className='section-title'>党组织体系</Text>
      <Text className='form-hint'>街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组</Text>
      {data.state.kind === 'loading' && <LoadingState className='party-loading' />}
      {data.state.kind === 'error' && <ErrorState className='party-error' message={data.state.message} onRetry={() => void data.load()} retryClassName='party-retry' />}
      {ready && nodes.length === 0 && (
        <EmptyState
          className='party-empty'
          text={streetId && streetAdmin ? '还没有街道党工委，先建立它，再逐级建立下级组织' : '还没有党组织。请街道管理员先建立街道党工委和社区党委'}
        >
          {streetId && streetAdmin && panel?.kind !== 'root' && (
            <Button className='btn btn-primary party-new-root' onClick={() => setPanel({ kind: 'root' })}>
              建立街道党工委
            </Button>
          )}
        </EmptyState>
      )}
      {panel?.kind === 'root' && (
        <View className='card'>
          <AddChildForm parent={null} streetId={streetId} onCancel={() => setPanel(null)} onSaved={(o) => saved(o, '已建立')} />
        </View>
      )}
      {nodes.map(nodeCard)}
    </Screen>
  )
}
