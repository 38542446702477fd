#!/usr/bin/env node
// Entry point of `npx hotline`. Runs the prebuilt JavaScript in bin/dist (built on install by
// `npm ci`/`npm install`, see bin/build.mjs) when it was built from the sources as they are now;
// otherwise (sources edited since, or no build) it runs bin/hotline.ts through tsx: slower to
// start, but never old code. HOTLINE_FROM_SOURCE=1 forces the TypeScript.
import { readFileSync } from 'node:fs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** True when bin/dist exists and was built from the sources as they are now (bin/build-check.mjs). */
async function buildIsCurrent() {
  if (process.env.HOTLINE_FROM_SOURCE) return false;
  try {
    const { buildMatches } = await import('./build-check.mjs');
    const manifest = JSON.parse(readFileSync(new URL('./dist/manifest.json', import.meta.url), 'utf8'));
    return buildMatches(new URL('../', import.meta.url), manifest);
  } catch {
    return false;
  }
}

try {
  if (await buildIsCurrent()) {
    if (process.env.HOTLINE_DEBUG) console.error('hotline: running the build in bin/dist');
    await import('./dist/hotline.js');
  } else {
    if (process.env.HOTLINE_DEBUG)
      console.error('hotline: running the TypeScript sources (no current build)');
    const { register } = await import('tsx/esm/api');
    register();
    await import('./hotline.ts');
  }
} catch (err) {
  // A module that fails to load (broken install, invalid profile definition): one line, not a stack.
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const short = text.replace(/\s+/g, ' ').slice(0, 300);
  console.error(
    `hotline: error: cannot start: ${short}${process.env.HOTLINE_DEBUG ? '' : ' (HOTLINE_DEBUG=1 for details)'}`,
  );
  if (process.env.HOTLINE_DEBUG) console.error(err);
  process.exitCode = 1;
}
