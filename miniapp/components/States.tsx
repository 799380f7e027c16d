import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y } from '../utils/a11y'

export function LoadingState({ className = '', text = '正在加载…' }: { className?: string; text?: string }) {
  return (
    <View className={`state-box ${className}`}>
      <Text className='state-text'>{text}</Text>
    </View>
  )
}

export function ErrorState(props: { className?: string; message: string; onRetry: () => void; retryClassName?: string }) {
  const { className = '', message, onRetry, retryClassName = '' } = props
  return (
    <View className={`state-box ${className}`}>
      <Text className='state-text state-error-text' {...a11y('alert')}>{message}</Text>
      <Button className={`btn btn-outline ${retryClassName}`} onClick={onRetry}>
        重试
      </Button>
    </View>
  )
}

export function EmptyState({ className = '', text, children }: { className?: string; text: string; children?: ReactNode }) {
  return (
    <View className={`state-box ${className}`}>
      <Text className='state-text'>{text}</Text>
      {children}
    </View>
  )
}
