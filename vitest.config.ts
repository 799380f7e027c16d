import { defineConfig } from 'vitest/config'
import path from 'node:path'

// Four projects: `unit` (pure code beside its source), `ui` (mini-program components in jsdom),
// `db` and `api` (real Postgres), and `e2e` (H5 build in headless Chromium). `npm test` runs all but e2e.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['core/**/*.test.ts', 'api/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        define: { DEPRECATED_ADAPTER_COMPONENT: 'false', ENABLE_INNER_HTML: 'true', ENABLE_ADJACENT_HTML: 'true', ENABLE_SIZE_APIS: 'false', ENABLE_TEMPLATE_CONTENT: 'true', ENABLE_CLONE_NODE: 'true', ENABLE_CONTAINS: 'true', ENABLE_MUTATION_OBSERVER: 'false', ENABLE_CLASSLIST: 'true' },
        resolve: {
          alias: [
            { find: /^@tarojs\/components$/, replacement: path.resolve('node_modules/@tarojs/components/lib/react') },
          ],
        },
        test: {
          name: 'ui',
          include: ['miniapp/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-postgres.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
