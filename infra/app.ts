/**
 * CDK entry (cdk.json: `npx tsx infra/app.ts`). Context comes from `-c key=value` and cdk.json;
 * every key is described in README "Deploy".
 */
import { ConfigError } from './config.js';
import { buildApp } from './hotline-app.js';

try {
  buildApp().app.synth();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // A bad -c value: say which and what is allowed, without a stack trace.
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
