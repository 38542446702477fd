/**
 * The prebuilt CLI (bin/build.mjs → bin/dist, run by bin/hotline.js) and the lazy command index
 * (bin/command-index.ts): the build is used only while it matches the sources, every command's
 * description in the index is the one its module registers, and the arguments name the right module.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, commandNamed, registerAllCommands } from '../../bin/command-index.js';

const root = resolve(import.meta.dirname, '..', '..');

/** What bin/hotline.js says it runs (with HOTLINE_DEBUG) for `hotline --help`. */
function whichRuns(extra: NodeJS.ProcessEnv = {}): string {
  const env: NodeJS.ProcessEnv = { ...process.env, HOTLINE_DEBUG: '1', ...extra };
  if (!('HOTLINE_FROM_SOURCE' in extra)) delete env.HOTLINE_FROM_SOURCE;
  const run = spawnSync(process.execPath, ['bin/hotline.js', '--help'], { cwd: root, env, encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Usage: hotline');
  return run.stderr;
}

describe('the prebuilt CLI', { timeout: 120_000 }, () => {
  it('runs bin/dist while it matches the sources, also after a touch, and the TypeScript when asked', () => {
    // The test run built it (test/support/global-setup.ts). An edit makes it stale; which edits do is
    // test/unit/build-check.test.ts (the sources are not edited here, other tests run them meanwhile).
    const source = join(root, 'bin', 'commands', 'survey.ts');
    const before = statSync(source);
    expect(whichRuns()).toContain('running the build in bin/dist');
    try {
      // A newer modification time with the same bytes is the same code: the build still runs.
      utimesSync(source, before.atime, new Date(before.mtimeMs + 60_000));
      expect(whichRuns()).toContain('running the build in bin/dist');
    } finally {
      utimesSync(source, before.atime, before.mtime);
    }
    expect(whichRuns({ HOTLINE_FROM_SOURCE: '1' })).toContain('running the TypeScript sources');
  });

  it("holds the exports' Parquet encoding thread beside the chunk that starts it, and the thread starts", async () => {
    const chunks = join(root, 'bin', 'dist', 'chunks');
    const starter = readdirSync(chunks).filter(
      (f) => f.endsWith('.js') && readFileSync(join(chunks, f), 'utf8').includes('./parquet-worker.js'),
    );
    expect(starter.length).toBeGreaterThan(0);
    const worker = new Worker(join(chunks, 'parquet-worker.js'));
    try {
      const said = await new Promise((ok, fail) => {
        worker.once('message', ok);
        worker.once('error', fail);
      });
      expect(said).toBe('ready');
    } finally {
      await worker.terminate();
    }
  });
});

describe('the command index', { timeout: 120_000 }, () => {
  it('describes each command as its module does, in the same order', async () => {
    const full = new Command('hotline');
    await registerAllCommands(full);
    const registered = full.commands.map((c) => [c.name(), c.description()]);
    const indexed = COMMAND_MODULES.flatMap((m) => m.names.map((n) => [n, m.descriptions[n]]));
    expect(indexed).toEqual(registered);
  });

  it('finds the command the arguments name, past the global options', () => {
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed([])).toBeUndefined();
    expect(commandNamed(['crm', 'show', '1'])).toBe('crm');
    expect(commandNamed(['--home', 'crm', 'tickets', 'list'])).toBe('tickets');
    expect(commandNamed(['--profile', 'logistics', '--aws', 'report'])).toBe('report');
    expect(commandNamed(['--home=x', 'calls', 'list'])).toBe('calls');
    expect(commandNamed(['help', 'sms'])).toBe('sms');
  });
});
