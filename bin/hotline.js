#!/usr/bin/env node
// Entry point of `npx hotline`: runs bin/hotline.ts through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
try {
  await import('./hotline.ts');
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
