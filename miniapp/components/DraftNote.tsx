import { Text, View } from '@tarojs/components'
import { a11y } from '../utils/a11y'
import './DraftNote.scss'

/** Shown when a form opened with what the person typed last time (utils/draft.ts): a note and 清空. */
export function DraftNote({ className = '', onDiscard }: { className?: string; onDiscard: () => void }) {
  return (
    <View className={`draft-note ${className}`}>
      <Text className='draft-note-text'>已恢复您上次没提交的内容</Text>
      <Text className='draft-discard' {...a11y('button', '清空恢复的内容，重新填写')} onClick={onDiscard}>
        清空
      </Text>
    </View>
  )
}
