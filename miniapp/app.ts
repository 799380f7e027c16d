import type { PropsWithChildren } from 'react'
import './app.scss'

// Login is checked per page (each page that needs a person calls ensureLoggedIn on show),
// so a deep link or a restored tab can never show data without a token.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
