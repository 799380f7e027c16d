import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { BusyButton } from '../../components/BusyButton'
import type { MeetingComment } from '../../services/deliberation'
import { useDraft } from '../../utils/draft'
import { formatDateTime } from '../../utils/format'
import { DraftNote } from '../../components/DraftNote'
import { useSubmit } from '../../components/form'
import './delib.scss'

export interface CommentsProps {
  comments: MeetingComment[]
  post: (body: string) => Promise<MeetingComment>
  onPosted: (comment: MeetingComment) => void
  /** the meeting's id: an unsent comment is kept per meeting */
  meetingId?: string
}

/** 会前讨论: everyone's comments (hidden ones stay hidden) and a box to add one. */
export function Comments({ comments, post, onPosted, meetingId = '' }: CommentsProps) {
  const [body, setBody] = useState('')
  const f = useSubmit(['body'] as const, 'comment-error')
  const draft = useDraft<string>(`comment:${meetingId}`, body, (d) => setBody(typeof d === 'string' ? d : ''), { isEmpty: (d) => !d.trim() })
  const shown = comments.filter((c) => !c.hidden)

  async function submit() {
    if (!body.trim()) {
      f.setErrors({ body: '请先写下您的意见' })
      return
    }
    const c = await f.run(() => post(body))
    if (c) {
      draft.clear()
      setBody('')
      onPosted(c)
    }
  }

  return (
    <View className='card meeting-comments'>
      <Text className='section-title'>会前讨论</Text>
      {shown.length === 0 && <Text className='delib-meta comments-empty'>还没有人发言，说说您的看法吧</Text>}
      {shown.map((c) => (
        <View key={c.id} className='list-line comment-item'>
          <Text className='comment-author'>{c.authorName}：</Text>
          <Text className='comment-text'>{c.body}</Text>
          <Text className='delib-meta'>{formatDateTime(c.at)}</Text>
        </View>
      ))}
      <View className='delib-gap' />
      {draft.restored && (
        <DraftNote className='comment-draft-note' onDiscard={() => {
          draft.discard()
          setBody('')
        }} />
      )}
      <View className='form-field'>
      <Text className='form-label'>我的意见</Text>
      <Textarea
        className={`form-textarea comment-body${f.errors.body ? ' has-error' : ''}`}
        value={body}
        maxlength={1000}
        placeholder='写下您的意见'
        placeholderClass='form-placeholder'
        onInput={(e) => {
          setBody(e.detail.value)
          f.clear('body')
        }}
      />
      {f.fieldError('body')}
      </View>
      {f.formError()}
      <View className='delib-gap' />
      <BusyButton className='comment-submit btn-quiet' busy={f.busy} busyText='正在发表…' onClick={() => void submit()}>
        发表意见
      </BusyButton>
    </View>
  )
}
