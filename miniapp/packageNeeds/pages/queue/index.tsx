import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import {
  NEED_CATEGORY_LABELS,
  NEED_SEVERITY_LABELS,
  NEED_STATUS_LABELS,
  NEED_TRACK_LABELS,
  type Department,
  type NeedFull,
} from '../../../../core/contracts'
import { DeskLayout } from '../../../components/DeskMenu'
import { EmptyState, Loaded } from '../../../components/States'
import { StatusBadge } from '../../../components/StatusBadge'
import { listDepartments, listScopedNeeds, type QueueScope, type ScopedQueueFilters } from '../../../services/departments'
import { listNeeds, type NeedPage, type NeedQueueFilters } from '../../../services/needs'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime, formatDue } from '../../../utils/format'
import { canHandleNeeds, isStreetAdmin } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { a11y } from '../../../utils/a11y'
import { usePaged } from '../../../utils/useLoader'
import { Screen } from '../../../components/Screen'
import './index.scss'

export const QUEUE_PAGE_SIZE = 20

export const QUEUE_FILTERS = [
  // the pending queue is worked oldest first: whoever has waited longest is next
  { key: 'pending', label: '待研判', query: { status: 'submitted', order: 'oldest' }, empty: '没有待研判的需求' },
  { key: 'in_progress', label: '办理中', query: { status: 'in_progress', order: 'oldest' }, empty: '没有办理中的需求' },
  { key: 'overdue', label: '已超期', query: { overdue: true, order: 'oldest' }, empty: '没有超期的需求，真棒' },
  { key: 'all', label: '全部', query: { order: 'newest' }, empty: '还没有需求' },
] as const satisfies ReadonlyArray<{ key: string; label: string; query: NeedQueueFilters; empty: string }>
export type QueueFilterKey = (typeof QUEUE_FILTERS)[number]['key']

/** 街道待办 / 部门待办 (issue 12 item 4): the street's escalated needs and 公家事, or those routed to my department. */
export const SCOPED_FILTERS = [
  { key: 'all', label: '全部', query: {}, empty: '暂无待办' },
  { key: 'escalated', label: '已上报', query: { status: 'escalated' }, empty: '没有上报的需求' },
  { key: 'in_progress', label: '办理中', query: { status: 'in_progress' }, empty: '没有办理中的需求' },
  { key: 'overdue', label: '已超期', query: { overdue: true }, empty: '没有超期的需求，真棒' },
  { key: 'resolved', label: '已解决', query: { status: 'resolved' }, empty: '还没有已解决的需求' },
] as const satisfies ReadonlyArray<{ key: string; label: string; query: ScopedQueueFilters; empty: string }>

export const QUEUE_TITLES: Record<QueueScope, string> = { street: '街道待办', department: '部门待办' }

type Scope = 'community' | QueueScope
const scopeOf = (v: string | undefined): Scope => (v === 'street' || v === 'department' ? v : 'community')
const filtersOf = (scope: Scope): ReadonlyArray<{ key: string; label: string; query: NeedQueueFilters; empty: string }> =>
  scope === 'community' ? QUEUE_FILTERS : SCOPED_FILTERS

/** The chip key while a search is shown: no chip is active, the search covers every status. */
export const SEARCH_KEY = 'search'

function fetchPage(scope: Scope, key: string, departmentId: string, cursor?: string, q = ''): Promise<NeedPage> {
  const page = cursor ? { limit: QUEUE_PAGE_SIZE, cursor } : { limit: QUEUE_PAGE_SIZE }
  if (scope === 'community' && key === SEARCH_KEY) return listNeeds({ q, order: 'newest', ...page })
  const f = filtersOf(scope).find((x) => x.key === key)!
  if (scope === 'community') return listNeeds({ ...f.query, ...page })
  return listScopedNeeds(scope, { ...(f.query as ScopedQueueFilters), ...(departmentId ? { departmentId } : {}), ...page })
}

function mayOpen(scope: Scope, profile: ReturnType<typeof getProfile>): boolean {
  if (!profile) return true
  if (scope === 'street') return isStreetAdmin(profile)
  if (scope === 'department') return profile.roles.includes('department')
  return canHandleNeeds(profile)
}

const FORBIDDEN: Record<Scope, string> = {
  community: '只有社区工作者和网格员可以查看研判队列',
  street: '只有街道管理员可以查看街道待办',
  department: '只有职能部门的人员可以查看部门待办',
}

export default function NeedQueuePage() {
  const { params } = useRouter()
  const [scope] = useState<Scope>(() => scopeOf(params.scope))
  const filters = filtersOf(scope)
  const [filter, setFilter] = useState<string>(() =>
    filters.some((f) => f.key === params.filter) ? params.filter! : scope === 'community' ? 'pending' : 'all',
  )
  const [departments, setDepartments] = useState<Department[]>([])
  const [dept, setDept] = useState('')
  const deptRef = useRef(dept)
  deptRef.current = dept
  const deptsAsked = useRef(false)
  const [allowed, setAllowed] = useState(true)
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' } | null>(null)
  const filterRef = useRef(filter)
  filterRef.current = filter
  // 按受理编号查找: what is typed, and what the list shows results for
  const [query, setQuery] = useState('')
  const [searched, setSearched] = useState('')
  const searchedRef = useRef(searched)
  searchedRef.current = searched
  // Only the newest request writes: switching chips quickly must not show the previous chip's list.
  const list = usePaged<NeedFull>(
    (cursor) => fetchPage(scope, filterRef.current, deptRef.current, cursor, searchedRef.current),
    { pullDown: true, reachBottom: true, moreError: 'inline' },
  )
  const { state, loadMore } = list

  /** Another chip, department or search is another list: loading, not the old one. */
  const show = (key: string, departmentId = deptRef.current, q = searchedRef.current) => {
    filterRef.current = key
    deptRef.current = departmentId
    searchedRef.current = q
    void list.load(true)
  }

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    const profile = getProfile()
    const ok = mayOpen(scope, profile)
    setAllowed(ok)
    if (ok && scope !== 'community') void Taro.setNavigationBarTitle({ title: QUEUE_TITLES[scope] })
    // the street admin filters by department: names from the street's list, asked once (a failure just hides the chips)
    if (ok && scope === 'street' && !deptsAsked.current) {
      deptsAsked.current = true
      listDepartments().then(setDepartments, () => setDepartments([]))
    }
    // back from a detail page: refresh in place (a triaged need leaves 待研判)
    if (ok) void list.load()
  })

  function choose(key: string) {
    if (key === filter) return
    setFilter(key)
    setSearched('')
    setQuery('')
    show(key, deptRef.current, '')
  }

  function search() {
    const q = query.trim()
    if (!q) {
      if (filter === SEARCH_KEY) choose('pending')
      return
    }
    setSearched(q)
    setFilter(SEARCH_KEY)
    show(SEARCH_KEY, deptRef.current, q)
  }

  function clearSearch() {
    setQuery('')
    setSearched('')
    setFilter('pending')
    show('pending', deptRef.current, '')
  }

  function chooseDept(departmentId: string) {
    if (departmentId === dept) return
    setDept(departmentId)
    show(filter, departmentId)
  }

  if (!allowed) {
    return (
      <Screen className='page needs-queue'>
        <EmptyState className='queue-forbidden' text={FORBIDDEN[scope]} />
      </Screen>
    )
  }

  const active = filter === SEARCH_KEY
    ? { key: SEARCH_KEY, empty: `没有找到受理编号或标题含「${searched}」的需求` }
    : filters.find((x) => x.key === filter)!
  const sortBy = (key: SortKey) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }))

  return (
    <DeskLayout current={scope === 'street' ? 'street' : 'queue'}>
    <Screen className='page needs-queue' data-filter={filter} data-scope={scope}>
      {scope !== 'community' && <Text className='section-title queue-title'>{QUEUE_TITLES[scope]}</Text>}
      {scope === 'community' && (
        <View className='queue-search form-field'>
          <Text className='queue-search-label'>按受理编号或标题查找</Text>
          <View className='queue-search-row'>
            <Input
              className='queue-search-input'
              value={query}
              placeholder='例如 HP-20261128-0042'
              placeholderClass='queue-search-placeholder'
              confirmType='search'
              maxlength={40}
              onInput={(e) => setQuery(e.detail.value)}
              onConfirm={search}
            />
            <Button className='btn btn-outline queue-search-go' onClick={search}>
              查找
            </Button>
          </View>
          {filter === SEARCH_KEY && (
            <View className='queue-search-active'>
              <Text className='queue-search-summary'>查找「{searched}」的结果</Text>
              <Text className='queue-search-clear' {...a11y('button', '清除查找，回到待研判')} onClick={clearSearch}>
                清除
              </Text>
            </View>
          )}
        </View>
      )}
      <View className='queue-filters' {...a11y('tablist')}>
        {filters.map((f) => (
          <View
            key={f.key}
            className={`queue-filter queue-filter-${f.key}${f.key === filter ? ' is-active' : ''}`}
            {...a11y('tab', undefined, { selected: f.key === filter })}
            onClick={() => choose(f.key)}
          >
            <Text>{f.label}</Text>
          </View>
        ))}
      </View>
      {scope === 'street' && departments.length > 0 && (
        <View className='queue-filters queue-depts'>
          <View
            className={`queue-filter queue-dept queue-dept-all${dept === '' ? ' is-active' : ''}`}
            {...a11y('radio', undefined, { checked: dept === '' })}
            onClick={() => chooseDept('')}
          >
            <Text>全部部门</Text>
          </View>
          {departments.map((d) => (
            <View
              key={d.id}
              className={`queue-filter queue-dept${d.id === dept ? ' is-active' : ''}`}
              data-id={d.id}
              {...a11y('radio', undefined, { checked: d.id === dept })}
              onClick={() => chooseDept(d.id)}
            >
              <Text>{d.name}</Text>
            </View>
          ))}
        </View>
      )}

      <Loaded state={state} name='queue' onRetry={() => void list.load(true)} empty={active.empty}>
        {(items) => (
          <View className='queue-list'>
            {items.map((need) => (
              <QueueItem key={need.id} need={need} />
            ))}
            <QueueTable items={items} sort={sort} onSort={sortBy} />
            {state.nextCursor ? (
              <Button
                className={`btn btn-outline queue-more${state.more ? ' is-disabled' : ''}`}
                disabled={state.more || undefined}
                onClick={() => void loadMore()}
              >
                {state.more ? '正在加载…' : '加载更多'}
              </Button>
            ) : (
              <Text className='queue-end muted'>已经到底了</Text>
            )}
            {state.moreError && <Text className='form-error queue-more-error'>{state.moreError}</Text>}
          </View>
        )}
      </Loaded>
    </Screen>
    </DeskLayout>
  )
}

/** The columns of the desk table (issue 12 item 6), each with how the loaded rows sort by it. */
export const QUEUE_COLUMNS = [
  { key: 'refNo', label: '受理编号', value: (n: NeedFull) => n.refNo },
  { key: 'createdAt', label: '受理时间', value: (n: NeedFull) => n.createdAt },
  { key: 'title', label: '标题', value: (n: NeedFull) => n.title },
  { key: 'category', label: '类别', value: (n: NeedFull) => NEED_CATEGORY_LABELS[n.category] },
  { key: 'grid', label: '网格', value: (n: NeedFull) => n.microGridName ?? '' },
  { key: 'status', label: '状态', value: (n: NeedFull) => NEED_STATUS_LABELS[n.status] },
  { key: 'due', label: '期限', value: (n: NeedFull) => (isRunning(n) ? n.dueAt! : '') },
] as const
export type SortKey = (typeof QUEUE_COLUMNS)[number]['key']

const isRunning = (need: NeedFull) =>
  !!need.dueAt && ['triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched'].includes(need.status)

/** The loaded rows sorted by one column (client-side: paging stays the server's); rows without a value go last. */
export function sortNeeds(items: NeedFull[], sort: { key: SortKey; dir: 'asc' | 'desc' } | null): NeedFull[] {
  if (!sort) return items
  const col = QUEUE_COLUMNS.find((c) => c.key === sort.key)!
  const sign = sort.dir === 'asc' ? 1 : -1
  return [...items].sort((a, b) => {
    const x = col.value(a)
    const y = col.value(b)
    if (!x || !y) return x === y ? 0 : x ? -1 : 1
    return sign * (sort.key === 'createdAt' || sort.key === 'due' ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y, 'zh-CN'))
  })
}

/** The same items as a table, shown instead of the cards at 1024 px and wider on H5 (CSS only). */
function QueueTable({ items, sort, onSort }: { items: NeedFull[]; sort: { key: SortKey; dir: 'asc' | 'desc' } | null; onSort: (k: SortKey) => void }) {
  return (
    <View className='queue-table' role='table'>
      <View className='queue-table-head' role='row'>
        {QUEUE_COLUMNS.map((c) => (
          <View
            key={c.key}
            role='columnheader'
            className={`queue-table-th queue-th-${c.key}${sort?.key === c.key ? ` is-sorted-${sort.dir}` : ''}`}
            aria-sort={sort?.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
            onClick={() => onSort(c.key)}
          >
            <Text>{c.label}</Text>
            {sort?.key === c.key && <Text className='queue-th-arrow'>{sort.dir === 'asc' ? ' ▲' : ' ▼'}</Text>}
          </View>
        ))}
      </View>
      {sortNeeds(items, sort).map((need) => (
        <View
          key={need.id}
          role='row'
          className={`queue-table-row${need.overdue ? ' is-overdue' : ''}`}
          data-id={need.id}
          aria-label={`${need.refNo} ${need.title}`}
          onClick={() => Taro.navigateTo({ url: ROUTES.needDetail(need.id) })}
        >
          <Text className='queue-td queue-td-refNo'>{need.refNo}</Text>
          <Text className='queue-td queue-td-createdAt'>{formatDateTime(need.createdAt)}</Text>
          <Text className='queue-td queue-td-title'>{need.title}</Text>
          <Text className='queue-td queue-td-category'>{NEED_CATEGORY_LABELS[need.category]}</Text>
          <Text className='queue-td queue-td-grid'>{need.microGridName ?? '—'}</Text>
          <View className='queue-td queue-td-status'>
            <StatusBadge status={need.status} />
          </View>
          <Text className='queue-td queue-td-due'>
            {need.overdue ? '已超期 · ' : ''}
            {isRunning(need) ? formatDue(need.dueAt!, need.dueGoal) : '—'}
          </Text>
        </View>
      ))}
    </View>
  )
}

function QueueItem({ need }: { need: NeedFull }) {
  const running = isRunning(need)
  return (
    <View
      className={`card queue-item${need.overdue ? ' is-overdue' : ''}`}
      data-id={need.id}
      {...a11y('link', `${need.title}，受理编号 ${need.refNo}，查看详情`)}
      onClick={() => Taro.navigateTo({ url: ROUTES.needDetail(need.id) })}
    >
      <View className='queue-item-head'>
        <Text className='queue-item-title'>{need.title}</Text>
        <StatusBadge status={need.status} className='queue-item-status' />
      </View>
      <View className='queue-item-tags'>
        {need.overdue && <Text className='overdue-tag queue-item-overdue'>已超期</Text>}
        {need.track && <Text className='queue-tag'>{NEED_TRACK_LABELS[need.track]}</Text>}
        {need.departmentName && <Text className='queue-tag queue-item-dept'>{need.departmentName}</Text>}
        {need.severity && <Text className='queue-tag'>{NEED_SEVERITY_LABELS[need.severity]}</Text>}
        {need.urgency === 'urgent' || need.urgency === 'high' ? <Text className='queue-tag is-urgent'>{need.urgency === 'urgent' ? '紧急' : '较急'}</Text> : null}
      </View>
      <Text className='queue-item-meta'>
        {NEED_CATEGORY_LABELS[need.category]} · {need.microGridName ?? '未指定微网格'}
        {need.followers > 0 ? ` · ${need.followers} 人关注` : ''}
      </Text>
      <Text className='queue-item-ref'>受理编号 {need.refNo}</Text>
      <Text className='queue-item-time'>{formatDateTime(need.createdAt)} 提交</Text>
      {running ? <Text className='queue-item-due'>{formatDue(need.dueAt!, need.dueGoal)}</Text> : null}
    </View>
  )
}
