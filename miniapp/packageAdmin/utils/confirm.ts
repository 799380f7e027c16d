import Taro from '@tarojs/taro'

/**
 * Asks before an action with consequences for someone else. Resolves false when the person declines, or when
 * the modal cannot be shown at all (safer than acting unasked).
 */
export async function confirmAction(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  try {
    const res = await Taro.showModal({ title, content, confirmText, cancelText: '取消', confirmColor: '#c8102e' })
    return !!res.confirm
  } catch {
    return false
  }
}
