import { View } from '@tarojs/components'

// STUB: replaced by the issue-12 page; listed in app.config.ts so the build resolves it.
export default function Page() {
  return <View className='page' />
}
