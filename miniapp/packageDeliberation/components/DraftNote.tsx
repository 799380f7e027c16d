import { Text, View } from '@tarojs/components'
import { a11y } from '../../utils/a11y'
import './delib.scss'

/** 已恢复您上次没提交的内容 · 清空: shown when useDraft put a saved draft back into the form. */
export function DraftNote({ className, onClear }: { className: string; onClear: () => void }) {
  return (
    <View className={`draft-note ${className}`}>
      <Text>已恢复您上次没提交的内容</Text>
      <View className='draft-clear' {...a11y('button', '清空恢复的内容')} onClick={onClear}>
        <Text>清空</Text>
      </View>
    </View>
  )
}
