/**
 * The DynamoDB Local kept per home between commands (infra/local/dynamodb-daemon.ts), through the
 * real `hotline` CLI and `npm start` as child processes: the first command starts it, later
 * commands and `npm start` reuse it (and a command reuses the one `npm start` started), it is not
 * stopped under a running `npm start`, two `npm start` on one home both keep working when one quits,
 * and it stops by itself once unused for HOTLINE_DYNAMODB_IDLE. No Java process is left behind.
 */
import { type ChildProcessWithoutNullStreams, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const base = mkdtempSync(join(tmpdir(), 'hotline-keeper-'));

/** Processes whose command line names `dir` (the keeper, its DynamoDB Local, npm start). */
const running = (dir: string) => spawnSync('pgrep', ['-af', dir], { encoding: 'utf8' }).stdout.trim();
const javaFor = (dir: string) =>
  running(dir)
    .split('\n')
    .filter((l) => l.includes('DynamoDBLocal.jar'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function hotline(home: string, idle: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOTLINE_DYNAMODB_IDLE: idle, NO_COLOR: '1' };
  delete env.HOTLINE_HOME;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/hotline.js', ...args, '--home', home],
      { cwd: root, env, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

interface Status {
  running: boolean;
  state?: { pid: number; javaPid: number; endpoint: string; startedAt: string; idleMs: number };
  users: { pid: number; command: string }[];
}

async function status(home: string): Promise<Status> {
  const run = await hotline(home, '0', 'db', 'status', '--json');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Status;
}

interface Console {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exit: Promise<number | null>;
}

function npmStart(home: string, idle: string): Console {
  const env: NodeJS.ProcessEnv = { ...process.env, HOTLINE_HOME: home, HOTLINE_DYNAMODB_IDLE: idle };
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

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  const left = running(base);
  // Whatever a failed test left: stop it, then fail loudly.
  for (const line of left.split('\n').filter(Boolean)) {
    const pid = Number(line.split(' ')[0]);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(base, { recursive: true, force: true });
  if (left) throw new Error(`processes left behind: ${left}`);
});

describe('DynamoDB Local kept between commands (end to end)', { timeout: 240_000 }, () => {
  it('is started by the first command, reused by the next ones and npm start, never stopped under npm start', async () => {
    const home = join(base, 'shared');
    const imported = await hotline(home, '10m', 'crm', 'import', 'infra/local/seed/auto-dealer.csv');
    expect(imported.stdout.trim()).toBe('created 12, updated 0, unchanged 0, rejected 0');
    expect(imported.code).toBe(0);
    // The command has ended; its database runs on, used by nobody.
    const first = await status(home);
    expect(first).toMatchObject({ running: true, users: [] });
    expect(first.state?.idleMs).toBe(600_000);
    expect(javaFor(home)).toHaveLength(1);

    const shown = await hotline(home, '10m', 'crm', 'show', '138-0013-8000', '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).lookup).toMatchObject({ lookupStatus: 'ok', customerId: 'AD-0001' });
    expect((await status(home)).state).toEqual(first.state);

    // npm start on the same home reuses it (no second seeding: the marker is in the home)…
    const centre = npmStart(home, '10m');
    try {
      await until('npm start', () => centre.output().includes('number>'));
      const during = await status(home);
      expect(during.state).toEqual(first.state);
      expect(during.users.map((u) => u.pid)).toContain(centre.child.pid);
      expect(javaFor(home)).toHaveLength(1);
      // …and `db stop` refuses to pull it from under npm start, naming it.
      const refused = await hotline(home, '10m', 'db', 'stop');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`in use by pid ${centre.child.pid}`);
      expect(refused.stderr).toContain('not stopped');
      expect((await status(home)).state).toEqual(first.state);
    } finally {
      centre.child.stdin.end();
      expect(await centre.exit).toBe(0);
    }
    // npm start has quit; the database is still there for the next command, until stopped.
    expect((await status(home)).state).toEqual(first.state);
    const stopped = await hotline(home, '10m', 'db', 'stop');
    expect(stopped.stdout.trim()).toBe(`stopped DynamoDB Local for ${home}`);
    expect(running(home)).toBe('');
    expect(await status(home)).toMatchObject({ running: false });
  });

  it('a command reuses the one npm start started, and it stops by itself once unused for the idle time', async () => {
    const home = join(base, 'idle');
    const centre = npmStart(home, '2s');
    let started: Status['state'];
    try {
      await until('npm start', () => centre.output().includes('number>'));
      started = (await status(home)).state;
      expect(started?.idleMs).toBe(2000);
      const shown = await hotline(home, '2s', 'crm', 'show', '138-0013-8000', '--json');
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout).lookup).toMatchObject({ lookupStatus: 'ok', customerId: 'AD-0001' });
      // Well past the idle time, npm start still holds it.
      await new Promise((r) => setTimeout(r, 4000));
      expect((await status(home)).state).toEqual(started);
    } finally {
      centre.child.stdin.end();
      expect(await centre.exit).toBe(0);
    }
    // Nobody uses it now: it stops by itself.
    await until('the idle stop', () => running(home) === '', 60_000);
    expect(await status(home)).toMatchObject({ running: false });
  });

  it('two npm start on one home: when the first quits, the second keeps answering with the real lookup', async () => {
    const home = join(base, 'two');
    const a = npmStart(home, '0');
    // The second starts once the first has loaded the demo customers.
    await until('the first console', () => a.output().includes('number>'));
    const b = npmStart(home, '0');
    try {
      await until('the second console', () => b.output().includes('number>'));
      expect(javaFor(home)).toHaveLength(1);
      a.child.stdin.end();
      expect(await a.exit).toBe(0);
      const before = b.output().length;
      b.child.stdin.write('138-0013-8000\n');
      await until('the lookup', () => /lookupStatus/.test(b.output().slice(before)));
      const call = b.output().slice(before);
      expect(call).toContain('"lookupStatus":"ok"');
      expect(call).not.toContain('degraded');
    } finally {
      a.child.stdin.end();
      b.child.stdin.end();
      await a.exit;
      expect(await b.exit).toBe(0);
    }
    // Idle time 0: the last one out stopped it before exiting.
    expect(running(home)).toBe('');
  });
});
