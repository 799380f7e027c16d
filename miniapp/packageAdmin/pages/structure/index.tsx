import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { GRID_KIND_LABELS, type CommunityStructure, type Grid, type MicroGrid, type Profile } from '../../../../core/contracts'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { getCommunityStructure } from '../../../services/admin'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { HouseholdWarnings } from '../../components/HouseholdWarnings'
import { GridForm, MicroGridForm } from '../../components/StructureForms'
import { ADMIN_ROUTES } from '../../routes'
import { canManage } from '../../utils/access'
import { useLoader, usePullDown } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'

type Editing =
  | { kind: 'new-grid' }
  | { kind: 'grid'; id: string }
  | { kind: 'new-micro'; gridId: string }
  | { kind: 'micro'; id: string }
  | null

type StructureGrid = CommunityStructure['grids'][number]

const households = (n: number | null) => (n == null ? '户数未填' : `${n} 户`)

function savedToast(warnings: readonly unknown[]) {
  void Taro.showToast({ title: warnings.length ? '已保存，请看户数提示' : '已保存', icon: 'none', duration: 2000 })
}

/** 网格与微网格 of one community: households, the grid leader and workers, and the guideline warnings. */
export default function StructurePage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const communityId = params.communityId || profile?.communityId || ''
  const [editing, setEditing] = useState<Editing>(null)
  const data = useLoader<CommunityStructure>(() => getCommunityStructure(communityId))

  useDidShow(() => {
    if (ensureLoggedIn() && canManage(getProfile()) && communityId) void data.load()
  })
  usePullDown(() => (communityId ? data.load() : undefined))

  if (!canManage(profile)) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='structure-forbidden' text='您没有管理权限' />
      </Screen>
    )
  }
  if (!communityId) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='structure-no-community' text='请从管理首页选择一个社区' />
      </Screen>
    )
  }

  const setGrid = (grid: Grid) =>
    data.set((s) => {
      const exists = s.grids.some((g) => g.id === grid.id)
      const grids = exists
        ? s.grids.map((g) => (g.id === grid.id ? { ...grid, microGrids: g.microGrids } : g))
        : [...s.grids, { ...grid, microGrids: [] }]
      return { ...s, grids, community: exists ? s.community : { ...s.community, gridCount: s.community.gridCount + 1 } }
    })

  const setMicro = (micro: MicroGrid) =>
    data.set((s) => {
      let added = false
      const grids = s.grids.map((g) => {
        if (g.id !== micro.gridId) return g
        const exists = g.microGrids.some((m) => m.id === micro.id)
        added = !exists
        return { ...g, microGrids: exists ? g.microGrids.map((m) => (m.id === micro.id ? micro : m)) : [...g.microGrids, micro] }
      })
      return { ...s, grids, community: added ? { ...s.community, microGridCount: s.community.microGridCount + 1 } : s.community }
    })

  function gridCard(g: StructureGrid) {
    return (
      <View key={g.id} className='card structure-grid' data-id={g.id}>
        <View className='item-head'>
          <Text className='item-title structure-grid-name'>{g.name}</Text>
          <Text className='adm-badge adm-badge-role structure-grid-kind'>{GRID_KIND_LABELS[g.kind]}</Text>
        </View>
        <View className='detail-row'>
          <Text className='detail-label'>户数</Text>
          <Text className='detail-value structure-grid-households'>{households(g.households)}</Text>
        </View>
        <View className='detail-row'>
          <Text className='detail-label'>网格长</Text>
          <Text className='detail-value structure-grid-leader'>{g.leaderName ?? '未设'}</Text>
        </View>
        <View className='detail-row'>
          <Text className='detail-label'>网格员</Text>
          <Text className='detail-value structure-grid-workers'>{g.workerNames.length ? g.workerNames.join('、') : '暂无，可在「邀请」里邀请网格员'}</Text>
        </View>
        <HouseholdWarnings warnings={g.warnings} unit='grid' />

        {editing?.kind === 'grid' && editing.id === g.id ? (
          <GridForm
            communityId={communityId}
            grid={g}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setGrid(saved)
              setEditing(null)
              savedToast(saved.warnings)
            }}
          />
        ) : (
          <View className='btn-row'>
            <Button className='btn btn-outline btn-small structure-edit-grid' onClick={() => setEditing({ kind: 'grid', id: g.id })}>
              编辑网格
            </Button>
            <Button className='btn btn-outline btn-small structure-new-micro-grid' onClick={() => setEditing({ kind: 'new-micro', gridId: g.id })}>
              新建微网格
            </Button>
          </View>
        )}

        {g.microGrids.length === 0 && <Text className='form-hint structure-no-micro'>还没有微网格</Text>}
        {g.microGrids.map((m) => (
          <View key={m.id} className='structure-micro structure-micro-grid' data-id={m.id}>
            <View className='item-head'>
              <Text className='structure-micro-title structure-micro-name'>{m.name}</Text>
              <Text className='structure-micro-households'>
                {households(m.households)}
              </Text>
            </View>
            <HouseholdWarnings warnings={m.warnings} unit='micro' />
            {editing?.kind === 'micro' && editing.id === m.id ? (
              <MicroGridForm
                gridId={g.id}
                gridName={g.name}
                microGrid={m}
                onCancel={() => setEditing(null)}
                onSaved={(saved) => {
                  setMicro(saved)
                  setEditing(null)
                  savedToast(saved.warnings)
                }}
              />
            ) : (
              <Button className='btn btn-outline btn-small btn-gap structure-edit-micro' onClick={() => setEditing({ kind: 'micro', id: m.id })}>
                编辑微网格
              </Button>
            )}
          </View>
        ))}
        {editing?.kind === 'new-micro' && editing.gridId === g.id && (
          <MicroGridForm
            gridId={g.id}
            gridName={g.name}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setMicro(saved)
              setEditing(null)
              savedToast(saved.warnings)
            }}
          />
        )}
      </View>
    )
  }

  const s = data.state.kind === 'ready' ? data.state.data : null
  return (
    <Screen className='page admin-page structure-page'>
      {data.state.kind === 'loading' && <LoadingState className='structure-loading' />}
      {data.state.kind === 'error' && (
        <ErrorState className='structure-error' message={data.state.message} onRetry={() => void data.load()} retryClassName='structure-retry' />
      )}
      {s && (
        <View className='card admin-head'>
          <Text className='admin-street-name structure-community'>{s.community.name}</Text>
          <Text className='admin-head-sub'>
            {s.community.code} · {s.grids.length} 个网格 · {s.grids.reduce((n, g) => n + g.microGrids.length, 0)} 个微网格
          </Text>
          {s.community.branchSecretaryLeadsGrid && (
            <Text className='form-hint btn-gap'>本社区由网格党支部书记兼任网格长：在「党组织」里设置书记，网格长随之更新。</Text>
          )}
          <View className='btn-row'>
            <Button className={`btn ${editing ? 'btn-outline' : 'btn-primary'} structure-new-grid`} onClick={() => setEditing({ kind: 'new-grid' })}>
              新建网格
            </Button>
            <Button className='btn btn-outline structure-go-party' onClick={() => void Taro.navigateTo({ url: ADMIN_ROUTES.party({ communityId }) })}>
              党组织
            </Button>
          </View>
          {editing?.kind === 'new-grid' && (
            <GridForm
              communityId={communityId}
              onCancel={() => setEditing(null)}
              onSaved={(saved) => {
                setGrid(saved)
                setEditing(null)
                savedToast(saved.warnings)
              }}
            />
          )}
        </View>
      )}
      {s && s.grids.length === 0 && <EmptyState className='structure-empty' text='还没有网格。先建网格，再在网格下建微网格（楼栋）' />}
      {s && s.grids.length > 0 && <View className='structure-grid-list'>{s.grids.map(gridCard)}</View>}
    </Screen>
  )
}
