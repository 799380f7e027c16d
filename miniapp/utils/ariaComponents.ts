/**
 * The aria attributes config/taro-plugin-aria.js adds to the weapp template, for the runtime side: the
 * runtime names each prop of a component by its place in the sorted list of that component's attributes
 * (`ariaRole` → `p3`), and the template reads the same place (`aria-role="{{i.p3}}"`). app.ts merges this
 * list on weapp so both lists are the same; tests/unit/weapp-aria.test.ts keeps it equal to the plugin's.
 */
export const ARIA_ATTRIBUTES = ['aria-role', 'aria-label', 'aria-checked', 'aria-selected', 'aria-disabled', 'aria-hidden'] as const
export const ARIA_TARGETS = ['View', 'Text', 'Image', 'Button'] as const

export function ariaComponents(): Record<string, Record<string, string>> {
  const patch: Record<string, Record<string, string>> = {}
  for (const name of ARIA_TARGETS) {
    patch[name] = {}
    for (const attr of ARIA_ATTRIBUTES) patch[name][attr] = ''
  }
  return patch
}
