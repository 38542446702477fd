/**
 * The committed Amazon Connect test cases of each profile (contact-flows/scenarios/<profile>.connect-tests.json, which
 * the Connect stack deploys with `-c connectTestCases=true`) are the current export of the profile's top scenario file:
 * a changed prompt or scenario without a new export fails here, with the command that regenerates it.
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

describe.each(PROFILE_IDS)('Connect test cases of %s', (profile) => {
  const committed = join(scenarios, `${profile}.connect-tests.json`);
  it('are the current export of the profile scenario file, one per scenario', async () => {
    expect(existsSync(committed), `${profile} has no committed Connect test cases`).toBe(true);
    const out = join(tmp, profile);
    const { ok } = await runTestCommand([join(scenarios, `${profile}.yaml`)], { exportConnect: out });
    expect(ok).toBe(true);
    const fresh = JSON.parse(readFileSync(join(out, `${profile}.connect-tests.json`), 'utf8')) as unknown[];
    expect(
      JSON.parse(readFileSync(committed, 'utf8')),
      `run: npx hotline test contact-flows/scenarios/${profile}.yaml --export-connect contact-flows/scenarios`,
    ).toEqual(fresh);
    // Every scenario of the top file is exported (none uses forced faults or stubbed data a live instance lacks).
    const top = readFileSync(join(scenarios, `${profile}.yaml`), 'utf8');
    expect(fresh).toHaveLength(top.match(/^ {2}- name: /gm)?.length ?? 0);
  });
});
