import { Button, Text, View } from '@tarojs/components'
import type { ReactElement, ReactNode } from 'react'
import { a11y } from '../utils/a11y'
import type { Page, Paged } from '../utils/useLoader'

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

interface LoadedBase {
  /** Class prefix: `<name>-loading`, `<name>-error`, `<name>-retry`, `<name>-empty`. */
  name: string
  onRetry: () => void
  /** Shown instead of the children when there is nothing: a text, or a whole view (an EmptyState with what to do next). */
  empty?: string | ReactNode
  loadingText?: string
}

type Shown<T> = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: T }

/**
 * What a screen shows until it has loaded: loading, or the error with 重试 (nothing while idle or ready). For a page
 * that returns early: `if (state.kind !== 'ready') return <Pending … />`.
 */
export function Pending(props: { state: { kind: string; message?: string }; name: string; onRetry: () => void; loadingText?: string }) {
  const { state, name, onRetry, loadingText } = props
  if (state.kind === 'loading') return <LoadingState className={`${name}-loading`} text={loadingText} />
  if (state.kind === 'error') return <ErrorState className={`${name}-error`} message={state.message ?? ''} onRetry={onRetry} retryClassName={`${name}-retry`} />
  return null
}

/**
 * The three-way switch of a loaded screen in one place: loading, error with 重试, empty, or the children with what
 * loaded (the items of a paged list). Idle shows nothing.
 */
export function Loaded<T>(props: LoadedBase & { state: Shown<T>; isEmpty?: (data: T) => boolean; children: (data: T) => ReactNode }): ReactElement | null
export function Loaded<T>(props: LoadedBase & { state: Paged<T, Page<T>>; children: (items: T[]) => ReactNode }): ReactElement | null
export function Loaded(props: LoadedBase & {
  state: Shown<unknown> | Paged<unknown, Page<unknown>>
  isEmpty?: (data: never) => boolean
  children: (data: never) => ReactNode
}): ReactElement | null {
  const { state, name, onRetry, empty, loadingText } = props
  const isEmpty = props.isEmpty as ((data: unknown) => boolean) | undefined
  const children = props.children as (data: unknown) => ReactNode
  if (state.kind !== 'ready') return <Pending state={state} name={name} onRetry={onRetry} loadingText={loadingText} />
  const data = 'items' in state ? state.items : state.data
  const none = isEmpty ? isEmpty(data) : Array.isArray(data) && data.length === 0
  if (none && empty !== undefined) {
    return typeof empty === 'string' ? <EmptyState className={`${name}-empty`} text={empty} /> : <>{empty}</>
  }
  return <>{children(data)}</>
}
