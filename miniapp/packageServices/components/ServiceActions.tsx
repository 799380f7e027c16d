import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { ServiceProjectDetail } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { confirmService, progressService, transitionService } from '../../services/services'
import { confirmAction } from '../../utils/confirm'
import { revealFirstError } from '../../utils/formErrors'
import './forms.scss'

type Action = 'confirm' | 'start' | 'complete' | 'progress' | 'cancel'
interface ActionError {
  action: Action
  message: string
  field?: string
}

export interface ServiceActionsProps {
  project: ServiceProjectDetail
  /** the project as the server returned it after an action */
  onChange: (project: ServiceProjectDetail) => void
}

/** Whole non-negative number typed by a person, or null. */
function parseCount(text: string): number | null {
  const t = text.trim()
  return /^\d{1,6}$/.test(t) ? Number(t) : null
}

/**
 * What the caller may do with a project, driven only by the server's flags (canConfirm, canManage) and
 * the status: the server decides who may act; the page never guesses roles. Inputs stay on failure,
 * with the server's message next to the field it names.
 */
export function ServiceActions({ project, onChange }: ServiceActionsProps) {
  const [busy, setBusy] = useState<Action | null>(null)
  const [error, setError] = useState<ActionError | null>(null)
  const [beneficiaries, setBeneficiaries] = useState('')
  const [note, setNote] = useState('')
  const [percent, setPercent] = useState('')
  const [cancelOpen, setCancelOpen] = useState(false)
  const [cancelReason, setCancelReason] = useState('')
  // Taro's disabled Button still fires on H5: a guard that does not wait for a re-render.
  const inFlight = useRef(false)

  const { status, canConfirm, canManage } = project
  const canStart = canManage && status === 'confirmed'
  const canComplete = canManage && status === 'in_progress'
  const canProgress = canManage && (status === 'confirmed' || status === 'in_progress')
  const canCancel = canManage && (status === 'proposed' || status === 'confirmed' || status === 'in_progress')

  if (!canConfirm && !canStart && !canComplete && !canProgress && !canCancel) return null

  async function act(action: Action, call: () => Promise<ServiceProjectDetail>, done: string, after?: () => void) {
    if (inFlight.current) return
    inFlight.current = true
    setBusy(action)
    setError(null)
    try {
      const next = await call()
      after?.()
      onChange(next)
      void Taro.showToast({ title: done, icon: 'none', duration: 2000 })
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined
      setError({ action, message: errorMessage(err), field })
      if (field) void revealFirstError()
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }

  const fail = (action: Action, message: string, field?: string) => {
    setError({ action, message, field })
    void revealFirstError()
  }

  function complete() {
    if (inFlight.current) return
    const count = parseCount(beneficiaries)
    if (count === null) {
      fail('complete', '请填写受益人数（整数，没有就填 0）', 'beneficiaries')
      return
    }
    void act('complete', () => transitionService({ id: project.id, to: 'completed', beneficiaries: count }), '服务已完成', () => setBeneficiaries(''))
  }

  function addProgress() {
    if (inFlight.current) return
    const text = note.trim()
    if (text.length < 2) {
      fail('progress', '请填写进展，至少 2 个字', 'note')
      return
    }
    const p = percent.trim() === '' ? undefined : parseCount(percent)
    if (p === null || (p !== undefined && p > 100)) {
      fail('progress', '进度请填 0 到 100 之间的整数', 'percent')
      return
    }
    void act('progress', () => progressService({ id: project.id, note: text, percent: p }), '进展已记录', () => {
      setNote('')
      setPercent('')
    })
  }

  async function cancel() {
    if (inFlight.current) return
    const reason = cancelReason.trim()
    if (!reason) {
      fail('cancel', '取消服务请填写原因', 'note')
      return
    }
    const ok = await confirmAction({
      title: '取消服务',
      content: `取消「${project.needTitle}」的服务（${project.resourceTitle}，${project.publisherName}）？双方和居民都会看到取消原因。`,
      confirmText: '取消服务',
      danger: true,
    })
    if (!ok) return
    void act('cancel', () => transitionService({ id: project.id, to: 'cancelled', note: reason }), '服务已取消', () => {
      setCancelReason('')
      setCancelOpen(false)
    })
  }

  const errorFor = (action: Action) =>
    error?.action === action ? (
      <Text className={`inline-error service-error-${action}${error.field ? ` field-error field-error-${error.field}` : ''}`}>{error.message}</Text>
    ) : null

  return (
    <View className='card service-actions'>
      <Text className='section-title'>办理</Text>

      {canConfirm && (
        <View className='service-action service-action-confirm'>
          <Text className='muted service-action-hint'>双方都确认后，服务项目成立。</Text>
          <BusyButton className='service-confirm' busy={busy === 'confirm'} busyText='正在确认…' onClick={() => void act('confirm', () => confirmService(project.id), '已确认')}>
            确认对接
          </BusyButton>
          {errorFor('confirm')}
        </View>
      )}

      {canStart && (
        <View className='service-action service-action-start'>
          <BusyButton
            className='service-start'
            busy={busy === 'start'}
            busyText='正在开始…'
            onClick={() => void act('start', () => transitionService({ id: project.id, to: 'in_progress' }), '服务已开始')}
          >
            开始服务
          </BusyButton>
          {errorFor('start')}
        </View>
      )}

      {canComplete && (
        <View className='service-action service-action-complete'>
          <Text className='form-label'>受益人数</Text>
          <View className='service-beneficiaries'>
            <Input
              className={`form-input service-beneficiaries-input${error?.action === 'complete' && error.field === 'beneficiaries' ? ' has-error' : ''}`}
              type='number'
              value={beneficiaries}
              maxlength={6}
              placeholder='这次服务帮到了多少人'
              placeholderClass='form-placeholder'
              onInput={(e) => {
                setBeneficiaries(e.detail.value)
                if (error?.action === 'complete') setError(null)
              }}
            />
          </View>
          <BusyButton className='service-complete btn-gap' busy={busy === 'complete'} busyText='正在提交…' onClick={complete}>
            服务完成
          </BusyButton>
          {errorFor('complete')}
        </View>
      )}

      {canProgress && (
        <View className='service-action service-action-progress'>
          <Text className='form-label'>记录进展</Text>
          <View className='service-progress-note'>
            <Textarea
              className={`form-textarea service-progress-note-input${error?.action === 'progress' && error.field === 'note' ? ' has-error' : ''}`}
              value={note}
              maxlength={500}
              placeholder='例如：已上门查看，明天带配件来维修'
              placeholderClass='form-placeholder'
              onInput={(e) => {
                setNote(e.detail.value)
                if (error?.action === 'progress') setError(null)
              }}
            />
          </View>
          <View className='service-progress-percent'>
            <Input
              className={`form-input service-progress-percent-input btn-gap${error?.action === 'progress' && error.field === 'percent' ? ' has-error' : ''}`}
              type='number'
              value={percent}
              maxlength={3}
              placeholder='完成了百分之几（选填）'
              placeholderClass='form-placeholder'
              onInput={(e) => {
                setPercent(e.detail.value)
                if (error?.action === 'progress') setError(null)
              }}
            />
          </View>
          <BusyButton className='service-progress-submit btn-gap' busy={busy === 'progress'} busyText='正在保存…' onClick={addProgress}>
            保存进展
          </BusyButton>
          {errorFor('progress')}
        </View>
      )}

      {canCancel && (
        <View className='service-action service-action-cancel'>
          {!cancelOpen ? (
            <Button
              className='btn btn-outline service-cancel'
              onClick={() => {
                setCancelOpen(true)
                if (error?.action === 'cancel') setError(null)
              }}
            >
              取消服务
            </Button>
          ) : (
            <View className='service-cancel-panel'>
              <Text className='form-label'>取消原因</Text>
              <View className='service-cancel-reason'>
                <Textarea
                  className={`form-textarea service-cancel-reason-input${error?.action === 'cancel' && error.field === 'note' ? ' has-error' : ''}`}
                  value={cancelReason}
                  maxlength={500}
                  placeholder='请说明为什么取消，双方和居民都能看到'
                  placeholderClass='form-placeholder'
                  onInput={(e) => {
                    setCancelReason(e.detail.value)
                    if (error?.action === 'cancel') setError(null)
                  }}
                />
              </View>
              {errorFor('cancel')}
              <BusyButton className='service-cancel-submit btn-gap' busy={busy === 'cancel'} busyText='正在取消…' onClick={() => void cancel()}>
                确认取消服务
              </BusyButton>
              <Button className='btn btn-outline btn-gap service-cancel-back' onClick={() => setCancelOpen(false)}>
                不取消了
              </Button>
            </View>
          )}
        </View>
      )}
    </View>
  )
}
