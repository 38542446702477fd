/**
 * The agent workspace locally (`npm start`): the web app (web/dist, built on first start) and the HTTP API
 * (the same router as the Lambda, functions/api/app.ts) on 127.0.0.1, with local users. Nothing but the
 * login page and its static files answers without a logged-in user. The API's current contact follows the
 * call console: `follow()` wraps a console call so the app sees it ringing, its screen-pop attributes, the
 * caller's menu choice and its end.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import type { CallOptions } from '../../contact-flows/runtime/runtime.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { createS3Client } from '../../functions/adapters/s3/object-store.js';
import { createApi } from '../../functions/api/app.js';
import { LocalAuthenticator, UnauthorizedError } from '../../functions/api/auth.js';
import { apiDepsFromEnv } from '../../functions/api/deps.js';
import { erasureDepsFromEnv } from '../../functions/api/privacy-deps.js';
import { toProblem } from '../../functions/api/problems.js';
import type { SupervisionOverrides } from '../../functions/api/supervision-deps.js';
import { type ErasureDeps, runErasure } from '../../functions/use-cases/privacy/erasure-requests.js';
import type { CurrentContact, Role } from '../../schemas/api.js';
import type { CallEvent, CallResult } from '../../schemas/contact-record.js';
import type { Profile } from '../../schemas/profile.js';
import type { LiveCall } from '../../schemas/supervisor-api.js';
import { localTicketEnv } from './contact-centre.js';
import { localFileEraser } from './forget-local.js';
import { LOCAL_RECORDINGS_BUCKET } from './s3-local.js';
import { localSupervision } from './supervisor-local.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = join(ROOT, 'web', 'dist');

/** Security headers of every local answer (CloudFront sends the same in AWS; infra/constructs/workspace-web.ts). */
export const LOCAL_CSP =
  "default-src 'self'; script-src 'self'; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export interface LocalUser {
  readonly username: string;
  readonly groups: readonly Role[];
  readonly salt: string;
  readonly hash: string;
}

const hashPassword = (password: string, salt: string) => scryptSync(password, salt, 32).toString('hex');

/** Local users under `<home>/workspace`: the profile's demo agents, `supervisor` and `admin`, one shared password. */
export function localUsers(
  home: string,
  profile: Profile,
): { users: LocalUser[]; password: string; secret: Buffer } {
  const dir = join(home, 'workspace');
  mkdirSync(dir, { recursive: true });
  const secretFile = join(dir, 'token-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const passwordFile = join(dir, 'password');
  if (!existsSync(passwordFile))
    writeFileSync(
      passwordFile,
      process.env.HOTLINE_WORKSPACE_PASSWORD || randomBytes(6).toString('base64url'),
      {
        mode: 0o600,
      },
    );
  const password = readFileSync(passwordFile, 'utf8').trim();
  const names: [string, Role][] = [
    ...profile.agents.map((a) => [a.id, 'agent'] as [string, Role]),
    ['supervisor', 'supervisor'],
    ['admin', 'admin'],
  ];
  const users = names.map(([username, role]) => {
    const salt = `${username}:${profile.id}`;
    return { username, groups: [role], salt, hash: hashPassword(password, salt) };
  });
  return { users, password, secret: Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'hex') };
}

/** A call the console places (what LocalContactCentre.call takes). */
export type ConsoleCall = Omit<CallOptions, 'entryFlowArn'>;

/** Follows the console's calls for GET /api/contacts/current. */
export class ConsoleContact {
  private current: CurrentContact | undefined;

  get(): CurrentContact | undefined {
    return this.current;
  }

  /** Call options that report the call here as it runs. */
  follow(opts: ConsoleCall): ConsoleCall {
    const contactId = crypto.randomUUID();
    this.current = {
      contactId,
      ...(opts.from ? { phone: opts.from } : {}),
      startedAt: new Date(opts.at ?? Date.now()).toISOString(),
      state: 'ringing',
      attributes: {},
    };
    const onEvent = opts.onEvent;
    return {
      ...opts,
      contactId,
      onEvent: (e: CallEvent) => {
        this.onEvent(contactId, e);
        onEvent?.(e);
      },
    };
  }

  private onEvent(contactId: string, e: CallEvent): void {
    const c = this.current;
    if (!c || c.contactId !== contactId) return;
    if (e.kind === 'lambda' && e.action === 'Lookup caller') {
      const json = e.text.slice(e.text.indexOf('→') + 1).trim();
      try {
        const attrs = JSON.parse(json) as Record<string, string>;
        this.current = { ...c, attributes: { ...c.attributes, ...attrs } };
      } catch {
        // a truncated or degraded answer: the screen pop reads the API instead
      }
    } else if (e.kind === 'input' && e.action === 'Menu' && /^keys \d$/.test(e.text) && !c.menuKey) {
      this.current = { ...c, menuKey: e.text.slice(5) };
    } else if (e.kind === 'queue') {
      this.current = { ...c, queue: e.text.replace(/^enqueued in /, '').replace(/ \(priority.*$/, '') };
    } else if (e.kind === 'agent') {
      const m = /^agent (\S+) accepted/.exec(e.text);
      this.current = { ...c, state: 'connected', ...(m?.[1] ? { agentId: m[1] } : {}) };
    }
  }

  /** The call has ended: keep it (the agent is still writing it up) with its final attributes. */
  ended(result: CallResult): void {
    const c = this.current;
    if (!c || c.contactId !== result.contactId) return;
    this.current = { ...c, state: 'ended', attributes: { ...c.attributes, ...result.attributes } };
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build web/ with Vite when web/dist is missing or older than the sources. Returns whether it built. */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<boolean> {
  const index = join(WEB_DIST, 'index.html');
  const src = join(ROOT, 'web', 'src');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(src)) return false;
  log('Building the agent workspace web app (web/ → web/dist, once)…');
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

export interface WorkspaceServerOptions {
  readonly profile: Profile;
  readonly home: string;
  readonly tableEnv: Readonly<Record<string, string>>;
  readonly endpoint: string;
  readonly contact?: ConsoleContact;
  /** @default HOTLINE_WORKSPACE_PORT or 8400; 0 for any free port. Falls back to a free port when taken. */
  readonly port?: number;
  readonly now?: () => Date;
  /** The supervisor console: the S3 emulator (recordings) and the console's calls in progress. */
  readonly s3Endpoint?: string;
  readonly liveCalls?: () => LiveCall[];
  /** For tests: the supervisor console's AWS parts in place of the local ones (a presigned link, Athena). */
  readonly awsParts?: Pick<SupervisionOverrides, 'recordingLink' | 'performance'>;
}

export interface WorkspaceServer {
  readonly url: string;
  readonly password: string;
  readonly users: readonly LocalUser[];
  close(): Promise<void>;
}

const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

/**
 * Erasure requests locally (issue 17): the worker runs in this process, after the request is answered (as the
 * Lambda invoked asynchronously does in AWS), on the tables, the S3 emulator and the local outbox files. Needs the
 * S3 emulator (recordings); without it the routes answer 503.
 */
function localErasure(
  opts: WorkspaceServerOptions,
  env: Readonly<Record<string, string | undefined>>,
): ErasureDeps | undefined {
  if (!opts.s3Endpoint) return undefined;
  const doc = createDocumentClient({ endpoint: opts.endpoint });
  const s3 = createS3Client({ endpoint: opts.s3Endpoint });
  const deps: ErasureDeps | undefined = erasureDepsFromEnv(
    {
      ...env,
      ...opts.tableEnv,
      TRANSCRIPTS_BUCKET: LOCAL_RECORDINGS_BUCKET,
      TRANSCRIPTS_PREFIX: 'transcripts/',
    },
    doc,
    s3,
    async (requestId) => {
      // Not awaited: the request is answered at once; the outcome is on the request record.
      void runErasure(deps as ErasureDeps, requestId).catch((err: unknown) =>
        console.error(`erasure ${requestId} failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    },
    { others: [localFileEraser(opts.home)], ...(opts.now ? { now: opts.now } : {}) },
  );
  return deps;
}

/** The local server's Hono app: login, the API, the web app. Exposed for tests. */
export function createWorkspaceApp(opts: WorkspaceServerOptions) {
  const { users, password, secret } = localUsers(opts.home, opts.profile);
  const auth = new LocalAuthenticator(secret);
  const env = {
    ...localTicketEnv(opts.profile, { tableEnv: opts.tableEnv, endpoint: opts.endpoint, home: opts.home }),
  };
  const contact = opts.contact;
  const privacy = localErasure(opts, env);
  const api = createApi(
    apiDepsFromEnv(env, auth, {
      ...(opts.now ? { now: opts.now } : {}),
      ...(privacy ? { privacy } : {}),
      ...(contact ? { currentContact: () => contact.get() } : {}),
      supervision: {
        ...localSupervision({
          profile: opts.profile,
          home: opts.home,
          tableEnv: opts.tableEnv,
          endpoint: opts.endpoint,
          ...(opts.s3Endpoint ? { s3Endpoint: opts.s3Endpoint } : {}),
          ...(opts.liveCalls ? { liveCalls: opts.liveCalls } : {}),
        }),
        ...opts.awsParts,
      },
    }),
  );
  const root = new Hono();
  root.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', LOCAL_CSP);
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'same-origin');
  });
  root.post('/auth/login', async (c) => {
    const body = LoginSchema.safeParse(await c.req.json().catch(() => undefined));
    const fail = (detail: string) => {
      const { problem } = toProblem(new UnauthorizedError(detail), '/auth/login');
      return c.json(problem, 401, { 'content-type': 'application/problem+json' });
    };
    if (!body.success) return fail('give a user name and a password');
    const user = users.find((u) => u.username === body.data.username);
    const given = Buffer.from(hashPassword(body.data.password, user?.salt ?? 'x'), 'hex');
    if (!user || !timingSafeEqual(given, Buffer.from(user.hash, 'hex')))
      return fail('wrong user name or password');
    const token = await auth.sign(user.username, user.groups);
    return c.json({ token, username: user.username, role: user.groups[0] });
  });
  root.get('/config.json', (c) => c.json({ mode: 'local', profile: opts.profile.id }));
  root.route('/', api.app);
  root.get('*', async (c) => {
    const rel = decodeURIComponent(new URL(c.req.url).pathname);
    let file = resolve(WEB_DIST, `.${rel}`);
    if (!file.startsWith(WEB_DIST + sep) || !existsSync(file) || statSync(file).isDirectory())
      file = join(WEB_DIST, 'index.html');
    if (!existsSync(file)) return c.text('The web app is not built: run npm run build:web', 503);
    const body = await readFile(file);
    return c.body(body, 200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
  });
  return { app: root, auth, users, password, routes: api.routes };
}

/** Start the workspace on 127.0.0.1 (loopback only). */
export async function startWorkspaceServer(opts: WorkspaceServerOptions): Promise<WorkspaceServer> {
  const { app, users, password } = createWorkspaceApp(opts);
  const wanted = opts.port ?? Number(process.env.HOTLINE_WORKSPACE_PORT ?? 8400);
  const listen = (port: number) =>
    new Promise<ReturnType<typeof serve>>((res, rej) => {
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => res(server));
      server.once('error', rej);
    });
  let server: ReturnType<typeof serve>;
  try {
    server = await listen(wanted);
  } catch {
    server = await listen(0); // the port is taken (another npm start): any free one
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    password,
    users,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
}
