import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { BusyButton } from '../../components/BusyButton'
import './beans.scss'

export interface ConfirmDialogProps {
  className: string
  title: string
  children?: ReactNode
  /** omitted: no confirm button (e.g. after an error that a retry cannot fix) */
  confirmText?: string
  confirmClassName: string
  busy: boolean
  busyText: string
  onConfirm: () => void
  dismissText?: string
  dismissClassName: string
  onDismiss: () => void
}

/** A confirm step in the page itself: the system modal's small text is hard to read for older residents. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { className, title, children, confirmText, confirmClassName, busy, busyText, onConfirm, dismissText = '取消', dismissClassName, onDismiss } = props
  return (
    <View className={`dialog-mask ${className}`} catchMove>
      <View className='dialog'>
        <Text className='dialog-title'>{title}</Text>
        <View className='dialog-body'>{children}</View>
        <View className='dialog-actions'>
          {confirmText && (
            <BusyButton className={confirmClassName} busy={busy} busyText={busyText} onClick={onConfirm}>
              {confirmText}
            </BusyButton>
          )}
          {/* While the request runs the dialog stays: closing it would hide the result of a tap already made. */}
          {!busy && (
            <Button className={`btn btn-outline ${dismissClassName}`} onClick={onDismiss}>
              {dismissText}
            </Button>
          )}
        </View>
      </View>
    </View>
  )
}
