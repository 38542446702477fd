/**
 * The profiles' scenario files (contact-flows/scenarios/<profile>.yaml and contact-flows/scenarios/<profile>/*.yaml,
 * one file per feature), run as a user runs them: the `hotline test` command, with JUnit XML and every flow and
 * module of the profile held to 100% transition coverage over the profile's files together. A profile whose
 * scenarios have not moved to files yet is skipped here (its TS scenarios in this folder still run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILE_IDS } from '../../schemas/profile.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scenarios = join(root, 'contact-flows/scenarios');
const tmp = mkdtempSync(join(tmpdir(), 'hotline-scenario-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The profile's scenario files, relative to the repository (the top file first, then the feature files). */
function filesOf(profile: string): string[] {
  const folder = join(scenarios, profile);
  if (!existsSync(folder)) return [];
  const features = readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `contact-flows/scenarios/${profile}/${f}`);
  const top = `contact-flows/scenarios/${profile}.yaml`;
  return [...(existsSync(join(root, top)) ? [top] : []), ...features];
}

describe.each(PROFILE_IDS)('scenario files of %s (hotline test)', (profile) => {
  const files = filesOf(profile);
  it.skipIf(files.length === 0)(
    'every scenario passes, every flow and module is at 100% transition coverage, JUnit XML written',
    () => {
      const junit = join(tmp, `${profile}.xml`);
      const run = spawnSync(
        process.execPath,
        ['bin/hotline.js', 'test', ...files, '--min-coverage', '100', '--junit', junit],
        { cwd: root, encoding: 'utf8', timeout: 600_000 },
      );
      const report = `${run.stdout}\n${run.stderr}`;
      expect(run.status, report).toBe(0);
      expect(report).toContain('All scenarios passed.');
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toMatch(/<testsuites name="hotline test" tests="\d+" failures="0">/);
      // One suite per file, and the combined coverage of the profile's flows: each at 100%.
      expect(xml.match(/<testsuite name="(?!coverage )/g)).toHaveLength(files.length);
      const flows = [...xml.matchAll(/<testcase classname="coverage profile:[^"]+" name="([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(flows.length).toBeGreaterThanOrEqual(6);
      for (const flow of flows) expect(flow).toMatch(/\(100%\)$/);
    },
    // A profile's files place a few hundred calls (with the error sweep): seconds alone, minutes on a loaded CI box.
    600_000,
  );
});
