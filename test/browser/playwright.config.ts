import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the agent workspace (npx playwright test -c test/browser). They drive the system
 * Chromium (CI installs Debian's `chromium`; Playwright's own download cannot reach the internet here).
 */
export const CHROMIUM = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/browser',
  timeout: 240_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    ...(existsSync(CHROMIUM) ? { launchOptions: { executablePath: CHROMIUM } } : {}),
    headless: true,
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    viewport: { width: 1400, height: 900 },
  },
});
