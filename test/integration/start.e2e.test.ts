/**
 * `npm start` as a user runs it: a child process with its own data folder. It must answer a
 * dialled number with the real lookup, keep the data for the next start, and stop DynamoDB
 * Local both when its input closes and on Ctrl-C (SIGINT).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SURVEY_TEXT } from '../../contact-flows/flows/index.js';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'hotline-start-'));
const leftovers = () => spawnSync('pgrep', ['-af', home], { encoding: 'utf8' }).stdout.trim();

afterAll(() => {
  const left = leftovers();
  rmSync(home, { recursive: true, force: true });
  if (left) throw new Error(`processes left behind: ${left}`);
});

function start(): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exit: Promise<number | null>;
} {
  const env: NodeJS.ProcessEnv = { ...process.env, HOTLINE_HOME: home };
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], { cwd: root, env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exit };
}

async function waitFor(text: string, output: () => string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`"${text}" did not appear; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The post-call survey (after the agent hangs up): rate 5, leave the second question unanswered. */
async function answerSurvey(run: ReturnType<typeof start>): Promise<void> {
  const asked = (text: string) => run.output().split(text).length - 1;
  const before = asked(SURVEY_TEXT['zh-CN'].secondQuestionIntro);
  await waitFor(SURVEY_TEXT['zh-CN'].question, () =>
    asked(SURVEY_TEXT['zh-CN'].question) > before ? SURVEY_TEXT['zh-CN'].question : '',
  );
  run.child.stdin.write('5\n');
  await waitFor('second', () => (asked(SURVEY_TEXT['zh-CN'].secondQuestionIntro) > before ? 'second' : ''));
  run.child.stdin.write('\n');
}

describe('npm start (end to end)', { timeout: 120_000 }, () => {
  it('seeds the demo customers, answers a dialled number, and stops everything when input closes', async () => {
    const run = start();
    await waitFor('number>', run.output);
    expect(run.output()).toContain('Loaded 12 demo customers');
    // A Monday morning, so the queues are open whenever the test runs.
    run.child.stdin.write(':time 2026-11-23T10:00:00+08:00\n');
    await waitFor('calls are placed at 2026-11-23T02:00:00.000Z', run.output);
    // An unknown caller: the menu, key 1 (repair booking), an agent answers.
    run.child.stdin.write('13600136000\n');
    await waitFor('key>', run.output);
    run.child.stdin.write('1\n');
    await answerSurvey(run);
    await waitFor('Outcome:', run.output);
    // The VIP (AD-0001) goes to their dedicated agent without the menu.
    run.child.stdin.write('138-0013-8000\n');
    await answerSurvey(run);
    await waitFor('Outcome: agent — queue "agent-wang"', run.output);
    // AD-0005 books tomorrow's first slot at 17:00 (today's are past their lead time): 1 repair, 1 the vehicle on
    // file, 1 the first slot, 1 confirm. Its reminder is due today at 18:00: not at 17:59, once the clock says 18:00
    // (the console's reminder timer, what EventBridge Scheduler runs in AWS), and only once.
    run.child.stdin.write(':time 2026-11-23T17:00:00+08:00\n15810005005\n1\n1\n1\n1\n');
    await waitFor('Outcome: disconnected', run.output);
    run.child.stdin.write(':time 2026-11-23T17:59:00+08:00\n');
    await waitFor('calls are placed at 2026-11-23T09:59:00.000Z', run.output);
    run.child.stdin.write(':time 2026-11-23T18:00:00+08:00\n');
    await waitFor('booking reminder R20261123-0001', run.output);
    run.child.stdin.write(':time 2026-11-23T18:30:00+08:00\n');
    await waitFor('calls are placed at 2026-11-23T10:30:00.000Z', run.output);
    run.child.stdin.end();
    expect(await run.exit).toBe(0);
    expect(run.output()).toMatch(
      /Outcome: agent — queue "Repair and maintenance booking", priority 5, agent agent-\w+/,
    );
    expect(run.output()).toMatch(/customerId\s+AD-0001/);
    expect(run.output()).toMatch(/lookupStatus\s+ok/);
    const reminders = run.output().split('booking reminder ').slice(1);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatch(/^R20261123-0001 \(2026-11-24 08:30:00, 京E·30005\): SMS sent/);
    // Sent at 18:00, not before: it follows the 18:00 line.
    expect(run.output().indexOf('booking reminder R')).toBeGreaterThan(
      run.output().indexOf('calls are placed at 2026-11-23T10:00:00.000Z'),
    );
    expect(leftovers()).toBe('');
  });

  it('keeps the data for the next start (no second seeding) and ends on Ctrl-C', async () => {
    const run = start();
    await waitFor('number>', run.output);
    expect(run.output()).not.toContain('Loaded');
    run.child.stdin.write('+86 138 0013 8000\n');
    await answerSurvey(run);
    await waitFor('Outcome:', run.output);
    expect(run.output()).toMatch(/customerId\s+AD-0001/);
    run.child.kill('SIGINT');
    const code = await run.exit;
    expect([0, 130]).toContain(code);
    expect(leftovers()).toBe('');
  });
});
