/**
 * `npm start` with ordinary mistakes: a wrong option, an unknown time zone or a --home that cannot hold
 * data is one line and exit code 2 (no stack trace, nothing started); in the console, a time that does not
 * exist changes nothing, and an agent is free again once their call has ended.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SURVEY_TEXT } from '../../contact-flows/flows/index.js';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'hotline-start-h-'));
const leftovers = () => spawnSync('pgrep', ['-af', home], { encoding: 'utf8' }).stdout.trim();

afterAll(() => {
  const left = leftovers();
  rmSync(home, { recursive: true, force: true });
  if (left) throw new Error(`processes left behind: ${left}`);
});

function start(args: string[] = [], input?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', ...args], {
    cwd: root,
    env: { ...process.env, HOTLINE_HOME: home },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  if (input !== undefined) child.stdin.end(input);
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, errors: () => err, exit };
}

async function waitFor(test: () => boolean, what: string, output: () => string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what} did not appear; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start with mistakes (end to end)', { timeout: 120_000 }, () => {
  it('refuses a wrong option, time zone or home in one line with exit code 2', async () => {
    for (const [args, expected] of [
      [['--bogus'], /^hotline: error: Unknown option '--bogus'/],
      [
        ['--time-zone', 'Mars/X'],
        /^hotline: error: --time-zone "Mars\/X" is not a time zone: give an IANA name/,
      ],
      [['--home', '/proc/x'], /^hotline: error: --home "\/proc\/x" is under \/proc, which cannot hold data/],
      [['--profile', 'bank'], /^hotline: error: --profile must be one of auto-dealer/],
    ] as const) {
      const run = start([...args], '');
      expect(await run.exit, args.join(' ')).toBe(2);
      expect(run.errors().trim().split('\n'), run.errors()).toHaveLength(1);
      expect(run.errors()).toMatch(expected);
      expect(run.errors()).not.toMatch(/\n\s+at /);
      expect(run.output()).toBe('');
    }
  });

  it('keeps the time when :time is given one that does not exist, and frees the agent after the call', async () => {
    const run = start();
    const out = () => run.output() + run.errors();
    await waitFor(() => out().includes('number>'), 'number>', out);
    run.child.stdin.write(':time 2026-11-23T10:00:00+08:00\n');
    await waitFor(() => out().includes('calls are placed at 2026-11-23T02:00:00.000Z'), ':time', out);
    for (const bad of ['25:99', '2026-02-30T10:00', '-1']) run.child.stdin.write(`:time ${bad}\n`);
    await waitFor(() => out().includes(':time "-1"'), 'the refusals', out);
    expect(out()).toContain(':time "25:99" is not a time of day: give HH:MM from 00:00 to 23:59');
    expect(out()).toContain(':time "2026-02-30T10:00" is not a real date and time');
    expect(out().match(/calls are placed at 2026-11-23T02:00:00.000Z/g)?.length).toBe(4);

    run.child.stdin.write('13600136000\n');
    await waitFor(() => out().includes('key>'), 'key>', out);
    run.child.stdin.write('1\n');
    await waitFor(() => out().includes(SURVEY_TEXT['zh-CN'].question), 'the survey', out);
    run.child.stdin.write('5\n');
    await waitFor(() => out().includes(SURVEY_TEXT['zh-CN'].secondQuestionIntro), 'question 2', out);
    run.child.stdin.write('\n');
    await waitFor(() => out().includes('Outcome:'), 'Outcome', out);
    expect(out()).toMatch(
      /Outcome: agent — queue "Repair and maintenance booking", priority 5, agent agent-\w+/,
    );
    run.child.stdin.write(':agents\n');
    await waitFor(() => /agent-\w+ \(.*\): \w+/.test(out().split('Outcome:')[1] ?? ''), ':agents', out);
    run.child.stdin.end();
    expect(await run.exit).toBe(0);
    const agents = out().split('Outcome:')[1] ?? '';
    expect(agents).not.toMatch(/: Busy/);
    expect(agents).toMatch(/: Available/);
    expect(leftovers()).toBe('');
  });
});
