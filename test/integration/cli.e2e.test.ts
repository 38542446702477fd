/**
 * The real `hotline` command line, as a child process: each command starts its own DynamoDB
 * Local on the data in `--home` and must stop it before exiting.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
/** A second, empty data folder (the fixture's numbers overlap the seed's). */
const otherHome = join(home, 'other');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function hotline(...args: string[]): Promise<Run> {
  return hotlineIn(home, ...args);
}

function hotlineIn(dataHome: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, USER: 'e2e-tester', NO_COLOR: '1' };
  delete env.HOTLINE_HOME;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/hotline.js', ...args, '--home', dataHome],
      { cwd: root, env, timeout: 90_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Processes whose command line names our home folder (the DynamoDB Local we started). */
const leftovers = () => spawnSync('pgrep', ['-af', home], { encoding: 'utf8' }).stdout.trim();

afterAll(() => {
  const left = leftovers();
  rmSync(home, { recursive: true, force: true });
  if (left) throw new Error(`processes left behind: ${left}`);
});

describe('hotline crm (end to end)', { timeout: 180_000 }, () => {
  it('imports the seed, finds a customer by a number in another format, blocks them, and leaves nothing running', async () => {
    const first = await hotline('crm', 'import', 'infra/local/seed/auto-dealer.csv');
    expect(first.stderr).toContain('importing infra/local/seed/auto-dealer.csv (csv) into local data in');
    expect(first.stdout.trim()).toBe('created 12, updated 0, unchanged 0, rejected 0');
    expect(first.code).toBe(0);
    expect(leftovers()).toBe('');

    const again = await hotline('crm', 'import', 'infra/local/seed/auto-dealer.csv', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      rows: 12,
      created: 0,
      updated: 0,
      unchanged: 12,
      rejected: 0,
    });

    const shown = await hotline('crm', 'show', '138-0013-8000', '--json');
    expect(shown.code).toBe(0);
    const report = JSON.parse(shown.stdout);
    expect(report).toMatchObject({
      number: '+8613800138000',
      profile: 'auto-dealer',
      lookup: {
        lookupStatus: 'ok',
        customerId: 'AD-0001',
        displayName: '张伟',
        vip: 'true',
        dedicatedAgentId: 'agent-wang',
        queueHint: 'vip',
        blocked: 'false',
      },
      block: null,
      customer: { customerId: 'AD-0001', phones: ['+8613800138000'], cardNumber: 'VIP-880001' },
    });

    const blocked = await hotline('crm', 'block', '+86 138 0013 8000', '--reason', 'spam');
    expect(blocked.code).toBe(0);
    expect(blocked.stdout.trim()).toBe('blocked +8613800138000 (spam) until unblocked, by e2e-tester');

    const after = await hotline('crm', 'show', '008613800138000');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^ {2}blocked: +true$/m);
    expect(after.stdout).toMatch(/^ {2}blockReason: +spam$/m);
    expect(after.stdout).toContain('── block ──');
    expect(after.stdout).toMatch(/^ {2}blockedBy: +e2e-tester$/m);
    expect(after.stdout).toContain('── customer record ──');
    expect(leftovers()).toBe('');
  });

  it('exits 1 when rows were rejected, listing them by line on stderr', async () => {
    const run = await hotlineIn(otherHome, 'crm', 'import', 'test/fixtures/import/mixed.csv');
    expect(run.code).toBe(1);
    expect(run.stdout.trim()).toBe('created 4, updated 0, unchanged 0, rejected 6');
    expect(run.stderr).toContain(
      'line 8 (MX-005): tier: must be one of standard, silver, gold, platinum (got "diamond")',
    );
    expect(run.stderr).toContain(
      'line 11 (MX-007): phones: +8613910002000 is also on line 3 (customer MX-002)',
    );
  });

  it('exits 2 with one line and no stack trace on a usage error or an unreadable file', async () => {
    for (const args of [
      ['crm', 'import', 'no/such/file.csv'],
      ['crm', 'block', '13800138000', '--reason', 'rude'],
      ['crm', 'show', 'not-a-number'],
    ]) {
      const run = await hotline(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^hotline: error: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(leftovers()).toBe('');
  });
});
