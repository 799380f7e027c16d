/**
 * WeChat accessibility (读屏) for our own tappable Views: WeChat reads `aria-role`, `aria-label`,
 * `aria-checked`, … on view, text, image and button, but Taro's weapp build renders every element through
 * one generated template (base.wxml) that writes only the attributes it knows. A prop it does not know is
 * dropped on the way, so `<View aria-role='button'>` reached WeChat as a bare view.
 *
 * This plugin adds the aria attributes to those four components in the template (each becomes
 * `aria-role="{{i.pN}}"`, N being the attribute's place in the sorted list of the component's attributes).
 * The runtime must give the prop the same short name when it sends the page's data: miniapp/app.ts merges
 * the same list (miniapp/utils/ariaComponents.ts) into the runtime's internal components on weapp. A unit
 * test (tests/unit/weapp-aria.test.ts) checks that both lists are the same and, when a weapp build is
 * present, that base.wxml and the runtime agree on every alias.
 *
 * Hook: the runner calls modifyComponentConfig(componentConfig, config) with its options, which carry
 * the platform's template, before any template is generated (the platform has already merged its own
 * components in its setup step). H5 has no template: nothing to do there.
 */
const ARIA_ATTRIBUTES = ['aria-role', 'aria-label', 'aria-checked', 'aria-selected', 'aria-disabled', 'aria-hidden']
const ARIA_TARGETS = ['View', 'Text', 'Image', 'Button']

/** { View: { 'aria-role': '', … }, … }: '' = no default, the template writes the value as given. */
function ariaPatch() {
  const patch = {}
  for (const name of ARIA_TARGETS) {
    patch[name] = {}
    for (const attr of ARIA_ATTRIBUTES) patch[name][attr] = ''
  }
  return patch
}

function addAria(template) {
  if (!template || !template.internalComponents) return false
  const patch = ariaPatch()
  for (const name of Object.keys(patch)) {
    template.internalComponents[name] = Object.assign(template.internalComponents[name] || {}, patch[name])
  }
  // Built lazily from internalComponents; if anything built them already, build them again.
  template.miniComponents = undefined
  template.componentsAlias = undefined
  return true
}

module.exports = (ctx) => {
  ctx.modifyComponentConfig(({ config }) => {
    if (!config || !config.template) return
    addAria(config.template)
  })
}
module.exports.ARIA_ATTRIBUTES = ARIA_ATTRIBUTES
module.exports.ARIA_TARGETS = ARIA_TARGETS
module.exports.ariaPatch = ariaPatch
module.exports.addAria = addAria
