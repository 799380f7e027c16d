import { launchBrowser } from '../tests/helpers/browser'
const base = process.env.BASE ?? 'http://localhost:3100'
async function main() {
  const [user, route, elder, out] = process.argv.slice(2)
  const b = await launchBrowser()
  const ctx = await b.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, locale: 'zh-CN' })
  const p = await ctx.newPage()
  p.on('pageerror', (e) => console.error('[err]', e.message))
  await p.goto(base + '/')
  if (elder === '1') await p.evaluate(() => localStorage.setItem('display:elder', JSON.stringify({ data: '1' })))
  await p.reload()
  await p.locator(`.taro_page_stationed .demo-user-${user}`).click()
  await p.waitForURL(/pages\/index\/index/)
  if (route !== 'home') { await p.goto(base + '/#/' + route); }
  await p.waitForTimeout(2500)
  await p.screenshot({ path: out, fullPage: false })
  await b.close()
}
main()
