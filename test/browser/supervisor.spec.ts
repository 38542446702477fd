/**
 * The supervisor console in a real browser, beside a real `npm start`: an agent cannot open its pages; a
 * supervisor watches the wallboard change while a call is placed in the call console (the call's live
 * transcript, the agent on the contact, today's service level), sees an agent too long in after-contact work
 * turn red with one notification in the outbox, reads agent performance, and scores the call on the scorecard
 * (recording and transcript beside it); the agent then sees the result, marks it read and comments.
 * Screenshots are kept in test-results/browser/screens/. Skipped, saying so, only where Chromium is missing.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { skipWithoutChromium } from './chromium.js';
import { openHoursTime } from './open-hours.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENS = join(ROOT, 'test-results', 'browser', 'screens');

// Skips only on a machine without the system Chromium, never in CI (see chromium.ts).
skipWithoutChromium();
test.describe.configure({ mode: 'serial' });

let home: string;
let console_: ChildProcessWithoutNullStreams;
let output = '';
let url: string;
/** The call placed in the console, and the agent who took it. */
let contactId = '';
let agentId = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  mkdirSync(SCREENS, { recursive: true });
  home = mkdtempSync(join(tmpdir(), 'hotline-supervisor-'));
  console_ = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'infra/local/start.ts'), '--home', home],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        HOTLINE_WORKSPACE_PORT: '0',
        HOTLINE_WORKSPACE_PASSWORD: 'browser-test',
        // DynamoDB Local stops as soon as the console quits (its keeper otherwise waits 10 minutes).
        HOTLINE_DYNAMODB_IDLE: '0',
      },
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
  if (!home) return;
  // The database's keeper writes its last log lines as it stops: wait for it, then remove the home.
  const deadline = Date.now() + 30_000;
  while (existsSync(join(home, 'dynamodb.pid')) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 250));
  rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
});

async function logIn(page: Page, username: string) {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('browser-test');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('no-call').or(page.getByTestId('customer-name'))).toBeVisible();
}

/** Type a console line and wait until the console has answered it (its next prompt). */
async function consoleLine(line: string, waitFor = 'number> ') {
  const before = output.length;
  console_.stdin.write(`${line}\n`);
  await expect.poll(() => output.slice(before).includes(waitFor), { timeout: 60_000 }).toBe(true);
}

const breachLines = () => {
  const file = join(home, 'notifications.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('wallboard_breach'))
    : [];
};

test('an agent cannot open the supervisor pages', async ({ page }) => {
  await logIn(page, 'agent-liu');
  await expect(page.getByRole('link', { name: '我的质检结果' })).toBeVisible();
  await expect(page.getByRole('link', { name: '实时监控墙' })).toHaveCount(0);
  for (const hash of ['wallboard', 'performance', 'qa']) {
    await page.goto(`${url}#/${hash}`);
    await expect(page.getByTestId('forbidden')).toBeVisible();
  }
  await page.screenshot({ path: join(SCREENS, 'supervisor-0-agent-refused.png') });
  const token = await page.evaluate(() =>
    (
      globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
    ).sessionStorage.getItem('hotline.token'),
  );
  for (const path of [
    '/api/supervisor/wallboard',
    '/api/supervisor/performance',
    '/api/supervisor/qa/queue',
  ]) {
    const r = await page.request.get(`${url}${path.slice(1)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.status(), path).toBe(403);
  }
});

test('a supervisor watches the wallboard change while a call is placed', async ({ page }) => {
  await logIn(page, 'supervisor');
  await page.getByRole('link', { name: '实时监控墙' }).click();
  await expect(page.getByTestId('wallboard')).toBeVisible();
  await expect(page.locator('[data-testid^="agent-row-"][data-state="on_contact"]')).toHaveCount(0);
  await page.screenshot({ path: join(SCREENS, 'supervisor-1-wallboard-idle.png'), fullPage: true });

  // 李娜 calls and presses 2 (insurance claims): the live transcript shows the IVR and her key, then an
  // agent is on the contact while the survey waits for her answers.
  await consoleLine(`:time ${openHoursTime()}`);
  console_.stdin.write('135 2000 3003\n');
  const live = page.getByTestId('live-transcript').first();
  await expect(live).toContainText('▸');
  console_.stdin.write('2\n');
  await expect(live).toContainText('☎');
  const onContact = page.locator('[data-testid^="agent-row-"][data-state="on_contact"]');
  await expect(onContact).toHaveCount(1);
  agentId = ((await onContact.getAttribute('data-testid')) ?? '').replace('agent-row-', '');
  contactId = (await live.getAttribute('data-contact')) ?? '';
  expect(agentId).toMatch(/^agent-/);
  expect(contactId).not.toBe('');
  await expect(page.getByTestId(`agent-live-${agentId}`)).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'supervisor-2-wallboard-call.png'), fullPage: true });

  // She answers the survey and hangs up: the agent is free again and today's figures count the call.
  await consoleLine('5\n5', 'Outcome:');
  await expect(onContact).toHaveCount(0);
  await expect(page.getByTestId('queue-service-level').filter({ hasText: '/1)' })).toHaveCount(1);
});

test('an agent too long in after-contact work turns red and the supervisors are notified once', async ({
  page,
}) => {
  expect(agentId).not.toBe('');
  await logIn(page, 'supervisor');
  await page.goto(`${url}#/wallboard`);
  await expect(page.getByTestId('wallboard')).toBeVisible();
  // An agent in after-contact work longer than the threshold (120 s) turns red, and the supervisors get
  // one notification however often the board refreshes. The console's clock is set so that five minutes pass.
  const other = agentId === 'agent-hu' ? 'agent-wang' : 'agent-hu';
  await consoleLine(':time 09:00');
  await consoleLine(`:acw ${other}`);
  await consoleLine(':time 09:05');
  await consoleLine(':free agent-liu');
  const row = page.getByTestId(`agent-row-${other}`);
  await expect(row).toHaveAttribute('data-breach', 'true');
  await expect.poll(() => breachLines().length).toBe(1);
  await page.screenshot({ path: join(SCREENS, 'supervisor-3-wallboard-breach.png'), fullPage: true });
  await page.waitForTimeout(5000); // two more refreshes
  expect(breachLines()).toHaveLength(1);
  expect(breachLines()[0]).toContain(other);
  await consoleLine(`:free ${other}`);
  await expect(row).toHaveAttribute('data-breach', 'false');
});

test('agent performance lists every agent with the measures', async ({ page }) => {
  expect(agentId).not.toBe('');
  await logIn(page, 'supervisor');
  // Agent performance lists every agent, the one who took the call with one contact handled.
  await page.getByRole('link', { name: '座席绩效' }).click();
  await expect(page.getByTestId(`perf-row-${agentId}`)).toBeVisible({ timeout: 60_000 });
  const perfRow = page.getByRole('row').filter({ has: page.getByTestId(`perf-row-${agentId}`) });
  await expect(perfRow.getByTestId('perf-handled')).toHaveText('1');
  await expect(page.getByTestId('perf-row-agent-liu')).toBeVisible();
  await page.screenshot({ path: join(SCREENS, 'supervisor-4-performance.png'), fullPage: true });
});

test('a supervisor scores the call and the agent sees the result', async ({ page, browser }) => {
  expect(contactId).not.toBe('');
  await logIn(page, 'supervisor');
  await page.getByRole('link', { name: '质检', exact: true }).click();
  await expect(page.getByTestId(`review-${contactId}`)).toBeVisible({ timeout: 60_000 });
  await page.getByTestId(`review-${contactId}`).click();
  await expect(page.getByTestId('qa-call')).toBeVisible();
  await expect(page.getByTestId('recording')).toBeVisible();
  // Locally the link is the API's route, fetched with the bearer token into a blob (in AWS a presigned S3 URL).
  await expect(page.getByTestId('recording')).toHaveAttribute('data-direct', 'false');
  await expect(page.getByTestId('recording')).toHaveAttribute('src', /^blob:/);
  await expect(page.getByTestId('qa-transcript')).not.toBeEmpty();
  await page.screenshot({ path: join(SCREENS, 'supervisor-5-qa-review.png'), fullPage: true });

  // One question answered "no" (not an auto-fail question), the rest "yes".
  const first = page.locator('[data-testid^="answer-"]').first();
  await first.getByRole('button', { name: '否' }).click();
  await page.getByTestId('score-comment').locator('textarea').fill('问候语规范,请注意核实身份');
  await page.getByTestId('score-submit').click();
  await expect(page.getByTestId('qa-message')).toContainText('评分已保存');
  await expect(page.getByTestId('qa-results')).toContainText(agentId);
  await page.screenshot({ path: join(SCREENS, 'supervisor-6-qa-scored.png'), fullPage: true });

  await seeAsAgent(browser);
});

async function seeAsAgent(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, agentId);
  await page.getByRole('link', { name: '我的质检结果' }).click();
  const evaluation = page.getByTestId('my-evaluation');
  await expect(evaluation).toHaveCount(1);
  await expect(evaluation).toContainText('问候语规范');
  await page.getByTestId('evaluation-ack').click();
  await expect(evaluation).toContainText('座席已阅');
  await evaluation.locator('textarea').fill('收到,下次注意');
  await evaluation.getByRole('button', { name: '添加评论' }).click();
  await expect(evaluation).toContainText('收到,下次注意');
  await page.screenshot({ path: join(SCREENS, 'supervisor-7-agent-result.png'), fullPage: true });
  await context.close();
}
