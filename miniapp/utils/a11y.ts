/**
 * Screen readers (读屏: TalkBack, VoiceOver, WeChat's 读屏) need to know what a tappable View is and what
 * it does when its text does not say it. Spread the result on the element:
 *   <View {...a11y('button', '删除这张照片')} onClick={…}>×</View>
 *   <View {...a11y('radio', undefined, { checked: selected })}>上午</View>
 * H5 gets the standard `role`/`aria-*` attributes. WeChat's names are `aria-role`/`aria-label`/…, which
 * Taro's templates only render because config/taro-plugin-aria.js adds them to View, Text, Image and Button.
 * The e2e size check finds tap targets by these roles, so every custom tappable element carries one.
 */
export type A11yRole = 'button' | 'radio' | 'checkbox' | 'tab' | 'link' | 'switch' | 'img' | 'alert' | 'radiogroup' | 'tablist'

export function a11y(role: A11yRole, label?: string, state: { checked?: boolean; selected?: boolean; disabled?: boolean } = {}): Record<string, string> {
  const weapp = process.env.TARO_ENV === 'weapp'
  const props: Record<string, string> = weapp ? { 'aria-role': role } : { role }
  if (label) props['aria-label'] = label
  if (state.checked !== undefined) props['aria-checked'] = String(state.checked)
  if (state.selected !== undefined) props['aria-selected'] = String(state.selected)
  if (state.disabled !== undefined) props['aria-disabled'] = String(state.disabled)
  return props
}
