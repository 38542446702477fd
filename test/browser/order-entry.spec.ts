/**
 * Order entry in a real browser (distribution): an agent opens a retailer, sees supply left and the
 * retailer's limits, gets an order over them refused with the reasons, then places one that fits and sees the
 * supply and the order history move. Order data loaded with `hotline orders … import` on the same home.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { skipWithoutChromium } from './chromium.js';
import { type LocalWorkspace, logIn, ROOT, SCREENS, startLocalWorkspace } from './local-workspace.js';

// Skips only on a machine without the system Chromium, never in CI (see chromium.ts).
skipWithoutChromium();

let ws: LocalWorkspace;
test.beforeAll(async () => {
  test.setTimeout(300_000);
  ws = await startLocalWorkspace({ profile: 'distribution' });
  const seed = (name: string) => join(ROOT, 'infra/local/seed', name);
  const hotline = (...args: string[]) =>
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin/hotline.js'), '--profile', 'distribution', '--home', ws.home, ...args],
      { cwd: ROOT, stdio: 'pipe' },
    );
  hotline('crm', 'import', seed('distribution.csv'));
  hotline('orders', 'catalogue', 'import', seed('distribution-catalogue.csv'));
  hotline('orders', 'supply', 'import', seed('distribution-supply.csv'));
  hotline('orders', 'limits', 'import', seed('distribution-limits.csv'));
});
test.afterAll(async () => {
  await ws?.stop();
});

test('an agent places an order for a retailer; an order over supply or limits is refused, explained', async ({
  page,
}) => {
  await logIn(page, ws.url, 'agent-gao');
  // The seed's supply is for 2026-W48: the call is placed that week (the workspace follows the console's
  // clock). DS-2001 types its card number and asks for an agent; the north branch's agent answers.
  const before = ws.output().length;
  // Card number, 0 for an agent, and the distribution survey's one question.
  ws.type(':time 2026-11-24T10:00:00+08:00\n13904512001\n230102000201#\n0\n5\n');
  await expect.poll(() => ws.output().slice(before).includes('Outcome:'), { timeout: 90_000 }).toBe(true);
  await expect(page.getByTestId('customer-name')).toHaveText('城北便民超市（王建国）');
  await page.getByTestId('order-entry').click();
  await expect(page.getByTestId('order-customer').locator('input')).toHaveValue('DS-2001');
  const table = page.getByTestId('order-catalogue');
  await expect(table).toContainText('中华硬盒');
  await expect(page.getByText('2026-W48')).toBeVisible();
  await expect(page.getByText('2026/11/26 17:00:00')).toBeVisible();
  await expect(page.getByTestId('allowed-1001')).toHaveText('20');

  await page.getByTestId('qty-1001').locator('input').fill('25');
  await page.getByTestId('qty-1003').locator('input').fill('6');
  await page.getByTestId('order-place').click();
  const message = page.getByTestId('order-message');
  await expect(message).toContainText('订单未能提交');
  await expect(message).toContainText('中华硬盒（1001）：超出该客户本期限量 20，还可订 20。');
  await expect(message).toContainText('货源不足，只剩 5');
  await page.screenshot({ path: join(SCREENS, 'order-refused.png'), fullPage: true });

  await page.getByTestId('qty-1001').locator('input').fill('5');
  await page.getByTestId('qty-1003').locator('input').fill('');
  await page.getByTestId('order-place').click();
  await expect(message).toContainText(/订单 O20261124-\d{6} 已提交，合计 ¥2250\.00。/);
  await expect(page.getByTestId('allowed-1001')).toHaveText('15');
  await expect(page.getByTestId('order-history')).toContainText('中华硬盒 × 5');
  await page.screenshot({ path: join(SCREENS, 'order-entry.png'), fullPage: true });
});
