/**
 * The committed Amazon Connect test-case exports (contact-flows/scenarios/<profile>.connect-tests.json, deployed with
 * `-c connectTestCases=true`) are what `hotline test <profile>.yaml --export-connect` writes today: a change to a
 * profile's flows or its top scenario file must come with a fresh export. (auto-dealer's is also checked, with the
 * export's shape, by test/unit/hotline-test.test.ts.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runTestCommand } from '../../bin/commands/test.js';
import { PROFILE_IDS } from '../../schemas/profile.js';

const scenarios = fileURLToPath(new URL('../../contact-flows/scenarios/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'hotline-connect-exports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const exported = PROFILE_IDS.filter(
  (p) => p !== 'auto-dealer' && existsSync(join(scenarios, `${p}.connect-tests.json`)),
);

describe.each(exported)('the Connect test-case export of %s', (profile) => {
  it('is current, and holds every scenario of the top file', async () => {
    const { ok } = await runTestCommand([join(scenarios, `${profile}.yaml`)], { exportConnect: tmp });
    expect(ok).toBe(true);
    const fresh = JSON.parse(readFileSync(join(tmp, `${profile}.connect-tests.json`), 'utf8')) as unknown[];
    const committed = JSON.parse(readFileSync(join(scenarios, `${profile}.connect-tests.json`), 'utf8'));
    expect(
      committed,
      `run: npx hotline test contact-flows/scenarios/${profile}.yaml --export-connect contact-flows/scenarios`,
    ).toEqual(fresh);
    const top = readFileSync(join(scenarios, `${profile}.yaml`), 'utf8');
    expect(fresh).toHaveLength(top.match(/^ {2}- name: /gm)?.length ?? 0);
  });
});
