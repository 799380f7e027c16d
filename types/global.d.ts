/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

/** API base URL, injected by config/index.ts (defineConstants) from TARO_APP_API_BASE. '' = same origin. */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    /** The Taro build target, replaced at build time. */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    /** Absolute API base URL for the build (see .env.development). */
    TARO_APP_API_BASE?: string
    TARO_APP_ID?: string
  }
}
