/**
 * `hotline campaigns …` refuses a wrong command line with one line and exit 2 (usage), before it opens any data,
 * and `run --aws` with exit 1 (in AWS the deployed dialler runs by itself). Runs bin/hotline.ts's main() in this process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

let main: (argv: readonly string[]) => Promise<number>;
const home = mkdtempSync(join(tmpdir(), 'hotline-campaigns-cli-'));

beforeAll(async () => {
  process.env.HOTLINE_CLI_IN_PROCESS = '1';
  const entry: string = '../../bin/hotline.ts';
  ({ main } = (await import(entry)) as { main: typeof main });
  delete process.env.HOTLINE_CLI_IN_PROCESS;
});

async function run(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const err: string[] = [];
  const out: string[] = [];
  const e = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const l = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const w = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  try {
    const code = await main(['node', 'hotline', '--home', home, ...args]);
    return { code, stderr: err.join('\n'), stdout: out.join('\n') };
  } finally {
    e.mockRestore();
    l.mockRestore();
    w.mockRestore();
    process.exitCode = undefined;
  }
}

describe('hotline campaigns: usage errors (exit 2, one line, nothing opened)', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown purpose', ['create', 'x', '--purpose', 'nope'], /purpose/],
    ['a bad name', ['create', 'Bad_Name', '--purpose', 'return-visit'], /campaign name "Bad_Name"/],
    [
      'an agentless ordering campaign',
      ['create', 'x', '--purpose', 'ordering', '--mode', 'agentless'],
      /needs an agent/,
    ],
    [
      'a window ending before it starts',
      ['create', 'x', '--purpose', 'return-visit', '--window', '20:00-09:00'],
      /--window/,
    ],
    ['bad calling days', ['create', 'x', '--purpose', 'return-visit', '--days', '0-8'], /--days/],
    [
      'a bad retry rule',
      ['create', 'x', '--purpose', 'return-visit', '--retry', 'nope=1x1'],
      /--retry "nope=1x1"/,
    ],
    [
      'a rate for an agent campaign',
      ['create', 'x', '--purpose', 'return-visit', '--calls-per-minute', '5'],
      /--calls-per-minute/,
    ],
    [
      'lines per agent over 3',
      ['create', 'x', '--purpose', 'return-visit', '--lines-per-agent', '9'],
      /--lines-per-agent/,
    ],
    [
      'a queue the profile lacks',
      ['create', 'x', '--purpose', 'return-visit', '--queue', 'nowhere'],
      /--queue "nowhere"/,
    ],
    ['pickups without a day', ['create', 'x', '--purpose', 'reminder', '--source', 'pickups'], /--day/],
    ['a CSV source without a file', ['create', 'x', '--purpose', 'telesales', '--source', 'csv'], /--file/],
    ['an impossible --at', ['run', 'x', '--at', '2026-02-30T10:00'], /--at/],
    [
      '--until before --at',
      ['run', 'x', '--at', '2026-12-01T10:00', '--until', '2026-12-01T09:00'],
      /--until must be after --at/,
    ],
    [
      'a run over 31 days',
      ['run', 'x', '--at', '2026-12-01T10:00', '--until', '2027-02-01T09:00'],
      /at most 31 days/,
    ],
    ['a missing answers file', ['run', 'x', '--answers', join(home, 'none.json')], /does not exist/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await run('campaigns', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('run --aws is refused with exit 1, before any AWS call: the deployed dialler runs by itself', async () => {
    const r = await run('--aws', 'campaigns', 'run', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deployed dialler/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
