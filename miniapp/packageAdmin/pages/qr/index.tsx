import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { CommunityQr } from '../../../../core/contracts'
import { ErrorState, LoadingState } from '../../../components/States'
import { getCommunityQr } from '../../../services/admin'
import { ensureLoggedIn } from '../../../services/session'
import { AdminQr } from '../../components/AdminQr'
import { useLoader } from '../../../utils/useLoader'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'

/**
 * 社区二维码: shown on a screen or printed on a poster at the community office. Scanned in WeChat it opens the join
 * page with this community chosen; the code underneath can be typed into the join page's search instead.
 */
export default function CommunityQrPage() {
  const { params } = useRouter()
  const communityId = params.communityId ?? ''
  const qr = useLoader<CommunityQr>(async () => {
    if (!communityId) throw new Error('没有指定社区')
    return getCommunityQr(communityId)
  })

  useDidShow(() => {
    if (!ensureLoggedIn()) return
    void qr.load()
  })

  const copy = (data: string) => void Taro.setClipboardData({ data })

  return (
    <Screen className='page admin-page community-qr'>
      {qr.state.kind === 'loading' && <LoadingState className='community-qr-loading' />}
      {qr.state.kind === 'error' && (
        <ErrorState className='community-qr-error' message={qr.state.message} onRetry={() => void qr.load(true)} retryClassName='community-qr-retry' />
      )}
      {qr.state.kind === 'ready' && (
        <View className='card community-qr-card'>
          <Text className='section-title community-qr-name'>{qr.state.data.name}</Text>
          <AdminQr svg={qr.state.data.qrSvg} miniProgramCode={qr.state.data.miniProgramCode} className='community-qr-image' />
          <Text className='community-qr-code'>{qr.state.data.code}</Text>
          <Text className='muted community-qr-hint'>
            {qr.state.data.miniProgramCode ? '居民用微信扫一扫这个小程序码' : '居民在「共治」的「加入社区」里扫这个码'}
            ，即可加入本社区；也可以在「加入社区」里输入上面的社区编码。
          </Text>
          <View className='community-qr-actions'>
            <Button className='btn btn-outline community-qr-copy' onClick={() => copy(qr.state.kind === 'ready' ? qr.state.data.code : '')}>
              复制社区编码
            </Button>
          </View>
        </View>
      )}
    </Screen>
  )
}
