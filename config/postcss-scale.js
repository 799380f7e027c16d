/**
 * 长辈版 and the WeChat font setting scale the whole interface by one factor, the CSS variable --gz-s
 * set on every page's root (components/Screen.tsx). This plugin runs after postcss-pxtransform, so it
 * sees rpx (weapp) and rem (H5), and rewrites every length in our own stylesheets to
 * calc(<length> * var(--gz-s, 1)): text, tap targets, spacing and radii grow together, like a zoom that
 * keeps the layout's width. Hairlines (borders, outlines, shadows) stay as they are. Stylesheets from
 * node_modules (Taro's own components) are left alone.
 */
const LENGTH = /(-?\d*\.?\d+)(rpx|rem)\b/g
const SKIP_PROP = /^(border(?!-radius)|outline|box-shadow|--)/

module.exports = () => ({
  postcssPlugin: 'gongzhi-scale',
  // OnceExit: pxtransform rewrites px in a Declaration visitor, which runs after every plugin's Once.
  OnceExit(root) {
    const file = (root.source && root.source.input && root.source.input.file) || ''
    if (/node_modules/.test(file)) return
    root.walkDecls((decl) => {
      if (SKIP_PROP.test(decl.prop)) return
      if (!LENGTH.test(decl.value)) return
      LENGTH.lastIndex = 0
      decl.value = decl.value.replace(LENGTH, (_m, n, unit) => (Number(n) === 0 ? `0${unit}` : `calc(${n}${unit} * var(--gz-s, 1))`))
    })
  },
})
module.exports.postcss = true
