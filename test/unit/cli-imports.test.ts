/**
 * What a `hotline crm` command loads (issue 10: a CLI that answers at once): not DuckDB, which only the analytics
 * commands need (it costs a tenth of a second or more to load). `crm forget` rewrites a local analytics export, so
 * it loads the analytics module when it runs, not when it is registered beside `crm show`.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

/** The CommonJS modules (DuckDB's bindings are) loaded by importing `module` in a fresh process. */
function loadedBy(module: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(resolve(root, module))});
    console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('the CLI loads what its command needs', () => {
  it('the crm commands (show, block, import, forget…) do not load DuckDB', () => {
    expect(loadedBy('bin/commands/crm.ts').filter((m) => m.includes('duckdb'))).toEqual([]);
  }, 60_000);

  it('the analytics commands do (so the check above can see it)', () => {
    expect(loadedBy('bin/commands/analytics.ts').some((m) => m.includes('duckdb'))).toBe(true);
  }, 60_000);
});
