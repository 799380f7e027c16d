import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import {
  NEED_CATEGORY_LABELS,
  NEED_SEVERITY_LABELS,
  NEED_SOURCE_LABELS,
  NEED_STATUS_PLAIN_LABELS,
  NEED_TRACK_LABELS,
  buildingName,
  NEED_URGENCY_LABELS,
  ZAnswerNeedRequest,
  type Department,
  type NeedDetail,
  type NeedOutcome,
  type NeedStatus,
  type Profile,
} from '../../../../core/contracts'
import { Pending } from '../../../components/States'
import { BusyButton } from '../../../components/BusyButton'
import { StatusBadge } from '../../../components/StatusBadge'
import { answerNeed, listDepartments, routeNeed } from '../../../services/departments'
import { errorMessage, fieldErrors } from '../../../services/errors'
import { evaluateNeed, followNeed, getNeed, transitionNeed, unfollowNeed } from '../../../services/needs'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { photoUrl } from '../../../services/volunteers'
import { a11y } from '../../../utils/a11y'
import { formatDateTime, formatDue, formatWindow } from '../../../utils/format'
import { canHandleNeeds, isStreetAdmin } from '../../../utils/roles'
import { ROUTES } from '../../../utils/routes'
import { LoadError, useLoader } from '../../../utils/useLoader'
import { NeedActions, REOPEN_ACTION, handlerActions } from '../../components/NeedActions'
import { NeedTimeline } from '../../components/NeedTimeline'
import { RatingForm, RatingView } from '../../components/Rating'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { DetailRow } from '../../../components/DetailRow'

/** Statuses in which the deadline is still running (afterwards it is history, not a promise). */
const DEADLINE_STATUSES: readonly NeedStatus[] = ['triaged', 'in_progress', 'escalated', 'in_deliberation', 'matched']
const FOLLOW_CLOSED: readonly NeedStatus[] = ['closed', 'rejected']

export default function NeedDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  const [followBusy, setFollowBusy] = useState(false)
  const followInFlight = useRef(false)
  const detail = useLoader<NeedDetail>(
    () => (id ? getNeed(id) : Promise.reject(new LoadError('没有指定要查看的需求'))),
    { pullDown: true },
  )
  const { state, load } = detail

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    setProfile(getProfile())
    void load()
  })

  const replace = (need: NeedDetail) => detail.set(() => need)

  if (state.kind !== 'ready') return <Pending state={state} name='need-detail' onRetry={() => void load()} />

  const need = state.data
  const isOwner = !!profile && need.createdBy === profile.id
  const actions = handlerActions(need)
  const canReopen = isOwner && need.status === 'resolved' && need.reopenCount === 0
  // 关注/+1 is for residents who share the need; the people handling it get its progress anyway
  const canFollow = !isOwner && !canHandleNeeds(profile) && !FOLLOW_CLOSED.includes(need.status)
  // 街道点题: the street admin routes an escalated need or a 公家事 to a department
  const canRoute = isStreetAdmin(profile) && (need.status === 'escalated' || need.track === 'public') && !FOLLOW_CLOSED.includes(need.status)
  const showDeadline = !!need.dueAt && DEADLINE_STATUSES.includes(need.status)
  // the people handling needs read the work terms (研判, 三事分流, 微网格); residents plain words
  const staffView = canHandleNeeds(profile) || isStreetAdmin(profile) || !!profile?.roles.includes('department')

  async function toggleFollow() {
    if (followInFlight.current) return
    followInFlight.current = true
    setFollowBusy(true)
    try {
      const res = need.following ? await unfollowNeed(need.id) : await followNeed(need.id)
      detail.set((prev) => ({ ...prev, followers: res.followers, following: res.following }))
      void Taro.showToast({ title: res.following ? '已关注，有进展会告诉您' : '已取消关注', icon: 'none', duration: 2000 })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      followInFlight.current = false
      setFollowBusy(false)
    }
  }

  return (
    <Screen className='page need-detail' data-id={need.id} data-status={need.status}>
      <View className='card need-detail-head'>
        <Text className='need-detail-title'>{need.title}</Text>
        <View className='need-detail-ref'>
          <Text>受理编号 </Text>
          <Text className='need-detail-ref-no'>{need.refNo}</Text>
        </View>
        <View className='need-detail-badges'>
          {staffView ? (
            <StatusBadge status={need.status} className='need-detail-status' />
          ) : (
            <Text className={`status-badge status-${need.status} need-detail-status`}>{NEED_STATUS_PLAIN_LABELS[need.status]}</Text>
          )}
          {need.overdue && <Text className='overdue-tag need-overdue'>已超期</Text>}
        </View>
        {showDeadline && (
          <Text className={`need-due${need.overdue ? ' is-overdue' : ''}`}>{formatDue(need.dueAt!, need.dueGoal)}</Text>
        )}
        <View className='need-follow-row'>
          <Text className='need-followers'>{need.followers} 位居民关注</Text>
          {canFollow && (
            <Button
              className={`btn need-follow${need.following ? ' btn-outline is-following' : ' btn-primary'}${followBusy ? ' is-disabled' : ''}`}
              disabled={followBusy || undefined}
              onClick={() => void toggleFollow()}
            >
              {followBusy ? '请稍候…' : need.following ? '已关注' : '关注'}
            </Button>
          )}
        </View>
      </View>

      {need.outcome && <OutcomeCard outcome={need.outcome} staffView={staffView} />}

      {isOwner && need.status === 'resolved' && (
        <View className='card need-evaluate'>
          <Text className='section-title'>评价办理结果</Text>
          <RatingForm
            needId={need.id}
            submit={(rating, comment) => evaluateNeed(need.id, rating, comment)}
            onSuccess={(n) => {
              replace(n)
              void Taro.showToast({ title: '感谢您的评价', icon: 'success', duration: 1500 })
            }}
          />
          {canReopen && (
            <View className='need-reopen'>
              <Text className='muted need-reopen-hint'>对结果不满意？7 天内可以申请重新办理一次。</Text>
              <NeedActions
                needId={need.id}
                needTitle={need.title}
                draftName='owner'
                actions={[REOPEN_ACTION]}
                run={(to, note) => transitionNeed(need.id, to, note)}
                onDone={replace}
              />
            </View>
          )}
        </View>
      )}

      {need.rating !== null && (
        <View className='card need-rating-card'>
          <Text className='section-title'>{isOwner ? '我的评价' : '居民评价'}</Text>
          <RatingView rating={need.rating} comment={need.ratingComment} />
        </View>
      )}

      {(need.canTriage || actions.length > 0) && (
        <View className='card need-handle'>
          <Text className='section-title'>办理操作</Text>
          {need.canTriage && (
            <Button className='btn btn-primary need-triage' onClick={() => Taro.navigateTo({ url: ROUTES.triageNeed(need.id) })}>
              {need.status === 'triaged' ? '重新研判' : '研判分类'}
            </Button>
          )}
          <NeedActions
            needId={need.id}
            needTitle={need.title}
            actions={actions}
            run={(to, note, photos) => transitionNeed(need.id, to, note, photos)}
            onDone={(n) => {
              replace(n)
              void Taro.showToast({ title: '已更新', icon: 'success', duration: 1500 })
            }}
          />
        </View>
      )}

      {need.canAnswer && (
        <View className='card need-answer'>
          <Text className='section-title'>部门答复</Text>
          <AnswerForm
            needId={need.id}
            onDone={(n) => {
              replace(n)
              void Taro.showToast({ title: '已答复', icon: 'success', duration: 1500 })
            }}
          />
        </View>
      )}

      {canRoute && (
        <View className='card need-route'>
          <Text className='section-title'>交办部门</Text>
          <RouteForm
            needId={need.id}
            current={need.departmentId ?? null}
            onDone={(n) => {
              replace(n)
              void Taro.showToast({ title: '已交办', icon: 'success', duration: 1500 })
            }}
          />
        </View>
      )}

      <View className='card need-progress'>
        <Text className='section-title'>办理进度</Text>
        <NeedTimeline events={need.timeline} story={need.story} plain={!staffView} />
      </View>

      <View className='card'>
        <DetailRow label='受理编号' value={need.refNo} className='need-detail-refno' />
        <DetailRow label='类别' value={NEED_CATEGORY_LABELS[need.category] ?? need.category} className='need-detail-category' />
        <DetailRow label='紧急程度' value={NEED_URGENCY_LABELS[need.urgency]} className='need-detail-urgency' />
        <DetailRow label='来源' value={NEED_SOURCE_LABELS[need.source]} className='need-detail-source' />
        {need.microGridName &&
          (staffView ? (
            <DetailRow label='微网格' value={need.microGridName} className='need-detail-grid' />
          ) : (
            <DetailRow label='所在楼栋' value={buildingName(need.microGridName)!} className='need-detail-grid' />
          ))}
        <DetailRow label='涉及人数' value={`${need.peopleAffected} 人`} className='need-detail-people' />
        {(need.windowFrom || need.windowTo) && (
          <DetailRow label='方便时间' value={formatWindow(need.windowFrom, need.windowTo)} className='need-detail-window' />
        )}
        {need.address && <DetailRow label='地址' value={need.address} className='need-detail-address' />}
        {need.contactName && <DetailRow label='联系人' value={need.contactName} className='need-detail-contact' />}
        {need.contactPhone && <DetailRow label='联系电话' value={need.contactPhone} className='need-detail-phone' />}
        {staffView && need.track && <DetailRow label='事项类型' value={NEED_TRACK_LABELS[need.track]} className='need-detail-track' />}
        {staffView && need.severity && <DetailRow label='事项等级' value={NEED_SEVERITY_LABELS[need.severity]} className='need-detail-severity' />}
        {need.handlerName && <DetailRow label='承办人' value={need.handlerName} className='need-detail-handler' />}
        {need.department && <DetailRow label='承办部门' value={need.department} className='need-detail-department' />}
        {need.departmentName && <DetailRow label='答复部门' value={need.departmentName} className='need-detail-routed' />}
        <DetailRow label='提交时间' value={formatDateTime(need.createdAt)} className='need-detail-created' />
        {need.resolvedAt && <DetailRow label='解决时间' value={formatDateTime(need.resolvedAt)} className='need-detail-resolved' />}
        <DetailRow label='最近更新' value={formatDateTime(need.updatedAt)} className='need-detail-updated' />
      </View>

      <View className='card'>
        <Text className='section-title'>需求描述</Text>
        <Text className='need-detail-description'>{need.description}</Text>
      </View>
    </Screen>
  )
}

const OUTCOME_TITLES: Record<NeedOutcome['kind'], string> = { resolved: '办理结果', rejected: '未受理原因', escalated: '已上报' }

/** The first thing a resident reads on a closed, refused or escalated need: what was done, or why not. */
function OutcomeCard({ outcome, staffView }: { outcome: NeedOutcome; staffView: boolean }) {
  const lead =
    outcome.kind === 'escalated'
      ? staffView ? '上报原因' : '社区已把您的需求上报街道，原因：'
      : outcome.kind === 'rejected' ? '社区没有受理这条需求，原因：' : null
  return (
    <View className={`card need-outcome is-${outcome.kind}`}>
      <Text className='need-outcome-title'>{OUTCOME_TITLES[outcome.kind]}</Text>
      {lead ? <Text className='need-outcome-lead'>{lead}</Text> : null}
      <Text className='need-outcome-note'>{outcome.note ?? '（没有填写说明）'}</Text>
      {outcome.photos.length > 0 && (
        <View className='need-outcome-photos'>
          {outcome.photos.map((key, i) => (
            <Image
              key={key}
              className='need-outcome-photo'
              src={photoUrl(key)}
              mode='aspectFill'
              {...a11y('button', `查看第 ${i + 1} 张现场照片`)}
              onClick={() => void Taro.previewImage({ urls: outcome.photos.map(photoUrl), current: photoUrl(key) })}
            />
          ))}
        </View>
      )}
      <Text className='need-outcome-by'>
        {outcome.actor === 'system' ? '系统' : outcome.actorName ?? '社区'} · {formatDateTime(outcome.at)}
      </Text>
    </View>
  )
}

/** 部门答疑: a member of the routed department answers; the answer goes on the timeline and to the resident. */
function AnswerForm({ needId, onDone }: { needId: string; onDone: (need: NeedDetail) => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)

  async function submit() {
    if (inFlight.current) return
    const parsed = ZAnswerNeedRequest.safeParse({ id: needId, answer: text })
    if (!parsed.success) {
      setError(fieldErrors(parsed.error.issues).answer ?? '请填写答复内容')
      return
    }
    inFlight.current = true
    try {
      const { confirm } = await Taro.showModal({
        title: '提交部门答复',
        content: '答复会记入办理进度并通知居民，确定提交吗？',
        confirmText: '提交',
      })
      if (!confirm) return
      setBusy(true)
      setError('')
      const need = await answerNeed(needId, parsed.data.answer)
      setText('')
      onDone(need)
    } catch (err) {
      // the text stays, so nothing typed is lost
      setError(errorMessage(err))
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <View className='need-answer-form'>
      <Textarea
        className={`form-textarea need-answer-text${error ? ' has-error' : ''}`}
        value={text}
        maxlength={400}
        placeholder='答复居民：怎么办、谁来办、什么时候办好'
        placeholderClass='form-placeholder'
        onInput={(e) => {
          setText(e.detail.value)
          setError('')
        }}
      />
      {error ? <Text className='field-error need-answer-error'>{error}</Text> : null}
      <BusyButton className='need-answer-submit' busy={busy} busyText='正在提交…' onClick={() => void submit()}>
        提交答复
      </BusyButton>
    </View>
  )
}

/** 街道点题: the street admin picks one of the street's departments, optionally with a note, and confirms. */
function RouteForm({ needId, current, onDone }: { needId: string; current: string | null; onDone: (need: NeedDetail) => void }) {
  const [depts, setDepts] = useState<Department[] | null>(null)
  const [loadError, setLoadError] = useState('')
  const [chosen, setChosen] = useState<string>(current ?? '')
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)
  const started = useRef(false)

  if (!started.current) {
    started.current = true
    listDepartments().then((items) => setDepts(items), (err: unknown) => setLoadError(errorMessage(err)))
  }

  async function submit() {
    if (inFlight.current) return
    const dept = depts?.find((d) => d.id === chosen)
    if (!dept) {
      setError('请选择要交办的部门')
      return
    }
    inFlight.current = true
    try {
      const { confirm } = await Taro.showModal({
        title: '交办部门',
        content: `交给「${dept.name}」按时限答复，确定吗？`,
        confirmText: '交办',
      })
      if (!confirm) return
      setBusy(true)
      setError('')
      const need = await routeNeed(needId, dept.id, note)
      setNote('')
      onDone(need)
    } catch (err) {
      // the choice and the note stay
      setError(errorMessage(err))
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  if (loadError) return <Text className='field-error need-route-error'>{loadError}</Text>
  if (!depts) return <Text className='muted need-route-loading'>正在加载部门…</Text>
  if (depts.length === 0) return <Text className='muted need-route-empty'>街道还没有职能部门</Text>
  return (
    <View className='need-route-form'>
      <View className='need-route-depts'>
        {depts.map((d) => (
          <View
            key={d.id}
            data-id={d.id}
            className={`filter-chip need-route-dept${d.id === chosen ? ' is-selected' : ''}`}
            onClick={() => {
              setChosen(d.id)
              setError('')
            }}
          >
            <Text>{d.name}</Text>
          </View>
        ))}
      </View>
      <Textarea
        className='form-textarea need-route-note'
        value={note}
        maxlength={400}
        placeholder='交办说明（选填）'
        placeholderClass='form-placeholder'
        onInput={(e) => {
          setNote(e.detail.value)
          setError('')
        }}
      />
      {error ? <Text className='field-error need-route-error'>{error}</Text> : null}
      <BusyButton className='need-route-submit' busy={busy} busyText='正在交办…' onClick={() => void submit()}>
        交办
      </BusyButton>
    </View>
  )
}
