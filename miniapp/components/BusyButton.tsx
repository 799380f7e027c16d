import { Button, Text, View } from '@tarojs/components'

export interface BusyButtonProps {
  className: string
  busy: boolean
  busyText: string
  children: string
  onClick: () => void
}

/**
 * A primary button that shows its own spinner instead of Button's `loading`: on H5 that prop makes the
 * button component insert a node among React-owned children and throw (NotFoundError in insertBefore).
 * The children never change shape, only their class and text, so React and the component never collide.
 * Taro's disabled button still dispatches clicks on H5, so callers must guard against re-entry too.
 * `disabled` is left out rather than false when idle: on H5 React writes disabled="false" onto the custom
 * element, and Taro's `[disabled]` style then greys out the text of a button that works.
 */
export function BusyButton({ className, busy, busyText, children, onClick }: BusyButtonProps) {
  return (
    <Button className={`btn btn-primary ${className}${busy ? ' is-disabled' : ''}`} disabled={busy || undefined} onClick={onClick}>
      <View className={`btn-spinner${busy ? ' is-on' : ''}`} aria-hidden='true' />
      <Text className='btn-text'>{busy ? busyText : children}</Text>
    </Button>
  )
}
