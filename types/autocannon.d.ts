/** The part of autocannon@8's programmatic API that scripts/bench-api.ts uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    /** The load generator's connection; `setupClient` receives it before its first request. */
    interface Client extends EventEmitter {
      _doRequest(...args: unknown[]): void
      destroyed?: boolean
      [k: string]: unknown
    }

    interface Options {
      url: string
      method?: string
      headers?: Record<string, string>
      connections?: number
      duration?: number
      pipelining?: number
      timeout?: number
      connectionRate?: number
      overallRate?: number
      ignoreCoordinatedOmission?: boolean
      /** ms between the per-second request samples; a run stops at the first sample after `duration` */
      sampleInt?: number
      setupClient?: (client: Client) => void
      title?: string
    }

    interface Histogram {
      average: number
      mean: number
      stddev: number
      min: number
      max: number
      total: number
      p50: number
      p90: number
      p99: number
      [k: string]: number
    }

    interface Result {
      title?: string
      url: string
      connections: number
      duration: number
      start: Date
      finish: Date
      errors: number
      timeouts: number
      mismatches: number
      non2xx: number
      resets: number
      '1xx': number
      '2xx': number
      '3xx': number
      '4xx': number
      '5xx': number
      statusCodeStats: Record<string, { count: number }>
      latency: Histogram & { totalCount: number }
      requests: Histogram & { sent: number }
      throughput: Histogram
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void
      on(event: 'response', listener: (client: Client, statusCode: number, resBytes: number, responseTime: number) => void): this
      on(event: string, listener: (...args: any[]) => void): this
    }
  }

  function autocannon(opts: autocannon.Options): autocannon.Instance
  export = autocannon
}
