import { existsSync } from 'node:fs';
import { test } from '@playwright/test';
import { CHROMIUM } from './playwright.config.js';

/**
 * Call at the top of a browser spec. Why a skip exists at all: Playwright cannot download its own browser here, so
 * the specs drive the system Chromium, which `.ci/run` installs. A developer machine without it skips them and
 * says so; in CI (`CI` set) they never skip: a missing Chromium there fails the run instead of hiding the tests.
 */
export function skipWithoutChromium(): void {
  const missing = !existsSync(CHROMIUM);
  if (missing && process.env.CI) throw new Error(`no Chromium at ${CHROMIUM}: CI must install it (.ci/run)`);
  // Skipped only off CI, on a machine without the system Chromium (Playwright cannot download its own here).
  test.skip(missing, `SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}
