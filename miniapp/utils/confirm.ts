import Taro from '@tarojs/taro'

/**
 * A confirmation before a step with consequences for someone else (approve, confirm minutes, award
 * beans, cancel). The content names the person or thing, so the tap is never a guess.
 */
export async function confirmAction(options: { title: string; content: string; confirmText?: string; danger?: boolean }): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title: options.title,
      content: options.content,
      confirmText: options.confirmText ?? '确定',
      cancelText: '取消',
      confirmColor: options.danger ? '#c8102e' : '#1d5fb8',
    })
    return Boolean(res.confirm)
  } catch {
    return false
  }
}
