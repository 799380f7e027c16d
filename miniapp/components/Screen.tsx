import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useDisplay } from '../utils/display'

/**
 * The root of every page. It carries the display scale (--gz-s, see utils/display.ts) and the class
 * `is-elder` in 长辈版, so every length in the page's stylesheet follows the person's setting, and a
 * stylesheet can change more than size in 长辈版 (fewer items per row, the most used actions first).
 */
export function Screen({ className = '', children }: { className?: string; children?: ReactNode }) {
  const { elder, scale } = useDisplay()
  return (
    <View className={`${className}${elder ? ' is-elder' : ''}`} style={`--gz-s:${scale}`}>
      {children}
    </View>
  )
}
