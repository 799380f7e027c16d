import { View } from '@tarojs/components'
import { useState } from 'react'
import { BusyButton } from '../../components/BusyButton'
import type { CreateTopicInput, Topic } from '../../services/deliberation'
import { useDraft } from '../../utils/draft'
import { DraftNote } from '../../components/DraftNote'
import { Field, FormInput, FormTextarea } from '../../components/form'
import { useSubmit } from '../../components/form'
import './delib.scss'

export interface TopicFormProps {
  submit: (input: CreateTopicInput) => Promise<Topic>
  onSuccess: (topic: Topic) => void
  /** a shared-track need (大家事) turned into a topic by staff */
  needId?: string
}

interface TopicDraft {
  title: string
  description: string
}

/** 提出议题: a title and an optional explanation; co-signs start at once. Kept as a draft while typed. */
export function TopicForm({ submit, onSuccess, needId }: TopicFormProps) {
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const f = useSubmit(['title', 'description', 'needId'] as const, 'topic-form-error')
  const draft = useDraft<TopicDraft>(
    needId ? `topic:need:${needId}` : 'topic:new',
    { title, description },
    (d) => {
      setTitle(d.title ?? '')
      setDescription(d.description ?? '')
    },
    { isEmpty: (d) => !d.title.trim() && !d.description.trim() },
  )

  async function handleSubmit() {
    if (title.trim().length < 4) {
      f.setErrors({ title: title.trim() ? '议题至少 4 个字' : '请填写议题' })
      return
    }
    const topic = await f.run(() => submit({ title, description: description.trim() || undefined, needId }))
    if (topic) {
      draft.clear()
      onSuccess(topic)
    }
  }

  return (
    <View className='topic-form'>
      {draft.restored && (
        <DraftNote
          className='topic-draft-note'
          onDiscard={() => {
            draft.discard()
            setTitle('')
            setDescription('')
          }}
        />
      )}
      <Field name='title' label='议题' hint='一句话说明大家要商量的事（4 到 60 个字）' error={f.errors.title}>
        <FormInput
          className='topic-title'
          invalid={!!f.errors.title}
          value={title}
          maxlength={60}
          placeholder='例如：小区东门加装充电桩'
          onInput={(v) => {
            setTitle(v)
            f.clear('title')
          }}
        />
      </Field>
      <Field name='description' label='说明（选填）' error={f.errors.description}>
        <FormTextarea
          className='topic-description'
          invalid={!!f.errors.description}
          value={description}
          maxlength={2000}
          placeholder='为什么要商量、希望怎么解决'
          onInput={(v) => {
            setDescription(v)
            f.clear('description')
          }}
        />
      </Field>
      {f.fieldError('needId')}
      {f.formError()}
      <BusyButton className='topic-submit' busy={f.busy} busyText='正在提交…' onClick={() => void handleSubmit()}>
        提交议题
      </BusyButton>
    </View>
  )
}
