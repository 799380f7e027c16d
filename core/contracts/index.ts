export * from './common'
export * from './auth'
export * from './needs'
export * from './api'
