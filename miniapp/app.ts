import { mergeInternalComponents } from '@tarojs/shared'
import type { PropsWithChildren } from 'react'
import { ariaComponents } from './utils/ariaComponents'
import { getDisplay } from './utils/display'
import { installOfflineNotice } from './utils/offline'
import './app.scss'

if (process.env.TARO_ENV === 'weapp') {
  // The same aria attributes config/taro-plugin-aria.js adds to the template, so the runtime sends
  // `aria-role` under the short name the template reads (before the first page renders).
  mergeInternalComponents(ariaComponents())
}

if (process.env.TARO_ENV === 'h5') {
  installOfflineNotice()
  // 长辈版 and the title bar's size follow the remembered setting from the first paint.
  getDisplay()
}

// Login is checked per page (each page that needs a person calls ensureLoggedIn on show),
// so a deep link or a restored tab can never show data without a token.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
