import { Button, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { NEED_RESULT_MAX, NEED_RESULT_MIN, NEED_RESULT_PHOTOS_MAX, type NeedDetail, type NeedStatus } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { errorMessage, isApiError } from '../../services/errors'
import { uploadPhoto } from '../../services/volunteers'
import { confirmAction } from '../../utils/confirm'
import { useDraft } from '../../utils/draft'
import { revealFirstError } from '../../utils/formErrors'
import { DraftNote } from '../../components/DraftNote'
import { Field, FormTextarea, PhotoPicker, uploadProgressText, usePhotos } from '../../components/form'
import './NeedActions.scss'

export interface ActionSpec {
  to: NeedStatus
  label: string
  /** a text is required (办理结果, 不予受理, 上报, 重新办理): asked for in a small form before anything is sent */
  reason: boolean
  /** the label of that text field */
  field?: string
  prompt?: string
}

const LABELS: Partial<Record<NeedStatus, string>> = {
  in_progress: '开始办理',
  resolved: '标记为已解决',
  rejected: '不予受理',
  escalated: '上报上级',
  in_deliberation: '提交议事',
  matched: '转为服务项目',
  closed: '办结归档',
}

const FIELDS: Partial<Record<NeedStatus, string>> = {
  resolved: '办理结果',
  rejected: '不予受理的原因',
  escalated: '上报的原因',
}

const PROMPTS: Partial<Record<NeedStatus, string>> = {
  resolved: '写清楚做了什么、结果怎样，居民会在需求详情里看到这段话',
  rejected: '请填写不予受理的原因，居民会看到这段话',
  escalated: '请填写上报的原因和已经做过的工作，居民会看到这段话',
}

/** Statuses that need a text when staff move a need there (the SQL says the same: need_apply, need_status_edges). */
const REASON_REQUIRED: readonly NeedStatus[] = ['resolved', 'rejected', 'escalated']

/**
 * The staff / grid worker buttons for what the server says this caller may do now (`actions`).
 * 评价 belongs to the owner's rating form and the owner's 重新办理 to its own button, so both are left out.
 */
export function handlerActions(need: Pick<NeedDetail, 'status' | 'actions'>): ActionSpec[] {
  return need.actions
    .filter((to) => to !== 'evaluated' && !(need.status === 'resolved' && to === 'in_progress'))
    .map((to) => ({
      to,
      label: to === 'in_progress' && need.status !== 'triaged' ? '继续办理' : LABELS[to] ?? to,
      reason: REASON_REQUIRED.includes(to),
      field: FIELDS[to],
      prompt: PROMPTS[to],
    }))
}

export const REOPEN_ACTION: ActionSpec = {
  to: 'in_progress',
  label: '重新办理',
  reason: true,
  field: '重新办理的原因',
  prompt: '请说明为什么需要重新办理（只能申请一次）',
}

/** The confirmation that names the need, so a tap on the wrong need is caught. */
export function confirmText(spec: ActionSpec, title: string): { title: string; content: string; confirmText: string; danger: boolean } {
  if (spec.to === 'resolved') {
    return { title: '标记为已解决', content: `确认将「${title}」标记为已解决？居民会看到您填写的办理结果。`, confirmText: '确认解决', danger: false }
  }
  if (spec.to === 'rejected') {
    return { title: '不予受理', content: `确认对「${title}」不予受理？居民会看到您填写的原因。`, confirmText: '不予受理', danger: true }
  }
  if (spec.to === 'escalated') {
    return { title: '上报上级', content: `确认将「${title}」上报上级？居民会看到您填写的原因。`, confirmText: '上报', danger: false }
  }
  return { title: spec.label, content: `确认对「${title}」${spec.label}？`, confirmText: '确认', danger: false }
}

export interface NeedActionsProps {
  /** the need's id (its drafts are kept per need) and title (named in the confirmation) */
  needId: string
  needTitle: string
  /** whose form this is (the owner's 重新办理 and the handlers' steps keep separate drafts) */
  draftName?: string
  actions: ActionSpec[]
  run: (to: NeedStatus, note?: string, photos?: string[]) => Promise<NeedDetail>
  onDone: (need: NeedDetail) => void
}

type Errors = { note?: string; photos?: string; form?: string }
type Draft = { to: NeedStatus | null; text: string }

/** The local check of a text (the contract's rules, with the field's own words). */
function checkText(spec: ActionSpec, text: string): string | undefined {
  const t = text.trim()
  if (spec.to === 'resolved' && spec.reason) {
    if (t.length === 0) return '请填写办理结果，居民会看到'
    if (t.length < NEED_RESULT_MIN) return `办理结果至少 ${NEED_RESULT_MIN} 个字，请写清楚做了什么`
  }
  if (t.length === 0) return `请填写${spec.field ?? '原因'}`
  if (t.length > NEED_RESULT_MAX) return `最多 ${NEED_RESULT_MAX} 个字`
  return undefined
}

export function NeedActions({ needId, needTitle, draftName = 'handler', actions, run, onDone }: NeedActionsProps) {
  const [open, setOpen] = useState<ActionSpec | null>(null)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState<NeedStatus | null>(null)
  const [progress, setProgress] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  // kept on the phone until the 办理结果 is confirmed, then uploaded one by one
  const photos = usePhotos({ max: NEED_RESULT_PHOTOS_MAX, onError: (message) => setErrors((e) => ({ ...e, photos: message })) })
  // Taro's disabled Button still fires on H5: one request at a time, whatever the render state.
  const inFlight = useRef(false)

  // what was typed stays on the phone until it is sent: per need, per person
  const draft = useDraft<Draft>(
    `need-action:${needId}:${draftName}`,
    { to: open?.to ?? null, text: reason },
    (d) => {
      const spec = actions.find((a) => a.to === d.to && a.reason)
      if (!spec) return
      setOpen(spec)
      setReason(d.text)
    },
    { isEmpty: (d) => !d.to || d.text.trim() === '' },
  )

  async function refuse(next: Errors) {
    setErrors(next)
    if (next.note || next.photos) await revealFirstError()
  }

  async function perform(spec: ActionSpec, note?: string) {
    if (inFlight.current) return
    if (spec.reason) {
      const problem = checkText(spec, note ?? '')
      if (problem) {
        await refuse({ note: problem })
        return
      }
    }
    inFlight.current = true
    try {
      if (spec.reason && !(await confirmAction(confirmText(spec, needTitle)))) return
      setBusy(spec.to)
      setErrors({})
      const keys: string[] = []
      const withPhotos = spec.to === 'resolved' ? photos.photos.flatMap((p) => (p.picked ? [p.picked] : [])) : []
      for (let i = 0; i < withPhotos.length; i++) {
        setProgress(uploadProgressText(i + 1, withPhotos.length))
        try {
          const up = await uploadPhoto({ contentType: withPhotos[i].contentType, dataBase64: withPhotos[i].dataBase64 })
          keys.push(up.key)
        } catch (err) {
          await refuse({ photos: `第 ${i + 1} 张照片上传失败：${errorMessage(err)}` })
          return
        }
      }
      setProgress('')
      const need = await run(spec.to, note?.trim() || undefined, keys.length > 0 ? keys : undefined)
      draft.clear()
      setOpen(null)
      setReason('')
      photos.clear()
      onDone(need)
    } catch (err) {
      if (isApiError(err) && (err.field === 'note' || err.field?.startsWith('photos')) && spec.reason) {
        await refuse(err.field === 'note' ? { note: err.message } : { photos: err.message })
      } else setErrors({ form: errorMessage(err) })
    } finally {
      inFlight.current = false
      setBusy(null)
      setProgress('')
    }
  }

  function tap(spec: ActionSpec) {
    if (inFlight.current) return
    if (spec.reason) {
      if (open?.to !== spec.to) {
        setReason('')
        photos.clear()
      }
      setOpen(spec)
      setErrors({})
      return
    }
    void perform(spec)
  }

  if (actions.length === 0) return null

  return (
    <View className='need-actions'>
      <View className='need-action-buttons'>
        {actions.map((spec) =>
          spec.reason ? (
            <Button
              key={spec.to}
              className={`btn btn-outline need-action need-action-${spec.to}${open?.to === spec.to ? ' is-open' : ''}`}
              onClick={() => tap(spec)}
            >
              {spec.label}
            </Button>
          ) : (
            <BusyButton
              key={spec.to}
              className={`need-action need-action-${spec.to}`}
              busy={busy === spec.to}
              busyText='正在提交…'
              onClick={() => tap(spec)}
            >
              {spec.label}
            </BusyButton>
          ),
        )}
      </View>

      {open && (
        <View className={`action-panel action-panel-${open.to}`}>
          {draft.restored && (
            <DraftNote
              className='action-draft'
              onDiscard={() => {
                draft.discard()
                setReason('')
              }}
            />
          )}
          <Field name='note' label={open.field ?? '原因'} labelClassName='action-panel-title' hint={open.prompt ?? '请填写原因'} error={errors.note}>
            <FormTextarea
              size='short'
              className='action-reason'
              invalid={!!errors.note}
              value={reason}
              maxlength={NEED_RESULT_MAX}
              placeholder={open.to === 'resolved' ? '例如：已更换 3 单元楼道灯泡，晚上试过灯亮了' : '请填写（必填）'}
              onInput={(v) => {
                setReason(v)
                setErrors((x) => ({ ...x, note: undefined, form: undefined }))
              }}
            />
          </Field>
          {open.to === 'resolved' && (
            <Field name='photos' className='action-photos' label='现场照片' labelHint={`选填，最多 ${NEED_RESULT_PHOTOS_MAX} 张`} error={errors.photos}>
              <PhotoPicker state={photos} prefix='action' addLabel='添加现场照片' removeLabel={(i) => `删除第 ${i + 1} 张照片`} />
            </Field>
          )}
          {errors.form ? <Text className='form-error action-error'>{errors.form}</Text> : null}
          <BusyButton
            className='action-confirm'
            busy={busy === open.to}
            busyText={progress || '正在提交…'}
            onClick={() => void perform(open, reason)}
          >
            {`确认${open.label}`}
          </BusyButton>
          <Button
            className='btn btn-outline action-cancel'
            onClick={() => {
              if (inFlight.current) return
              setOpen(null)
              setErrors({})
            }}
          >
            取消
          </Button>
        </View>
      )}

      {!open && errors.form ? <Text className='form-error action-error'>{errors.form}</Text> : null}
    </View>
  )
}
