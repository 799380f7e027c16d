import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { APP_ROLE_LABELS, INVITATION_STATUS_LABELS, type InvitationPreview, type Profile } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { LoadingState } from '../../../components/States'
import { me } from '../../../services/auth'
import { errorMessage, isApiError } from '../../../services/errors'
import { acceptInvitation, codeFromScan, getInvitation, sceneValue } from '../../../services/joining'
import { ensureLoggedIn, getProfile } from '../../../services/session'
import { formatDateTime } from '../../../utils/format'
import { ROUTES } from '../../../utils/routes'
import { confirmAction } from '../../../utils/confirm'
import { useDraft } from '../../../utils/draft'
import { revealFirstError } from '../../../utils/formErrors'
import { useLoader } from '../../../utils/useLoader'
import '../../components/join.scss'
import { Screen } from '../../../components/Screen'

export const NOT_FOUND_TEXT = '没有找到这个邀请码，请核对后重新输入'
export const GONE_TEXT = '这个邀请已经失效（过期、已被使用或已作废），请联系邀请您的人重新发送'
const BARE_CODE = /^[A-Za-z0-9]{8}$/

function isWeapp(): boolean {
  return process.env.TARO_ENV === 'weapp'
}

/** What went wrong, in words a person can act on: a wrong code and a spent invitation are different problems. */
function plainMessage(err: unknown): string {
  if (isApiError(err)) {
    if (err.status === 404) return NOT_FOUND_TEXT
    if (err.status === 410) return GONE_TEXT
  }
  return errorMessage(err)
}

function roleLabel(role: InvitationPreview['role']): string {
  return role === 'admin' ? '社区管理员' : APP_ROLE_LABELS[role]
}

/**
 * 接受邀请: every role but resident comes by a single-use code. The person opens the invitation link (?code=),
 * types the 8 characters or scans the QR code, sees what they are invited to be, and accepts after a confirmation.
 */
export default function AcceptPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  // ?code= from a plain QR code or a link; ?scene=i%3D… from a 小程序码 scanned in WeChat
  const [code, setCode] = useState(() => (params.code ?? sceneValue(params.scene, 'i')).trim().toUpperCase())
  // the invitation behind the code asked last (only the newest answer lands)
  const asked = useRef('')
  const invitation = useLoader<InvitationPreview>(() => getInvitation(asked.current), { lazy: true, message: plainMessage })
  const lookup = invitation.state
  const [busy, setBusy] = useState(false)
  const [acceptError, setAcceptError] = useState('')
  const [codeError, setCodeError] = useState('')
  // a code typed by hand (not from a link) is kept if the person leaves to find the rest of it
  const fromLink = useRef(!!code)
  const draft = useDraft<{ code: string }>('accept', { code }, (d) => setCode(typeof d.code === 'string' ? d.code.toUpperCase() : ''), {
    isEmpty: (d) => !d.code?.trim(),
    enabled: !fromLink.current,
  })
  const inFlight = useRef(false)
  const started = useRef(false)

  useDidShow(() => {
    if (!ensureLoggedIn() || started.current) return
    started.current = true
    if (code) void look(code)
  })

  async function look(text: string) {
    if (!BARE_CODE.test(text.trim())) {
      setCodeError('邀请码是 8 位字母和数字')
      void revealFirstError()
      return
    }
    setCodeError('')
    setAcceptError('')
    asked.current = text
    await invitation.load(true)
  }

  async function scan() {
    let text = ''
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false })
      text = `${res.result ?? ''} ${(res as { path?: string }).path ?? ''}`.trim()
    } catch {
      return // cancelled
    }
    const found = codeFromScan(text, 'code', BARE_CODE).toUpperCase()
    if (!found) {
      void Taro.showToast({ title: '这不是邀请二维码，请换一个再扫', icon: 'none', duration: 2500 })
      return
    }
    setCode(found)
    void look(found)
  }

  async function accept(preview: InvitationPreview) {
    if (inFlight.current) return
    inFlight.current = true
    try {
      const elsewhere = !!profile?.communityId && profile.communityName !== preview.communityName
      // asked first, synchronously in the tap, so the dialog is up before anything else happens
      const ok = await confirmAction({
        title: '接受邀请',
        content: `接受后，您将以「${roleLabel(preview.role)}」身份加入${preview.communityName}。${
          elsewhere ? `您在${profile?.communityName ?? '原社区'}的身份（如网格员、志愿者）将结束。` : ''
        }`,
        confirmText: '接受',
        danger: elsewhere,
      })
      if (!ok) return
      setBusy(true)
      setAcceptError('')
      await acceptInvitation(preview.code)
      draft.clear()
      // the new roles come with the answer; me() makes sure every page sees the same profile
      await me().catch(() => undefined)
      void Taro.showToast({ title: '已接受邀请', icon: 'success', duration: 1500 })
      await Taro.switchTab({ url: ROUTES.home })
    } catch (err) {
      setBusy(false)
      setAcceptError(plainMessage(err))
    } finally {
      inFlight.current = false
    }
  }

  const preview = lookup.kind === 'ready' ? lookup.data : null
  const usable = preview?.status === 'pending'

  return (
    <Screen className='page accept-page'>
      <View className='card accept-form form-field'>
        <Text className='join-label'>邀请码</Text>
        <Text className='join-hint'>请输入社区工作者给您的 8 位邀请码，或扫描邀请二维码</Text>
        <Input
          className='join-input is-code accept-code'
          value={code}
          maxlength={8}
          placeholder='8 位字母和数字'
          placeholderClass='join-placeholder'
          confirmType='go'
          onInput={(e) => {
            setCode(e.detail.value.toUpperCase())
            setCodeError('')
            if (lookup.kind !== 'idle') invitation.clear()
          }}
          onConfirm={() => void look(code)}
        />
        {codeError ? <Text className='join-error-text field-error field-error-code accept-code-error'>{codeError}</Text> : null}
        <View className='join-gap' />
        {/* one primary action: once an invitation is shown, 接受邀请 is it */}
        <Button className={`btn ${lookup.kind === 'ready' ? 'btn-outline' : 'btn-primary'} accept-lookup`} onClick={() => void look(code)}>
          查看邀请
        </Button>
        {isWeapp() && (
          <>
            <View className='join-gap' />
            <Button className='btn btn-outline accept-scan' onClick={() => void scan()}>
              扫一扫邀请二维码
            </Button>
          </>
        )}
      </View>

      {lookup.kind === 'loading' && <LoadingState className='accept-loading' />}
      {lookup.kind === 'error' && (
        <View className='card accept-error'>
          <Text className='join-error-text accept-error-text'>{lookup.message}</Text>
          <View className='join-gap' />
          <Button className='btn btn-outline accept-retry' onClick={() => void look(code)}>
            重试
          </Button>
        </View>
      )}

      {preview && (
        <View className='card accept-preview'>
          <Text className='join-label'>您收到的邀请</Text>
          <View className='join-summary-row'>
            <Text className='join-summary-label'>身份</Text>
            <Text className='join-summary-value accept-role'>{roleLabel(preview.role)}</Text>
          </View>
          <View className='join-summary-row'>
            <Text className='join-summary-label'>社区</Text>
            <Text className='join-summary-value accept-community'>
              {preview.streetName} {preview.communityName}
            </Text>
          </View>
          {preview.gridName && (
            <View className='join-summary-row'>
              <Text className='join-summary-label'>网格</Text>
              <Text className='join-summary-value accept-grid'>{preview.gridName}</Text>
            </View>
          )}
          {preview.unitName && (
            <View className='join-summary-row'>
              <Text className='join-summary-label'>单位</Text>
              <Text className='join-summary-value accept-unit'>{preview.unitName}</Text>
            </View>
          )}
          <View className='join-summary-row'>
            <Text className='join-summary-label'>邀请人</Text>
            <Text className='join-summary-value accept-inviter'>{preview.invitedByName ?? '社区'}</Text>
          </View>
          <View className='join-summary-row'>
            <Text className='join-summary-label'>有效期至</Text>
            <Text className='join-summary-value accept-expires'>{formatDateTime(preview.expiresAt)}</Text>
          </View>
          {!usable && (
            <Text className='join-warning accept-unusable'>
              这个邀请{INVITATION_STATUS_LABELS[preview.status]}，不能再接受。请联系邀请您的人重新发送。
            </Text>
          )}
          {acceptError ? <Text className='join-error-text accept-failed'>{acceptError}</Text> : null}
          {usable && (
            <>
              <View className='join-gap' />
              <BusyButton className='accept-confirm' busy={busy} busyText='正在接受…' onClick={() => void accept(preview)}>
                接受邀请
              </BusyButton>
            </>
          )}
        </View>
      )}
    </Screen>
  )
}
