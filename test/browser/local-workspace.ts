/**
 * A real `npm start` (call console + agent workspace) on a fresh home, for the browser tests: its URL, its
 * output so far, and a way to type into the call console.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENS = join(ROOT, 'test-results', 'browser', 'screens');
export const PASSWORD = 'browser-test';

// DynamoDB Local stops as soon as its last user (npm start, a hotline command) is done, so the home can go.
process.env.HOTLINE_DYNAMODB_IDLE ??= '0';

export interface LocalWorkspace {
  readonly url: string;
  readonly home: string;
  output(): string;
  type(text: string): void;
  stop(): Promise<void>;
}

export async function startLocalWorkspace(
  opts: { profile?: string; env?: Record<string, string> } = {},
): Promise<LocalWorkspace> {
  mkdirSync(SCREENS, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'hotline-browser-'));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'infra/local/start.ts'),
      '--home',
      home,
      ...(opts.profile ? ['--profile', opts.profile] : []),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        HOTLINE_WORKSPACE_PORT: '0',
        HOTLINE_WORKSPACE_PASSWORD: PASSWORD,
        ...opts.env,
      },
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const deadline = Date.now() + 200_000;
  const urlOf = () => /Agent workspace: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
  while (!urlOf() || !output.includes('number> ')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`npm start did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: urlOf() as string,
    home,
    output: () => output,
    type: (text) => child.stdin.write(text),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.stdin.end(':quit\n');
        await exited;
      }
      // DynamoDB Local may still be writing its last file for a moment after the console ends.
      rmSync(home, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    },
  };
}

/** Log in on the login page (zh-CN labels). */
export async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}
