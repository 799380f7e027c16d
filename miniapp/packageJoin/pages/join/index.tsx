import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { CommunityPublic, MicroGridOption, Profile, Street } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { EmptyState, ErrorState, LoadingState } from '../../../components/States'
import { errorMessage } from '../../../services/errors'
import {
  UNNAMED,
  bindPhone,
  codeFromScan,
  joinCommunity,
  listCommunities,
  listMicroGrids,
  listStreets,
  sceneValue,
  updateMyName,
} from '../../../services/joining'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { ROUTES } from '../../../utils/routes'
import { a11y } from '../../../utils/a11y'
import { confirmAction } from '../../../utils/confirm'
import { useDraft } from '../../../utils/draft'
import { revealFirstError } from '../../../utils/formErrors'
import { useLoader, usePaged } from '../../../utils/useLoader'
import { DraftNote } from '../../../components/DraftNote'
import '../../components/join.scss'
import { Screen } from '../../../components/Screen'

export const SEARCH_DEBOUNCE_MS = 300
export const COMMUNITY_EMPTY_TEXT = '没有找到这个社区，请检查名称或编码'
export const MOVING_WARNING = '迁入新社区后，您在原社区的身份（如网格员、志愿者）将结束'
/** 一社区一编码 as printed on a community's QR code or notice board, e.g. 320102-1U4-001 */
const COMMUNITY_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/

type Step = 'street' | 'community' | 'microGrid' | 'confirm' | 'phone'

function isWeapp(): boolean {
  return process.env.TARO_ENV === 'weapp'
}

function goHome() {
  void Taro.switchTab({ url: ROUTES.home })
}

/**
 * A building as a resident says it: staff may name a micro-grid "1号楼微网格" (their work term); residents read
 * "1号楼". Only a trailing 微网格 is dropped, never the whole name.
 */
export function plainPlace(name: string): string {
  const plain = name.replace(/\s*微网格$/, '').trim()
  return plain || name
}

/** Micro-grids grouped by their grid, in the order the server lists them. */
function groupByGrid(items: MicroGridOption[]): Array<{ gridName: string; items: MicroGridOption[] }> {
  const groups: Array<{ gridName: string; items: MicroGridOption[] }> = []
  for (const m of items) {
    const g = groups.find((x) => x.gridName === m.gridName)
    if (g) g.items.push(m)
    else groups.push({ gridName: m.gridName, items: [m] })
  }
  return groups
}

/**
 * 加入社区: a person who signed in with WeChat says who they are and where they live — the street (skipped when there
 * is one), the community (search by name or code, a list, or a QR code), then the building (楼栋/小区) or 暂不选择.
 * A person already in a community is told that moving ends their roles there. Binding a phone comes after, optional.
 */
export default function JoinPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const [name, setName] = useState(() => {
    const current = getProfile()?.displayName ?? ''
    return current === UNNAMED ? '' : current
  })
  const [nameError, setNameError] = useState('')
  // Opened from a community QR code the community steps are skipped: the name is then asked on the confirm step.
  const [nameOnConfirm, setNameOnConfirm] = useState(false)
  const [step, setStep] = useState<Step>('community')
  const streetList = useLoader<Street[]>(() => listStreets(), { lazy: true })
  const streets = streetList.state
  const [street, setStreet] = useState<Street | null>(null)
  const [query, setQuery] = useState('')
  // the communities of the search asked last (a name or code, within a street), a page at a time
  const asked = useRef<{ q?: string; streetId?: string }>({})
  const communityList = usePaged<CommunityPublic>(
    (cursor) => listCommunities(cursor ? { ...asked.current, cursor } : asked.current),
    { lazy: true },
  )
  const communities = communityList.state
  const [community, setCommunity] = useState<CommunityPublic | null>(null)
  const gridsOf = useRef('')
  const microGridList = useLoader<MicroGridOption[]>(() => listMicroGrids(gridsOf.current), { lazy: true })
  const microGrids = microGridList.state
  const [microGrid, setMicroGrid] = useState<MicroGridOption | null>(null)
  const [busy, setBusy] = useState(false)
  const [formError, setFormError] = useState('')
  const [phoneNote, setPhoneNote] = useState('')
  const [phoneBusy, setPhoneBusy] = useState(false)
  const inFlight = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const started = useRef(false)

  const moving = !!profile?.communityId && !!community && profile.communityId !== community.id
  // the name is the one thing typed here: kept if the person leaves before joining
  const initialName = profile?.displayName === UNNAMED ? '' : profile?.displayName ?? ''
  const draft = useDraft<{ name: string }>('join', { name }, (d) => setName(typeof d.name === 'string' ? d.name : ''), {
    isEmpty: (d) => !d.name?.trim() || d.name.trim() === initialName,
  })

  function refuseName(message: string) {
    setNameError(message)
    void revealFirstError()
  }

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )

  useDidShow(() => {
    if (!ensureLoggedIn() || started.current) return
    started.current = true
    // ?community= from a plain QR code or a link; ?scene=c%3D… from a 小程序码 scanned in WeChat
    const code = (params.community ?? sceneValue(params.scene, 'c')).trim()
    if (code) void openByCode(safeDecode(code))
    else void loadStreets()
  })

  function safeDecode(s: string): string {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }

  async function loadStreets() {
    setStep('street')
    const items = await streetList.load(true)
    // one street: nothing to choose
    if (items?.length === 1) chooseStreet(items[0])
  }

  function chooseStreet(s: Street | null) {
    setStreet(s)
    setStep('community')
    setQuery('')
    search('', s, 0)
  }

  /** Searches communities by name or code (empty: the street's list); only the latest answer lands. */
  function search(text: string, within: Street | null = street, delay = SEARCH_DEBOUNCE_MS) {
    if (timer.current) clearTimeout(timer.current)
    const run = () => {
      asked.current = { q: text.trim() || undefined, streetId: within?.id }
      void communityList.load(true)
    }
    if (delay <= 0) run()
    else timer.current = setTimeout(run, delay)
  }

  /** Opened from a community's QR code (or a scanned one): the code picks the community; otherwise it is searched. */
  async function openByCode(code: string) {
    setStep('community')
    setQuery(code)
    asked.current = { q: code }
    const page = await communityList.load(true)
    const exact = page?.items.find((c) => c.code.toLowerCase() === code.toLowerCase())
    if (exact) chooseCommunity(exact)
  }

  async function scan() {
    let text = ''
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false })
      text = `${res.result ?? ''} ${(res as { path?: string }).path ?? ''}`.trim()
    } catch {
      return // cancelled
    }
    const code = codeFromScan(text, 'community', COMMUNITY_CODE)
    if (!code) {
      void Taro.showToast({ title: '这不是社区二维码，请换一个再扫', icon: 'none', duration: 2500 })
      return
    }
    void openByCode(code)
  }

  function chooseCommunity(c: CommunityPublic) {
    if (timer.current) clearTimeout(timer.current)
    setCommunity(c)
    setMicroGrid(null)
    setStep('microGrid')
    void loadMicroGrids(c)
  }

  function loadMicroGrids(c: CommunityPublic) {
    gridsOf.current = c.id
    void microGridList.load(true)
  }

  function chooseMicroGrid(m: MicroGridOption | null) {
    setMicroGrid(m)
    setFormError('')
    setStep('confirm')
  }

  async function confirm() {
    if (inFlight.current || !community) return
    const trimmed = name.trim()
    if (!trimmed) {
      setNameOnConfirm(true)
      refuseName('请填写您的称呼，方便社区工作者和邻居认出您')
      return
    }
    if (trimmed.length > 20) {
      setNameOnConfirm(true)
      refuseName('称呼最多 20 个字')
      return
    }
    inFlight.current = true
    try {
      if (moving) {
        const ok = await confirmAction({
          title: '迁入新社区',
          content: `迁入后，您在${profile?.communityName ?? '原社区'}的身份（如网格员、志愿者）将结束。确定迁入${community.name}吗？`,
          confirmText: '确定迁入',
          danger: true,
        })
        if (!ok) return
      }
      setBusy(true)
      setFormError('')
      if (trimmed !== (profile?.displayName ?? '')) await updateMyName(trimmed)
      const joined = await joinCommunity(community.id, microGrid?.id)
      draft.clear()
      void Taro.showToast({ title: moving ? '已迁入新社区' : '已加入社区', icon: 'success', duration: 1500 })
      // binding a phone happens inside WeChat only; on H5 (or with a phone already bound) there is nothing more to do
      if (isWeapp() && !joined.phone) {
        setBusy(false)
        setStep('phone')
        return
      }
      goHome()
    } catch (err) {
      setBusy(false)
      const field = (err as { field?: string } | null)?.field
      if (field === 'displayName') {
        setNameOnConfirm(true)
        refuseName(errorMessage(err))
      } else {
        setFormError(errorMessage(err))
      }
    } finally {
      inFlight.current = false
    }
  }

  async function onPhone(detail: { code?: string; errMsg?: string }) {
    if (!detail?.code) {
      setPhoneNote('没有绑定手机号也能正常使用。以后需要时，可以在「我的」里再绑定。')
      return
    }
    setPhoneBusy(true)
    setPhoneNote('')
    try {
      await bindPhone(detail.code)
      void Taro.showToast({ title: '手机号已绑定', icon: 'success', duration: 1500 })
      goHome()
    } catch (err) {
      setPhoneNote(`${errorMessage(err)}。可以先进入首页，以后在「我的」里再绑定。`)
    } finally {
      setPhoneBusy(false)
    }
  }

  const stepIndex = { street: 0, community: 0, microGrid: 1, confirm: 2, phone: 3 }[step]
  const stepNames = ['找社区', '选楼栋', '确认']

  return (
    <Screen className='page join-page'>
      {step !== 'phone' && (
        <View className='join-steps'>
          {stepNames.map((label, i) => (
            <Text key={label} className={`join-step${i === stepIndex ? ' is-current' : ''}${i < stepIndex ? ' is-done' : ''}`}>
              {i + 1}. {label}
            </Text>
          ))}
        </View>
      )}

      {profile?.communityId && step !== 'phone' && (
        <Text className='join-intro join-current'>
          您现在属于{profile.communityName ?? '一个社区'}。选择新的社区即可迁入。
        </Text>
      )}

      {(step === 'street' || step === 'community' || step === 'microGrid' || (step === 'confirm' && nameOnConfirm)) && (
        <View className='card join-name-card form-field'>
          {draft.restored && (
            <DraftNote
              className='join-draft-note'
              onDiscard={() => {
                draft.discard()
                setName(initialName)
              }}
            />
          )}
          <Text className='join-label'>您的称呼</Text>
          <Text className='join-hint'>社区工作者和邻居按这个称呼找到您，例如：王阿姨、李建国</Text>
          <Input
            className={`join-input join-name${nameError ? ' has-error' : ''}`}
            value={name}
            maxlength={20}
            placeholder='请填写称呼'
            placeholderClass='join-placeholder'
            onInput={(e) => {
              setName(e.detail.value)
              setNameError('')
            }}
          />
          {nameError ? <Text className='join-error-text join-name-error field-error field-error-displayName'>{nameError}</Text> : null}
        </View>
      )}

      {step === 'street' && (
        <View className='card join-streets'>
          <Text className='join-label'>第一步：选择街道</Text>
          {streets.kind === 'loading' && <LoadingState className='join-streets-loading' />}
          {streets.kind === 'error' && (
            <ErrorState className='join-streets-error' message={streets.message} onRetry={() => void loadStreets()} retryClassName='join-retry' />
          )}
          {streets.kind === 'ready' && streets.data.length === 0 && <EmptyState className='join-streets-empty' text='还没有开通的街道' />}
          {streets.kind === 'ready' && streets.data.length > 1 && (
            <View className='join-list'>
              {streets.data.map((s) => (
                <View key={s.id} className='join-row join-street' {...a11y('button')} onClick={() => chooseStreet(s)}>
                  <Text className='join-row-title'>{s.name}</Text>
                </View>
              ))}
            </View>
          )}
        </View>
      )}

      {step === 'community' && (
        <View className='card join-communities'>
          <Text className='join-label'>找到您的社区</Text>
          <Text className='join-hint'>
            {street ? `${street.name} · ` : ''}输入社区名称或社区编码（一社区一编码），也可以在下面的列表里点选
          </Text>
          <Input
            className='join-input join-search'
            value={query}
            maxlength={40}
            placeholder='例如：和平社区'
            placeholderClass='join-placeholder'
            confirmType='search'
            onInput={(e) => {
              setQuery(e.detail.value)
              search(e.detail.value)
            }}
            onConfirm={() => search(query, street, 0)}
          />
          {isWeapp() && (
            <Button className='btn btn-outline join-scan' onClick={() => void scan()}>
              扫一扫社区二维码
            </Button>
          )}
          {communities.kind === 'loading' && <LoadingState className='join-communities-loading' text='正在查找…' />}
          {communities.kind === 'error' && (
            <ErrorState
              className='join-communities-error'
              message={communities.message}
              onRetry={() => search(query, street, 0)}
              retryClassName='join-retry'
            />
          )}
          {communities.kind === 'ready' && communities.items.length === 0 && (
            <EmptyState className='join-communities-empty' text={COMMUNITY_EMPTY_TEXT} />
          )}
          {communities.kind === 'ready' && communities.items.length > 0 && (
            <View className='join-list'>
              {communities.items.map((c) => (
                <View key={c.id} className='join-row join-community' {...a11y('button', `选择${c.name}`)} onClick={() => chooseCommunity(c)}>
                  <Text className='join-row-title'>{c.name}</Text>
                  <Text className='join-row-sub'>
                    {c.streetName} · 编码 <Text className='join-nowrap'>{c.code}</Text>
                  </Text>
                </View>
              ))}
            </View>
          )}
          {communities.kind === 'ready' && communities.nextCursor && (
            <Button className='btn btn-outline join-more' onClick={() => void communityList.loadMore()}>
              {communities.more ? '正在加载…' : '加载更多'}
            </Button>
          )}
          {streets.kind === 'ready' && streets.data.length > 1 && (
            <Button className='btn btn-outline join-change-street' onClick={() => setStep('street')}>
              换一个街道
            </Button>
          )}
        </View>
      )}

      {step === 'microGrid' && community && (
        <View className='card join-micro-grids'>
          <Text className='join-label'>您住哪栋楼？</Text>
          <Text className='join-hint'>{community.name}的网格员按楼栋联系居民。不确定可以先点「暂不选择」，以后再改</Text>
          {microGrids.kind === 'loading' && <LoadingState className='join-micro-grids-loading' />}
          {microGrids.kind === 'error' && (
            <ErrorState
              className='join-micro-grids-error'
              message={microGrids.message}
              onRetry={() => void loadMicroGrids(community)}
              retryClassName='join-retry'
            />
          )}
          {microGrids.kind === 'ready' && microGrids.data.length === 0 && (
            <EmptyState className='join-micro-grids-empty' text='这个社区还没有登记楼栋，可以暂不选择' />
          )}
          {microGrids.kind === 'ready' &&
            groupByGrid(microGrids.data).map((g) => (
              <View key={g.gridName} className='join-grid-group'>
                <Text className='join-group-title'>{g.gridName}</Text>
                <View className='join-list'>
                  {g.items.map((m) => (
                    <View key={m.id} className='join-row join-micro-grid' {...a11y('button', `我住${plainPlace(m.name)}`)} onClick={() => chooseMicroGrid(m)}>
                      <Text className='join-row-title'>{plainPlace(m.name)}</Text>
                    </View>
                  ))}
                </View>
              </View>
            ))}
          <View className='join-gap' />
          <Button className='btn btn-outline join-skip-micro-grid' onClick={() => chooseMicroGrid(null)}>
            暂不选择
          </Button>
          <View className='join-gap' />
          <Button className='btn btn-outline join-back' onClick={() => setStep('community')}>
            换一个社区
          </Button>
        </View>
      )}

      {step === 'confirm' && community && (
        <View className='card join-summary'>
          <Text className='join-label'>请确认</Text>
          <View className='join-summary-row'>
            <Text className='join-summary-label'>称呼</Text>
            <Text className='join-summary-value join-summary-name'>{name.trim()}</Text>
          </View>
          <View className='join-summary-row'>
            <Text className='join-summary-label'>社区</Text>
            <Text className='join-summary-value join-summary-community'>
              {community.streetName} {community.name}
            </Text>
          </View>
          <View className='join-summary-row'>
            <Text className='join-summary-label'>住在哪栋楼</Text>
            <Text className='join-summary-value join-summary-micro-grid'>
              {microGrid ? plainPlace(microGrid.name) : '暂不选择'}
            </Text>
          </View>
          {moving && <Text className='join-warning join-moving'>{MOVING_WARNING}。</Text>}
          {nameError ? <Text className='join-error-text join-name-error'>{nameError}</Text> : null}
          {formError ? <Text className='join-error-text join-error'>{formError}</Text> : null}
          <View className='join-gap' />
          <BusyButton className='join-confirm' busy={busy} busyText='正在提交…' onClick={() => void confirm()}>
            {moving ? '确认迁入' : '确认加入'}
          </BusyButton>
          <View className='join-gap' />
          <Button className='btn btn-outline join-back' onClick={() => setStep('microGrid')}>
            返回修改
          </Button>
          {!isWeapp() && <Text className='join-note join-phone-h5'>绑定手机号需要在微信小程序里进行，可以以后在「我的」里绑定。</Text>}
        </View>
      )}

      {step === 'phone' && (
        <View className='card join-phone-step'>
          <Text className='join-success'>{community ? `已加入${community.name}` : '已加入社区'}</Text>
          <Text className='join-intro'>绑定手机号后，社区工作者办理您的需求时可以及时联系您。可以跳过，以后在「我的」里绑定。</Text>
          <Button
            className={`btn btn-primary join-phone${phoneBusy ? ' is-disabled' : ''}`}
            openType='getPhoneNumber'
            onGetPhoneNumber={(e) => void onPhone(e.detail as { code?: string; errMsg?: string })}
          >
            {phoneBusy ? '正在绑定…' : '绑定微信手机号'}
          </Button>
          {phoneNote ? <Text className='join-note join-phone-note'>{phoneNote}</Text> : null}
          <View className='join-gap' />
          <Button className='btn btn-outline join-done' onClick={goHome}>
            以后再说，进入首页
          </Button>
        </View>
      )}
    </Screen>
  )
}
