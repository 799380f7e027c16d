import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { Profile, Whistle } from '../../../core/contracts'
import InboxBadge from '../../components/InboxBadge'
import { NoticeBoard } from '../../components/NoticeBoard'
import { isVolunteer } from '../../components/volunteer'
import { WhistleBanner } from '../../components/WhistleBanner'
import { ADMIN_ROUTES } from '../../packageAdmin/routes'
import { JOIN_ROUTES } from '../../packageJoin/routes'
import { me } from '../../services/auth'
import { listNeeds } from '../../services/needs'
import { ensureLoggedIn, getProfile } from '../../services/session'
import { listWhistles } from '../../services/volunteers'
import { canHandleNeeds, canManage, isStaff, isStreetAdmin, needsCommunity } from '../../utils/roles'
import { a11y } from '../../utils/a11y'
import { useDisplay } from '../../utils/display'
import { formatPhone, phoneForSpeech, placeLabel } from '../../utils/format'
import { ROUTES } from '../../utils/routes'
import { Screen } from '../../components/Screen'
import './index.scss'

const PENDING_PEEK = 50

export default function HomePage() {
  const [profile, setProfile] = useState<Profile | null>(() => getProfile())
  // 待研判 count for the queue entry: one small page of the pending queue, "50+" beyond it.
  const [pending, setPending] = useState<string | null>(null)
  const countSeq = useRef(0)
  // 社区吹哨: open calls (and closed ones I answered, so I see my answer); a failure just hides the banner. The first
  // page is enough for a banner: the server lists the open ones first.
  const [whistles, setWhistles] = useState<Whistle[]>([])
  const whistleSeq = useRef(0)

  function refreshWhistles(p: Profile | null) {
    // whistles are a community's: someone in none has nothing to hear
    if (!p?.communityId) return
    const seq = ++whistleSeq.current
    listWhistles().then(
      (page) => {
        if (seq === whistleSeq.current) setWhistles(page.items.filter((w) => w.status === 'open' || w.answered))
      },
      () => undefined,
    )
  }

  function refreshPending(p: Profile | null) {
    if (!canHandleNeeds(p) || !p?.communityId) return
    const seq = ++countSeq.current
    listNeeds({ status: 'submitted', order: 'oldest', limit: PENDING_PEEK }).then(
      (page) => {
        if (seq === countSeq.current) setPending(page.nextCursor ? `${PENDING_PEEK}+` : String(page.items.length))
      },
      () => undefined,
    )
  }

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    const cached = getProfile()
    setProfile(cached)
    refreshPending(cached)
    refreshWhistles(cached)
    // A failed refresh keeps the cached profile; a 401 is handled (and redirected) by the request layer.
    me().then((fresh) => {
      setProfile(fresh)
      // joined (or was given a community) since the cache was written: load what belongs to it
      if (fresh.communityId && !cached?.communityId) {
        refreshPending(fresh)
        refreshWhistles(fresh)
      }
    }, () => undefined)
  })

  const joining = needsCommunity(profile)
  const { elder } = useDisplay()
  // a street administrator without a community of their own sees their street, never someone else's community
  const streetOnly = !profile?.communityId && isStreetAdmin(profile)
  const place = profile?.communityId
    ? placeLabel(profile.communityName ?? '我的社区', profile.microGridName)
    : streetOnly
      ? `${profile?.streetName ?? '本街道'} · 街道管理员`
      : '尚未加入社区'
  const go = (url: string) => () => Taro.navigateTo({ url })

  // 消息 first in standard mode: a resident learns of every change to their need here without opening it
  const inbox = (
    <View className='card home-inbox-card'>
      <InboxBadge className='home-inbox' />
      <Text className='home-inbox-hint'>办理进度、服务和议事的消息</Text>
    </View>
  )

  const admin = canManage(profile) ? (
    <View className='home-admin-block'>
      <Button className='btn btn-outline home-action home-admin' onClick={go(ADMIN_ROUTES.home)}>
        管理
      </Button>
      <Text className='home-action-hint'>
        {streetOnly ? '街道的社区、网格、邀请和身份' : '本社区的网格、成员、邀请和设置'}
      </Text>
    </View>
  ) : null

  const join = joining ? (
    <View className='home-join-block'>
      <View className='card home-join' onClick={go(JOIN_ROUTES.join())}>
        <Text className='home-join-title'>先加入您住的社区</Text>
        <Text className='home-join-text'>加入后就可以向社区提需求、参加议事、做志愿服务。可以按名称或社区编码查找，也可以扫社区二维码。</Text>
        <Button className='btn btn-primary home-action home-join-button'>加入社区</Button>
      </View>
      <View className='home-join-invite home-accept' {...a11y('link')} onClick={go(JOIN_ROUTES.accept())}>
        <Text>收到了社区工作者的邀请码？点这里输入 ›</Text>
      </View>
    </View>
  ) : null

  const community = profile?.communityId ? (
    <CommunityHome profile={profile} elder={elder} pending={pending} whistles={whistles} setWhistles={setWhistles} whistleSeq={whistleSeq} />
  ) : null

  return (
    <Screen className='page home'>
      <View className='home-hero'>
        <Text className='home-greeting'>您好，{profile?.displayName ?? '居民朋友'}</Text>
        <Text className='home-community'>{place}</Text>
        {!elder && <Text className='home-motto'>需由民提 · 事由民议 · 策由民定 · 效由民评</Text>}
      </View>

      {elder ? (
        // 长辈版: what a resident comes for (提交需求, 我的需求, 打电话给社区) before anything else
        <>
          {join}
          {community}
          {!profile?.communityId && inbox}
          {admin}
        </>
      ) : (
        <>
          {inbox}
          {join}
          {admin}
          {community}
        </>
      )}
    </Screen>
  )
}

interface CommunityHomeProps {
  profile: Profile
  elder: boolean
  pending: string | null
  whistles: Whistle[]
  setWhistles: (update: (prev: Whistle[]) => Whistle[]) => void
  whistleSeq: { current: number }
}

/**
 * What a member of a community sees: the queue (handlers), 提交需求, 我的需求, 打电话给社区, whistles and
 * volunteering. 长辈版 puts the three big actions first and the rest under them, one entry per row.
 */
function CommunityHome({ profile, elder, pending, whistles, setWhistles, whistleSeq }: CommunityHomeProps) {
  const whistleBanner = whistles.some((w) => w.status === 'open') ? (
    <WhistleBanner
      whistles={whistles}
      canRespond={isVolunteer(profile)}
      onChange={(next) => {
        whistleSeq.current++
        setWhistles((prev) => prev.map((w) => (w.id === next.id ? next : w)))
      }}
      onRegister={() => Taro.navigateTo({ url: ROUTES.register })}
    />
  ) : null

  const notices = <NoticeBoard communityId={profile.communityId!} className='home-notices' shown={elder ? 2 : 3} />
  const phone = profile.communityPhone ? <CallCommunity phone={profile.communityPhone} /> : null

  const actions = (
    <View className='home-actions'>
      {canHandleNeeds(profile) && (
        <View className='home-queue-block'>
          <Button className='btn btn-primary home-action home-queue' onClick={() => Taro.navigateTo({ url: ROUTES.needQueue })}>
            需求研判队列
            {pending !== null && pending !== '0' ? <Text className='home-queue-count'>{pending} 条待研判</Text> : null}
          </Button>
          <Text className='home-action-hint'>
            {pending === '0' ? '暂时没有待研判的需求' : '先到先办：等得最久的排在最前面，超期的标红'}
          </Text>
        </View>
      )}

      <Button
        className={`btn ${canHandleNeeds(profile) ? 'btn-outline' : 'btn-primary'} home-action home-new-need`}
        onClick={() => Taro.navigateTo({ url: ROUTES.createNeed })}
      >
        提交需求
      </Button>
      <Text className='home-action-hint'>家里、楼道、小区里遇到的困难和建议，都可以告诉社区</Text>

      <Button className='btn btn-outline home-action home-my-needs' onClick={() => Taro.switchTab({ url: ROUTES.needs })}>
        我的需求
      </Button>
      <Text className='home-action-hint'>查看提交过的需求和办理进度</Text>

      {elder && phone}
    </View>
  )

  if (elder) {
    return (
      <View className='home-community-content'>
        {actions}
        <View className='card home-inbox-card'>
          <InboxBadge className='home-inbox' />
          <Text className='home-inbox-hint'>办理进度和通知</Text>
        </View>
        {whistleBanner}
        {notices}
        <VolunteerEntries profile={profile} />
      </View>
    )
  }
  return (
    <View className='home-community-content'>
      {whistleBanner}
      {notices}
      {actions}
      <VolunteerEntries profile={profile} />
      {phone}
    </View>
  )
}

/** 打电话给社区: the community's service phone, written as people read it, one tap to dial. */
function CallCommunity({ phone }: { phone: string }) {
  const digits = phone.replace(/\D/g, '')
  return (
    <View className='home-call-block'>
      <Button
        className='btn btn-outline home-action home-call'
        aria-label={`打电话给社区，电话 ${phoneForSpeech(phone)}`}
        onClick={() => void Promise.resolve(Taro.makePhoneCall({ phoneNumber: digits })).catch(() => undefined)}
      >
        <Text className='home-call-label'>打电话给社区</Text>
        <Text className='home-call-number'>{formatPhone(phone)}</Text>
      </Button>
      <Text className='home-action-hint'>有事说不清楚，直接打给社区工作人员</Text>
    </View>
  )
}

/** 志愿服务: volunteers find posts and their shifts; others are invited to register; staff run it all. */
function VolunteerEntries({ profile }: { profile: Profile | null }) {
  const volunteer = isVolunteer(profile)
  const staff = isStaff(profile)
  const go = (url: string) => () => Taro.navigateTo({ url })
  return (
    <View className='home-volunteer'>
      <Text className='section-title'>志愿服务</Text>
      {(volunteer || staff) && (
        <View className='home-volunteer-row'>
          <Button className='btn btn-outline home-volunteer-entry home-posts' onClick={go(ROUTES.posts)}>
            服务岗位
          </Button>
          {volunteer && (
            <Button className='btn btn-outline home-volunteer-entry home-shifts' onClick={go(ROUTES.shifts)}>
              我的服务
            </Button>
          )}
        </View>
      )}
      {!volunteer && !staff && (
        <View>
          <Button className='btn btn-outline home-action home-register' onClick={go(ROUTES.register)}>
            志愿者报到
          </Button>
          <Text className='home-action-hint'>在职党员双报到、社区能人自荐，通过后可以认领服务岗位</Text>
        </View>
      )}
      {staff && (
        <View className='home-volunteer-row home-staff'>
          <Button className='btn btn-outline home-volunteer-entry home-review' onClick={go(ROUTES.reviewVolunteers)}>
            报到审核
          </Button>
          <Button className='btn btn-outline home-volunteer-entry home-confirm' onClick={go(ROUTES.confirmShifts)}>
            确认服务
          </Button>
          <Button className='btn btn-outline home-volunteer-entry home-post-create' onClick={go(ROUTES.createPost)}>
            发布岗位
          </Button>
          <Button className='btn btn-outline home-volunteer-entry home-whistle-create' onClick={go(ROUTES.createWhistle)}>
            社区吹哨
          </Button>
        </View>
      )}
    </View>
  )
}
