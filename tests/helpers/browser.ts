import { existsSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  })
}

const ROOT = path.resolve(__dirname, '../..')
/** The H5 build under test. H5_DIR: another build's output (parallel work builds into its own folder); dist/h5 by default. */
export const H5 = path.resolve(ROOT, process.env.H5_DIR ?? 'dist/h5')
/** Where the browser tests leave their screenshots. */
export const SHOTS = path.join(ROOT, 'test-results')

/** The visible page: Taro H5 keeps hidden pages in the DOM. */
export const visible = (sel: string) => `.taro_page_stationed:not(.taro_page_shade) ${sel}`

/** A browser window's size, as a person's device has it. */
export interface Screen {
  viewport: { width: number; height: number }
  deviceScaleFactor?: number
}
/** The phone most scenes use. */
export const PHONE: Screen = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 }
/** The narrow phone the size audit and 长辈版 are held to. */
export const SMALL_PHONE: Screen = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 1 }
/** A desk, where staff get the console layout. */
export const DESK: Screen = { viewport: { width: 1280, height: 800 } }
