/**
 * The DynamoDB Local of one home ($HOTLINE_HOME), kept running between commands.
 *
 * The first `hotline` command (or `npm start`) that needs the local data starts a small background
 * process, the keeper (`node bin/hotline.js __dynamodb-daemon HOME IDLE_MS`, detached from the
 * terminal). The keeper starts DynamoDB Local on the home's data and stops it once nobody has used
 * it for the idle time (`HOTLINE_DYNAMODB_IDLE`, default 10 minutes; `0` stops it as soon as the
 * last user is done). Later commands and `npm start` find it through the state file and reuse it.
 *
 * Files in the home:
 * - `dynamodb.pid`   the keeper's pid: one keeper per home (created exclusively).
 * - `dynamodb.json`  {pid, javaPid, endpoint, idleMs, startedAt}: written once DynamoDB Local answers,
 *                    renamed away before it stops, so a new user never adopts a dying database.
 * - `dynamodb-users/<pid>`  one file per process using the database (a command while it runs, an
 *                    `npm start` for as long as it runs). The keeper never stops the database while
 *                    a live process holds one, so one `npm start` quitting leaves another working.
 * - `dynamodb.log`   what the keeper did, and DynamoDB Local's errors.
 * - `dynamodb.failed` why the last start failed (read by the command that asked for it).
 *
 * A user registers its file before it reads the state; the keeper, before stopping, renames the state
 * away and then checks the users again. Either the user's file is seen (the keeper carries on and puts
 * the state back) or the user finds no state and waits for a new keeper: never a dead endpoint.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * First argument of the hidden mode in which bin/hotline.js runs the keeper. Not a command: never
 * listed, never typed.
 */
export const DAEMON_COMMAND = '__dynamodb-daemon';

export interface DaemonState {
  /** The keeper's pid. */
  readonly pid: number;
  /** DynamoDB Local's (Java) pid. */
  readonly javaPid: number;
  readonly endpoint: string;
  readonly idleMs: number;
  readonly startedAt: string;
}

/** Where a home's keeper keeps its files. */
export function daemonFiles(home: string) {
  const dir = resolve(home);
  return {
    dir,
    pid: join(dir, 'dynamodb.pid'),
    state: join(dir, 'dynamodb.json'),
    stopping: join(dir, 'dynamodb.json.stopping'),
    users: join(dir, 'dynamodb-users'),
    log: join(dir, 'dynamodb.log'),
    failed: join(dir, 'dynamodb.failed'),
    data: join(dir, 'dynamodb'),
  };
}

/** Default idle time before the keeper stops DynamoDB Local. */
export const DEFAULT_IDLE_MS = 10 * 60_000;

/**
 * `HOTLINE_DYNAMODB_IDLE`: how long DynamoDB Local stays up unused. `90` or `90s` (seconds), `10m`,
 * `1h`, `0` (stop when the last user is done). Unset or empty: 10 minutes.
 */
export function parseIdle(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_IDLE_MS;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!m) {
    throw new Error(
      `HOTLINE_DYNAMODB_IDLE="${text}" is not a duration: use seconds (90), or 90s, 10m, 1h; 0 stops DynamoDB Local after each command`,
    );
  }
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(Number(m[1]) * factor);
}

/** True when a process with this pid exists (and is not a zombie we could see). */
export function isAlive(pid: number | undefined): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readState(file: string): DaemonState | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DaemonState;
  } catch {
    return undefined;
  }
}

export function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Pids of the live users; files of processes that are gone are removed. */
export function liveUsers(usersDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(usersDir);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (isAlive(pid) && pid !== process.pid) live.push(pid);
    else if (pid !== process.pid) rmSync(join(usersDir, name), { force: true });
  }
  return live;
}

/** The command line of a process (Linux), to tell our DynamoDB Local from a process that reused its pid. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/** The keeper: `bin/hotline.js __dynamodb-daemon HOME IDLE_MS`. Returns when it has stopped. */
export async function runDaemon(args: readonly string[]): Promise<void> {
  const files = daemonFiles(args[0] ?? '.');
  const idleMs = Math.max(0, Number(args[1] ?? DEFAULT_IDLE_MS) || 0);
  const log = (text: string) => {
    try {
      appendFileSync(files.log, `${new Date().toISOString()} [${process.pid}] ${text}\n`);
    } catch {
      // the home is gone: nothing to log to
    }
  };
  mkdirSync(files.users, { recursive: true });

  // One keeper per home: the pid file is created exclusively; a stale one (keeper gone) is replaced.
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(files.pid, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw err;
      if (isAlive(readPid(files.pid))) return; // another keeper runs this home
      rmSync(files.pid, { force: true });
    }
  }
  const releaseLock = () => {
    if (readPid(files.pid) === process.pid) rmSync(files.pid, { force: true });
  };

  // A DynamoDB Local left by a keeper that was killed (kill -9) would hold the same files: end it.
  const stale = readState(files.state) ?? readState(files.stopping);
  if (stale && isAlive(stale.javaPid) && commandLine(stale.javaPid)?.includes(files.data)) {
    log(`stopping DynamoDB Local ${stale.javaPid} left by a keeper that is gone`);
    process.kill(stale.javaPid, 'SIGKILL');
  }
  rmSync(files.state, { force: true });
  rmSync(files.stopping, { force: true });
  rmSync(files.failed, { force: true });

  // Until DynamoDB Local is up, a stop request waits for it (and then stops it).
  let stopRequested = false;
  process.on('SIGTERM', () => {
    stopRequested = true;
  });
  process.on('SIGINT', () => {
    stopRequested = true;
  });
  process.on('SIGHUP', () => undefined);

  const { startDynamoDbLocal } = await import('./dynamodb-local.js');
  let db: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  try {
    // A busy machine can take a while to start a JVM: wait longer than for the tests' own database.
    db = await startDynamoDbLocal({ dbPath: files.data, startTimeoutMs: 120_000 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`could not start DynamoDB Local: ${message}`);
    writeFileSync(files.failed, message);
    releaseLock();
    process.exitCode = 1;
    return;
  }
  const state: DaemonState = {
    pid: process.pid,
    javaPid: db.pid ?? 0,
    endpoint: db.endpoint,
    idleMs,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(`${files.state}.tmp`, JSON.stringify(state));
  renameSync(`${files.state}.tmp`, files.state);
  log(
    `DynamoDB Local ${state.javaPid} up at ${db.endpoint} (data in ${files.data}; stops after ${idleMs} ms unused)`,
  );

  let lastUsed = Date.now();
  let crashed = false;
  void db.exited?.then(() => {
    crashed = true;
  });

  /** Stop unless someone uses the database; true when stopped. */
  const tryStop = async (why: string): Promise<boolean> => {
    if (!crashed) {
      try {
        renameSync(files.state, files.stopping);
      } catch {
        // state already gone (deleted by hand): stop all the same
      }
      const users = liveUsers(files.users);
      if (users.length > 0) {
        if (existsSync(files.stopping)) renameSync(files.stopping, files.state);
        log(`not stopping (${why}): in use by ${users.join(', ')}`);
        lastUsed = Date.now();
        return false;
      }
    }
    log(crashed ? 'DynamoDB Local exited by itself' : `stopping DynamoDB Local (${why})`);
    await db.stop();
    rmSync(files.stopping, { force: true });
    rmSync(files.state, { force: true });
    releaseLock();
    log('stopped');
    return true;
  };

  for (;;) {
    await new Promise((r) => setTimeout(r, idleMs === 0 ? 100 : 500));
    if (crashed) {
      await tryStop('crashed');
      process.exitCode = 1;
      return;
    }
    // Our own pid file gone or taken over: someone removed the home; stop.
    if (readPid(files.pid) !== process.pid) {
      if (await tryStop('the home was removed')) return;
      continue;
    }
    const users = liveUsers(files.users);
    if (users.length > 0) {
      lastUsed = Date.now();
      stopRequested = false; // `hotline db stop` does not stop a database in use, then or later
      continue;
    }
    // A short-lived command may have come and gone between two looks: its file changed the folder.
    try {
      lastUsed = Math.max(lastUsed, statSync(files.users).mtimeMs);
    } catch {
      // folder removed with the home
    }
    if (stopRequested) {
      stopRequested = false;
      if (await tryStop('asked to stop')) return;
    } else if (Date.now() - lastUsed >= idleMs) {
      if (await tryStop(`unused for ${Math.round((Date.now() - lastUsed) / 1000)} s`)) return;
    }
  }
}

export interface KeeperStatus {
  /** The running keeper's state, when DynamoDB Local is up for the home. */
  readonly state?: DaemonState;
  /** Processes using it now. */
  readonly users: readonly { pid: number; command: string }[];
}

/** Is DynamoDB Local running for `home`, and who uses it (for `hotline db status`). */
export function keeperStatus(home: string): KeeperStatus {
  const files = daemonFiles(home);
  const state = readState(files.state);
  const users = liveUsers(files.users).map((pid) => {
    let command = '';
    try {
      command = readFileSync(join(files.users, String(pid)), 'utf8');
    } catch {
      // gone meanwhile
    }
    return { pid, command };
  });
  return { ...(state && isAlive(state.pid) ? { state } : {}), users };
}

/**
 * Stop the home's DynamoDB Local now (`hotline db stop`), unless a process uses it: then nothing
 * is stopped and the users are returned. Resolves once it has stopped.
 */
export async function stopKeeper(
  home: string,
  timeoutMs = 30_000,
): Promise<{ stopped: boolean; wasRunning: boolean; users: readonly { pid: number; command: string }[] }> {
  const files = daemonFiles(home);
  const status = keeperStatus(home);
  const pid = status.state?.pid ?? readPid(files.pid);
  if (!isAlive(pid)) return { stopped: true, wasRunning: false, users: [] };
  if (status.users.length > 0) return { stopped: false, wasRunning: true, users: status.users };
  process.kill(pid as number, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    if (liveUsers(files.users).length > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (isAlive(pid)) return { stopped: false, wasRunning: true, users: keeperStatus(home).users };
  return { stopped: true, wasRunning: true, users: [] };
}
