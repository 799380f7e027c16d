import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ZEvaluateServiceRequest, type ServiceProjectDetail } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { fieldErrors } from '../../services/errors'
import { evaluateService } from '../../services/services'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { Field, FormTextarea, useSubmit } from '../../components/form'

const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意']

/** 效由民评: the resident who raised the need rates the finished service, 1-5 big stars and a comment. */
export function RatingForm({ project, onChange }: { project: ServiceProjectDetail; onChange: (p: ServiceProjectDetail) => void }) {
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const f = useSubmit(['rating', 'comment'] as const, 'service-rate-error')
  const errors = f.errors
  const draft = useDraft(
    `service-rating:${project.id}`,
    { rating, comment },
    (d) => {
      setRating(d.rating ?? 0)
      setComment(d.comment ?? '')
    },
    { isEmpty: (d) => !d.rating && !d.comment.trim() },
  )

  async function submit() {
    if (f.pending()) return
    const parsed = ZEvaluateServiceRequest.safeParse({ id: project.id, rating, comment: comment.trim() || undefined })
    if (!parsed.success) {
      f.setErrors(fieldErrors(parsed.error.issues))
      return
    }
    const next = await f.run(() => evaluateService({ id: project.id, ...parsed.data }))
    if (next) {
      draft.clear()
      onChange(next)
      void Taro.showToast({ title: '感谢您的评价', icon: 'none', duration: 2000 })
    }
  }

  return (
    <View className='card service-rate-form'>
      <Text className='section-title'>评价这次服务</Text>
      {draft.restored && (
        <DraftNote
          onDiscard={() => {
            draft.discard()
            setRating(0)
            setComment('')
          }}
        />
      )}
      <Field name='rating' className='service-rate-stars-field' label='打分' error={errors.rating}>
        <View className='service-stars' {...a11y('radiogroup', '给这次服务打分')}>
          {[1, 2, 3, 4, 5].map((n) => (
            <View
              key={n}
              className={`service-star service-star-${n}${n <= rating ? ' is-on' : ''}`}
              {...a11y('radio', `${n} 星，${STAR_WORDS[n]}`, { checked: n === rating })}
              onClick={() => {
                setRating(n)
                f.clear('rating')
              }}
            >
              <Text>{n <= rating ? '★' : '☆'}</Text>
            </View>
          ))}
        </View>
        <Text className='service-star-word'>{rating ? `${rating} 星 · ${STAR_WORDS[rating]}` : '请点星星打分'}</Text>
      </Field>

      <Field name='comment' className='service-rate-comment-field' label='您的感受（选填）' error={errors.comment}>
        <FormTextarea
          className='service-rate-comment'
          value={comment}
          maxlength={500}
          placeholder='例如：师傅来得很及时，修得很好'
          {...f.bind('comment', setComment)}
        />
      </Field>
      {f.formError()}

      <BusyButton className='service-rate btn-gap' busy={f.busy} busyText='正在提交…' onClick={() => void submit()}>
        提交评价
      </BusyButton>
    </View>
  )
}
