import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { EXPORT_KINDS, EXPORT_KIND_LABELS, exportFileName, type ExportKind, type Profile } from '../../../../core/contracts'
import { BusyButton } from '../../../components/BusyButton'
import { EmptyState } from '../../../components/States'
import { DatePicker, Field, FieldError } from '../../../components/form'
import { errorMessage, isApiError } from '../../../services/errors'
import { PERIOD_LABELS, PERIOD_PRESETS, downloadExport, presetPeriod, type PeriodPreset } from '../../../services/exports'
import { getProfile } from '../../../services/session'
import { ChipGroup } from '../../components/ChipGroup'
import { canManage, homeStreetId, isStreetAdmin } from '../../utils/access'
import '../../components/admin.scss'
import { Screen } from '../../../components/Screen'
import './index.scss'
import { revealFirstError } from '../../../utils/formErrors'

const KIND_HINTS: Record<ExportKind, string> = {
  needs: '按提交时间：标题、类别、三事分流、等级、状态、网格、期限、是否超期、办结时间、评价、联系人（电话已打码）',
  services: '按创建时间：需求、资源、资源方、状态、受益人数、评价',
  volunteer_hours: '按签到时间，已核定的服务：姓名、工作单位、岗位、时段、核定分钟',
  bean_movements: '按时间：账户（居民姓名或社区金豆池）、变动、变动后余额、类型、事由',
  resolutions: '按形成时间：决议、议事会、状态、事项数、完成数、评价',
}

interface Failure {
  message: string
  field?: string
}

/**
 * 导出: one kind of record of a community (or, for a street administrator, the whole street) for a period, as a CSV
 * that Excel and WPS open. On H5 the browser saves it; in WeChat it is sent to a chat (e.g. 文件传输助手) to open on
 * a computer.
 */
export default function ExportsPage() {
  const { params } = useRouter()
  const [profile] = useState<Profile | null>(() => getProfile())
  const streetAdmin = isStreetAdmin(profile)
  const communityId = params.communityId || (streetAdmin ? undefined : profile?.communityId ?? undefined)
  const streetId = communityId ? undefined : params.streetId || homeStreetId(profile)

  const [kind, setKind] = useState<ExportKind>('needs')
  const [preset, setPreset] = useState<PeriodPreset>('this_month')
  const [custom, setCustom] = useState(() => presetPeriod('this_month'))
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [done, setDone] = useState('')
  const running = useRef(false)

  if (!canManage(profile) || (!communityId && !streetId)) {
    return (
      <Screen className='page admin-page'>
        <EmptyState className='exports-forbidden' text='您没有管理权限' />
      </Screen>
    )
  }

  const period = preset === 'custom' ? custom : presetPeriod(preset)

  const run = async () => {
    if (running.current) return
    running.current = true
    setBusy(true)
    setFailure(null)
    setDone('')
    try {
      const outcome = await downloadExport({ kind, communityId, streetId, from: period.from, to: period.to, format: 'csv' })
      const name = exportFileName({ kind, ...period })
      setDone(outcome === 'downloaded' ? `已下载：${name}（未发送）` : outcome === 'shared' ? `已发送：${name}` : `已导出：${name}`)
      void Taro.showToast({ title: outcome === 'shared' ? '已发送' : '已导出', icon: 'success' })
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined
      setFailure({ message: errorMessage(err), field })
      if (field === 'from' || field === 'to') void revealFirstError()
    } finally {
      running.current = false
      setBusy(false)
    }
  }

  const choose = <T,>(set: (v: T) => void) => (v: T) => {
    set(v)
    setFailure(null)
    setDone('')
  }
  const periodError = failure && (failure.field === 'from' || failure.field === 'to') ? failure.message : ''

  return (
    <Screen className='page admin-page exports-page'>
      <Text className='section-title exports-scope'>{communityId ? `导出${communityId === profile?.communityId && profile?.communityName ? `「${profile.communityName}」` : '社区'}数据` : '导出全街道数据'}</Text>
      <Text className='form-hint'>CSV 表格，用 Excel 或 WPS 打开；没有编号，电话号码已打码，只含您在页面上能看到的信息。</Text>

      <Field label='导出内容'>
        <ChipGroup options={EXPORT_KINDS} labels={EXPORT_KIND_LABELS} value={kind} onChange={choose(setKind)} prefix='export-kind' half />
        <Text className='form-hint exports-kind-hint'>{KIND_HINTS[kind]}</Text>
      </Field>

      <Field label='时间段'>
        <ChipGroup options={PERIOD_PRESETS} labels={PERIOD_LABELS} value={preset} onChange={choose(setPreset)} prefix='export-period' half />
        {preset === 'custom' ? (
          <View className='form-row'>
            <View className='form-col'>
              <Text className='form-label'>开始日期</Text>
              <DatePicker value={custom.from} className='export-from' ariaLabel={`开始日期 ${custom.from}，点此修改`} onChange={(v) => choose(setCustom)({ ...custom, from: v })} />
            </View>
            <View className='form-col'>
              <Text className='form-label'>结束日期</Text>
              <DatePicker value={custom.to} className='export-to' ariaLabel={`结束日期 ${custom.to}，点此修改`} onChange={(v) => choose(setCustom)({ ...custom, to: v })} />
            </View>
          </View>
        ) : null}
        <Text className='form-hint exports-period'>{`${period.from} 至 ${period.to}`}（北京时间，最长 3 年）</Text>
        <FieldError name='period' message={periodError} className='form-error exports-period-error' />
      </Field>

      <BusyButton className='exports-submit' busy={busy} busyText='正在生成…' onClick={() => void run()}>
        导出
      </BusyButton>
      {process.env.TARO_ENV === 'weapp' ? (
        <Text className='form-hint'>在微信中导出后会请您选择聊天发送文件，可发给“文件传输助手”，在电脑上打开。</Text>
      ) : null}

      {failure && !periodError ? (
        <View className='state-box exports-error'>
          <Text className='state-text state-error-text'>{failure.message}</Text>
          <Button className='btn btn-outline exports-retry' onClick={() => void run()}>
            重试
          </Button>
        </View>
      ) : null}
      {done ? <Text className='form-hint exports-done'>{done}</Text> : null}
    </Screen>
  )
}
