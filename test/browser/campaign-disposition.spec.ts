/**
 * The agent's disposition of a campaign call in a real browser, beside a real `npm start`: a return-visit campaign
 * created with `hotline campaigns create`, the agent on one of its calls, the dispositions in Chinese, the chosen
 * one recorded with the button and shown as done (also after a reload), and `hotline campaigns results` showing it
 * recorded once, by that agent. The current contact stands in for Amazon Connect's (the dialler's attributes
 * `campaign` and `campaignEntry`): locally the call console places inbound calls only.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { skipWithoutChromium } from './chromium.js';
import { type LocalWorkspace, logIn, ROOT, SCREENS, startLocalWorkspace } from './local-workspace.js';

// Skips only on a machine without the system Chromium, never in CI (see chromium.ts).
skipWithoutChromium();

let ws: LocalWorkspace;
const hotline = (...args: string[]) =>
  execFileSync(
    process.execPath,
    [join(ROOT, 'bin/hotline.js'), '--profile', 'auto-dealer', '--home', ws.home, ...args],
    { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' },
  );

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ws = await startLocalWorkspace({ profile: 'auto-dealer' });
  const list = join(ws.home, 'list.csv');
  writeFileSync(list, 'phone,name\n13800138000,张伟\n13520003003,李娜\n');
  hotline('campaigns', 'create', 'rv-browser', '--purpose', 'return-visit', '--file', list);
});
test.afterAll(async () => {
  await ws?.stop();
});

test('the agent records the disposition of a campaign call; it shows as done and is recorded once', async ({
  page,
}) => {
  const contact = {
    contactId: 'browser-campaign-call-1',
    phone: '+8613800138000',
    startedAt: new Date().toISOString(),
    state: 'connected',
    agentId: 'agent-liu',
    attributes: { campaign: 'rv-browser', campaignEntry: '0001', campaignRef: '' },
  };
  await page.route('**/api/contacts/current', (route) => route.fulfill({ json: { contact } }));
  await logIn(page, ws.url, 'agent-liu');
  const panel = page.getByTestId('campaign-call');
  await expect(panel).toContainText('外呼活动来电: rv-browser');
  await expect(panel).toContainText('回访');
  const choices = page.getByTestId('campaign-dispositions');
  for (const label of ['满意', '不满意', '约定时间再回电', '号码错误', '拒绝再来电'])
    await expect(choices.getByText(label, { exact: true })).toBeVisible();
  await expect(page.getByTestId('record-disposition')).toBeDisabled();
  await choices.getByText('不满意', { exact: true }).click();
  await page.screenshot({ path: join(SCREENS, 'campaign-disposition-choose.png'), fullPage: true });
  await page.getByTestId('record-disposition').click();
  await expect(page.getByTestId('campaign-done')).toHaveText('已记录：不满意。');
  await expect(page.getByTestId('record-disposition')).toHaveCount(0);
  await page.screenshot({ path: join(SCREENS, 'campaign-disposition-done.png'), fullPage: true });

  // After a reload the call's disposition is still shown as done, with no button to record it again.
  await page.reload();
  await expect(page.getByTestId('campaign-done')).toContainText('不满意');
  await expect(page.getByTestId('record-disposition')).toHaveCount(0);

  const results = JSON.parse(hotline('campaigns', 'results', 'rv-browser', '--json'));
  const entry = results.entries.find((e: { entryId: string }) => e.entryId === '0001');
  expect(entry).toMatchObject({ status: 'done', disposition: 'unsatisfied', attempts: 1 });
  const attempts = results.attempts.filter((a: { entryId: string }) => a.entryId === '0001');
  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatchObject({ agentId: 'agent-liu', contactId: 'browser-campaign-call-1' });
});
