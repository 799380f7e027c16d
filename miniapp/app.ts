import type { PropsWithChildren } from 'react'
import { getDisplay } from './utils/display'
import { installOfflineNotice } from './utils/offline'
import './app.scss'

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
