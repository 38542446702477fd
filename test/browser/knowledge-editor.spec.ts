import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { skipWithoutChromium } from './chromium.js';
import { type LocalWorkspace, logIn, SCREENS, startLocalWorkspace } from './local-workspace.js';

// Skips only on a machine without the system Chromium, never in CI (see chromium.ts).
skipWithoutChromium();

let ws: LocalWorkspace;
test.beforeAll(async () => {
  test.setTimeout(240_000);
  ws = await startLocalWorkspace();
});
test.afterAll(async () => {
  await ws?.stop();
});

test('an admin edits an article, reads and restores versions, creates one; an agent cannot', async ({
  page,
}) => {
  await logIn(page, ws.url, 'admin');
  await page.getByRole('link', { name: '知识库' }).click();
  await page.getByTestId('kb-query').locator('input').fill('理赔材料');
  await page.getByTestId('kb-search').click();
  await page.getByTestId('kb-hit').first().getByRole('button').click();
  await page.getByTestId('kb-edit').click();

  // A new version, with the answer the IVR speaks.
  await expect(page.getByTestId('editor-title').locator('input')).toHaveValue('保险理赔需要准备哪些材料');
  const body = page.getByTestId('editor-body').locator('textarea');
  await body.fill(`${await body.inputValue()}\n复印件需加盖公章。`);
  await page
    .getByTestId('editor-spoken')
    .locator('textarea')
    .fill('请准备行驶证、驾驶证、事故认定书和维修发票。');
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('editor-message')).toContainText('第 2 版已发布');
  await expect(page.getByTestId('editor-versions').locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('view-1').click();
  await expect(page.getByTestId('editor-viewing')).toContainText('第 1 版');
  await expect(page.getByTestId('editor-viewing')).not.toContainText('复印件需加盖公章');
  await page.screenshot({ path: join(SCREENS, 'kb-editor.png'), fullPage: true });
  // A full-page screenshot resizes the window, and Cloudscape then folds the side navigation away.
  await page.reload();

  // Version 1 again, as version 3.
  await page.getByTestId('restore-1').click();
  await expect(page.getByTestId('editor-message')).toContainText('第 3 版已发布');
  await expect(page.getByTestId('editor-body').locator('textarea')).not.toHaveValue(/复印件需加盖公章/);

  // A new article, found by search at once.
  await page.getByRole('link', { name: '知识库' }).click();
  await page.getByTestId('kb-new').click();
  await page.getByTestId('editor-id').locator('input').fill('tyre-warranty');
  await page.getByTestId('editor-title').locator('input').fill('轮胎鼓包是否保修');
  await page.getByTestId('editor-category').click();
  await page.getByRole('option', { name: '维修保养' }).click();
  await page.getByTestId('editor-tags').locator('input').fill('轮胎, 保修');
  await page
    .getByTestId('editor-body')
    .locator('textarea')
    .fill('轮胎鼓包多因外力撞击造成，不在质保范围内。');
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('editor-message')).toContainText('知识 tyre-warranty 已创建');
  await expect(page.getByTestId('editor-versions').locator('tbody tr')).toHaveCount(1);
  await page.getByRole('link', { name: '知识库' }).click();
  await page.getByTestId('kb-query').locator('input').fill('轮胎鼓包');
  await page.getByTestId('kb-search').click();
  await expect(page.getByTestId('kb-hit').first()).toContainText('轮胎鼓包是否保修');

  // An agent reads articles but gets no editor, and the API refuses the editor's routes.
  await page.getByRole('button', { name: /admin/ }).click();
  await page.getByRole('menuitem', { name: '退出' }).click();
  await logIn(page, ws.url, 'agent-liu');
  await page.getByRole('link', { name: '知识库' }).click();
  await page.getByTestId('kb-query').locator('input').fill('轮胎鼓包');
  await page.getByTestId('kb-search').click();
  await page.getByTestId('kb-hit').first().getByRole('button').click();
  await expect(page.getByText('不在质保范围内')).toBeVisible();
  await expect(page.getByTestId('kb-new')).toHaveCount(0);
  await expect(page.getByTestId('kb-edit')).toHaveCount(0);
  const token = await page.evaluate<string | null>("sessionStorage.getItem('hotline.token')");
  const refused = await page.request.get(`${ws.url}api/kb/articles/tyre-warranty/versions`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(403);
});
