/**
 * `hotline call` on our profile's flows, as a child process: it sees what `hotline crm` wrote, and it
 * works both alone (starting DynamoDB Local on --home and stopping it) and beside a running `npm start`
 * (using the DynamoDB Local that one has open).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { CallResultSchema } from '../../schemas/contact-record.js';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'hotline-call-'));
const leftovers = () => spawnSync('pgrep', ['-af', home], { encoding: 'utf8' }).stdout.trim();
const MONDAY_10AM = '2026-11-23T10:00:00+08:00';
const prompts = getProfile('auto-dealer').prompts['zh-CN'];

afterAll(() => {
  const left = leftovers();
  rmSync(home, { recursive: true, force: true });
  if (left) throw new Error(`processes left behind: ${left}`);
});

function hotline(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.HOTLINE_HOME;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/hotline.js', ...args, '--home', home],
      { cwd: root, env, timeout: 90_000 },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('hotline call --profile (end to end)', { timeout: 120_000 }, () => {
  it('sees a block written by hotline crm, whatever the number format', async () => {
    expect((await hotline('crm', 'block', '137-0013-7000', '--reason', 'harassment')).code).toBe(0);
    const run = await hotline('call', '--from', '0086 137 0013 7000', '--at', MONDAY_10AM, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = CallResultSchema.parse(JSON.parse(run.stdout));
    expect(result.prompts).toContain(prompts.blocked);
    expect(result.outcome.type).toBe('disconnected');
    expect(result.attributes).toMatchObject({ blocked: 'true', blockReason: 'harassment' });
    expect(result.lambdas[0]).toMatchObject({ name: 'hotline-caller-lookup' });
    expect(leftovers()).toBe('');
  });

  it('routes an unknown caller through the menu to the chosen queue', async () => {
    const run = await hotline('call', '--from', '13600136000', '--keys', '3', '--at', MONDAY_10AM, '--json');
    const result = CallResultSchema.parse(JSON.parse(run.stdout));
    expect(result.outcome).toMatchObject({ type: 'agent', priority: 5 });
    expect(result.outcome.queue?.arn).toMatch(/\/queue\/rescue$/);
  });

  it('works while npm start is running on the same data', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOTLINE_HOME: home };
    const startProc = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
      cwd: root,
      env,
    });
    let out = '';
    startProc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise((r) => startProc.on('exit', r));
    try {
      const deadline = Date.now() + 60_000;
      while (!out.includes('number>') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('number>');
      const run = await hotline('call', '--from', '138-0013-8000', '--at', MONDAY_10AM, '--json');
      expect(run.code).toBe(0);
      const result = CallResultSchema.parse(JSON.parse(run.stdout));
      expect(result.attributes).toMatchObject({ customerId: 'AD-0001', vip: 'true' });
      expect(result.outcome).toMatchObject({ type: 'agent', priority: 1, agent: { id: 'agent-wang' } });
    } finally {
      startProc.stdin.end();
      await exited;
    }
    expect(leftovers()).toBe('');
  });
});
