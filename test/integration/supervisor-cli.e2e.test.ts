/**
 * `hotline wallboard` and `hotline qa` as a person runs them (child processes on a --home): the wallboard reads
 * the console's ACD state file, a breach is notified once to the outbox, and bad input is one line, exit 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localQueueArn } from '../../contact-flows/flows/refs.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { profileAcd, saveAcdState } from '../../functions/adapters/local/acd-wallboard.js';
import { notificationsPath } from '../../functions/adapters/local/outbox.js';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'hotline-supervisor-'));

function hotline(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.HOTLINE_HOME;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/hotline.js', ...args, '--home', home],
      { cwd: root, env, timeout: 150_000 },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  // What `npm start` saves: agent-hu in after-contact work for 5 minutes, a caller waiting 2 minutes.
  const profile = getProfile('auto-dealer');
  const acd = profileAcd(profile);
  const now = Date.now();
  acd.setAgentState('agent-hu', 'AfterContactWork', now - 300_000);
  acd.enqueue({ contactId: 'waiting-1', queue: localQueueArn('club'), enqueuedAt: now - 120_000 });
  await saveAcdState(home, profile, acd, new Date(now));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('hotline wallboard and qa (end to end)', { timeout: 300_000 }, () => {
  it('shows the breaches and notifies the supervisors once', async () => {
    const first = await hotline('wallboard');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/! +Owners club +1 +2m\d\ds/);
    expect(first.stdout).toMatch(/! agent-hu +胡敏 +AfterContactWork +5m\d\ds/);
    expect(first.stdout).toContain('notified the supervisors: queue_wait club');

    const second = await hotline('wallboard', '--json');
    expect(second.code).toBe(0);
    const board = JSON.parse(second.stdout) as { breaches: { key: string }[]; notified: unknown[] };
    expect(board.breaches).toHaveLength(2);
    expect(board.notified).toEqual([]);
    const lines = readFileSync(notificationsPath(home), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(JSON.parse(l).body).breach.kind).sort()).toEqual([
      'agent_acw',
      'queue_wait',
    ]);
  });

  it('prints the scorecard; refuses bad input in one line with exit code 2, a missing evaluation with 1', async () => {
    const card = await hotline('qa', 'scorecard');
    expect(card.code).toBe(0);
    expect(card.stdout).toContain('courtesy');
    expect(card.stdout).toContain('(auto-fail on "no")');
    const bad = await hotline('qa', 'score', 'no-such-call', '--by', 'sup', '--answer', 'greeting=maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('hotline: error: --answer "greeting=maybe" must be QUESTION=yes|no|na');
    // A reference that does not exist is refused (exit 1), as for every command (README, exit codes).
    const missing = await hotline('qa', 'show', 'no-such-call');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('hotline: error: call no-such-call has no evaluation');
    const interval = await hotline('wallboard', '--interval', '0');
    expect(interval.code).toBe(2);
  });
});
