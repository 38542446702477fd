/**
 * The agent workspace in a real browser, beside a real `npm start`: log in, place a call from the call
 * console, see its screen pop in the app, create a ticket from it, search the knowledge base in Chinese.
 * Screenshots are kept in test-results/browser/screens/. Skipped, saying so, only where Chromium is missing.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { skipWithoutChromium } from './chromium.js';
import { openHoursTime } from './open-hours.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENS = join(ROOT, 'test-results', 'browser', 'screens');

// Skips only on a machine without the system Chromium, never in CI (see chromium.ts).
skipWithoutChromium();

let home: string;
let console_: ChildProcessWithoutNullStreams;
let output = '';
let url: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  mkdirSync(SCREENS, { recursive: true });
  home = mkdtempSync(join(tmpdir(), 'hotline-browser-'));
  console_ = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'infra/local/start.ts'), '--home', home],
    {
      cwd: ROOT,
      env: { ...process.env, HOTLINE_WORKSPACE_PORT: '0', HOTLINE_WORKSPACE_PASSWORD: 'browser-test' },
    },
  );
  console_.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  console_.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const deadline = Date.now() + 200_000;
  while (!/Agent workspace: (http:\/\/127\.0\.0\.1:\d+\/)/.test(output)) {
    if (Date.now() > deadline || console_.exitCode !== null)
      throw new Error(`npm start did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  url = (/Agent workspace: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output) as RegExpExecArray)[1] as string;
  while (!output.includes('number> ')) await new Promise((r) => setTimeout(r, 100));
});

test.afterAll(async () => {
  if (console_ && console_.exitCode === null) {
    const exited = new Promise((r) => console_.once('exit', r));
    console_.stdin.end(':quit\n');
    await exited;
  }
  if (home) rmSync(home, { recursive: true, force: true });
});

test('log in, take a call with its screen pop, create a ticket, search the knowledge base', async ({
  page,
}) => {
  expect(readFileSync(join(home, 'workspace', 'password'), 'utf8').trim()).toBe('browser-test');

  // Nothing but the login page answers without a user.
  const anonymous = await page.request.get(`${url}api/contacts/current`);
  expect(anonymous.status()).toBe(401);

  await page.goto(url);
  await page.getByLabel('用户名').fill('agent-liu');
  await page.getByLabel('密码').fill('browser-test');
  await page.screenshot({ path: join(SCREENS, '1-login.png') });
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('no-call')).toBeVisible();

  // 李娜 (AD-0003, silver) calls and presses 2 (insurance claims); the survey gets 5 and 5.
  const before = output.length;
  console_.stdin.write(`:time ${openHoursTime()}\n135 2000 3003\n2\n5\n5\n`);
  await expect(page.getByTestId('customer-name')).toHaveText('李娜');
  await expect(page.getByTestId('screen-pop')).toContainText('silver');
  await expect(page.getByTestId('suggestions')).toContainText('保险理赔需要准备哪些材料');
  await expect.poll(() => output.slice(before).includes('Outcome:'), { timeout: 60_000 }).toBe(true);
  await page.screenshot({ path: join(SCREENS, '2-screen-pop.png'), fullPage: true });

  // A ticket from the call.
  await page.getByTestId('create-ticket').click();
  await page.getByTestId('ticket-category').click();
  await page.getByRole('option', { name: '投诉' }).click();
  await page.getByLabel('描述').fill('理赔进度太慢');
  await page.getByTestId('ticket-submit').click();
  await expect(page.getByTestId('ticket-message')).toContainText(/工单已创建: T\d{8}-\d{4}/);
  const ticketId = (/T\d{8}-\d{4}/.exec((await page.getByTestId('ticket-message').textContent()) ?? '') ?? [
    '',
  ])[0];
  await expect(page.getByRole('table')).toContainText(ticketId);
  await page.screenshot({ path: join(SCREENS, '3-ticket.png'), fullPage: true });

  // The knowledge base, in Chinese.
  await page.getByRole('link', { name: '知识库' }).click();
  await page.getByTestId('kb-query').locator('input').fill('理赔需要什么材料');
  await page.getByTestId('kb-search').click();
  await expect(page.getByTestId('kb-hit').first()).toContainText('保险理赔需要准备哪些材料');
  await page.getByTestId('kb-hit').first().getByRole('button').click();
  await expect(page.getByText('事故认定书')).toBeVisible();
  await page.screenshot({ path: join(SCREENS, '4-knowledge.png'), fullPage: true });

  // English too.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('link', { name: 'Knowledge base' })).toBeVisible();
  await page.getByRole('link', { name: 'Current call' }).click();
  await expect(page.getByTestId('customer-name')).toHaveText('李娜');
  await page.screenshot({ path: join(SCREENS, '5-screen-pop-en.png'), fullPage: true });
});
