import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ZEvaluateNeedRequest, type NeedDetail } from '../../../core/contracts'
import { BusyButton } from '../../components/BusyButton'
import { a11y } from '../../utils/a11y'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { Field, FormTextarea, useSubmit } from '../../components/form'
import { fieldErrors } from '../../services/errors'
import './Rating.scss'

export const RATING_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'] as const
const COMMENT_MAX = 500
const STARS = [1, 2, 3, 4, 5] as const
// the need's id is the page's business; the contract's own rules check the stars and the comment
const ZRatingInput = ZEvaluateNeedRequest.pick({ rating: true, comment: true })

/** A given rating (效由民评), shown on the need once the owner has rated it. */
export function RatingView({ rating, comment }: { rating: number; comment: string | null }) {
  return (
    <View className='need-rating' data-rating={rating}>
      <View className='rating-stars is-readonly'>
        {STARS.map((n) => (
          <Text key={n} className={`rating-star-view${n <= rating ? ' is-on' : ''}`}>
            ★
          </Text>
        ))}
      </View>
      <Text className='rating-words'>
        {rating} 星 · {RATING_WORDS[rating] ?? ''}
      </Text>
      {comment ? <Text className='rating-comment-view'>{comment}</Text> : null}
    </View>
  )
}

export interface RatingFormProps {
  /** the need rated: its draft is kept per need */
  needId?: string
  submit: (rating: number, comment?: string) => Promise<NeedDetail>
  onSuccess: (need: NeedDetail) => void
}

/** The owner rates a resolved need 1-5 with big stars and an optional comment. */
export function RatingForm({ needId = '', submit, onSuccess }: RatingFormProps) {
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const f = useSubmit(['rating', 'comment'] as const, 'rating-error')
  const errors = f.errors
  const draft = useDraft<{ rating: number; comment: string }>(
    `need-rating:${needId}`,
    { rating, comment },
    (d) => {
      setRating(d.rating ?? 0)
      setComment(d.comment ?? '')
    },
    { isEmpty: (d) => !d.rating && !d.comment.trim() },
  )

  async function handleSubmit() {
    if (f.pending()) return
    const parsed = ZRatingInput.safeParse({ rating: rating || undefined, comment })
    if (!parsed.success) {
      f.setErrors(fieldErrors(parsed.error.issues))
      return
    }
    const need = await f.run(() => submit(parsed.data.rating, parsed.data.comment || undefined))
    if (need) {
      draft.clear()
      onSuccess(need)
    }
  }

  return (
    <View className='rating-form'>
      {draft.restored && (
        <DraftNote
          className='rating-draft'
          onDiscard={() => {
            draft.discard()
            setRating(0)
            setComment('')
          }}
        />
      )}
      <Field name='rating' className='rating-stars-field' error={errors.rating}>
        <Text className='rating-prompt'>这件事办得怎么样？请点星星打分</Text>
        <View className='rating-stars' {...a11y('radiogroup', '打分')}>
          {STARS.map((n) => (
            <View
              key={n}
              className={`rating-star rating-star-${n}${n <= rating ? ' is-on' : ''}`}
              {...a11y('radio', `${n} 星`, { checked: n === rating })}
              onClick={() => {
                setRating(n)
                f.clear('rating')
              }}
            >
              <Text>★</Text>
            </View>
          ))}
        </View>
        <Text className='rating-words rating-choice'>{rating ? `${rating} 星 · ${RATING_WORDS[rating]}` : '还没有打分'}</Text>
      </Field>

      <Field name='comment' className='rating-comment-field' label='说几句' labelHint='选填' error={errors.comment}>
        <FormTextarea
          size='short'
          className='rating-comment'
          value={comment}
          maxlength={COMMENT_MAX}
          placeholder='例如：师傅来得很快，灯已经修好了'
          {...f.bind('comment', setComment)}
        />
      </Field>

      {f.formError()}
      <BusyButton className='rating-submit' busy={f.busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交评价
      </BusyButton>
    </View>
  )
}
