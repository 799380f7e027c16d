import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const root = path.resolve(__dirname, '..')
const taroEnv = process.env.TARO_ENV ?? 'weapp'

/**
 * The API base URL is fixed at build time.
 * H5 is served by the dev server from the same origin as the API, so '' (relative URLs) is right there.
 * A mini-program has no origin: it needs an absolute URL (https and a whitelisted domain in production;
 * WeChat DevTools accepts http://localhost:3000 when "不校验合法域名" / urlCheck=false).
 */
function apiBase(): string {
  const fromEnv = process.env.TARO_APP_API_BASE
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.replace(/\/+$/, '')
  return taroEnv === 'h5' ? '' : 'http://localhost:3000'
}

// core/ (the shared zod contracts) lives outside sourceRoot, and zod ships modern syntax that older
// WeChat base libraries and browsers cannot parse, so both go through Babel too.
const compileInclude = [
  path.join(root, 'core'),
  (filename: string) => /node_modules[\\/]zod[\\/]/.test(filename),
]

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'gongzhi',
    date: '2024-11-22',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'miniapp',
    // TARO_OUTPUT_ROOT: build somewhere else (e.g. dist/h5-mine, to test with H5_DIR while dist/h5 is in use).
    outputRoot: process.env.TARO_OUTPUT_ROOT || `dist/${taroEnv}`,
    // WeChat 读屏: aria-role / aria-label / … on view, text, image and button in the weapp template (see the file).
    plugins: [path.join(__dirname, 'taro-plugin-aria.js')],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase()),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: compileInclude },
      postcss: {
        pxtransform: { enable: true, config: {} },
        // After pxtransform: every length times var(--gz-s), the 长辈版 / WeChat font scale (see the file).
        './config/postcss-scale.js': { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routing: any static server works and deep links never need a server-side fallback.
      router: { mode: 'hash' },
      compile: { include: compileInclude },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      // Taro splits only initial chunks on H5, so zod and the contracts were copied into every lazily
      // loaded page chunk (~200 KB each). Splitting async chunks too puts them in one shared chunk.
      webpackChain(chain) {
        const splitChunks = chain.optimization.get('splitChunks')
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' })
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        './config/postcss-scale.js': { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
