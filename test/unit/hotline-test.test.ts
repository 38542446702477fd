import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runTestCommand } from '../../bin/commands/test.js';
import { UsageError } from '../../bin/options.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const PIZZA = here('../fixtures/scenarios/pizza.yaml');
const AUTO_DEALER = here('../../contact-flows/scenarios/auto-dealer.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'hotline-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const read = (p: string) => readFileSync(p, 'utf8');

describe('hotline test', () => {
  it('runs a console export with Lex and a module: every scenario passes, 100% of the transitions, JUnit XML', async () => {
    const junit = join(tmp, 'junit.xml');
    const { ok, output, reports } = await runTestCommand([PIZZA], { junit });
    expect(ok).toBe(true);
    expect(output).toContain('14/14 scenario(s) passed');
    expect(output).toContain('coverage Pizza main: 18/18 transitions (100%)');
    expect(output).toContain('coverage Greeting module: 3/3 transitions (100%)');
    expect(reports[0]?.coverage.missed()).toEqual([]);
    const xml = read(junit);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="hotline test" tests="14" failures="0">/,
    );
    expect(xml.match(/<testcase /g)).toHaveLength(14);
    expect(xml).toContain('<property name="coverage Pizza main" value="100"/>');
  });

  it('runs the auto-dealer profile scenarios (our flows, Lambdas stubbed)', async () => {
    const { ok, output } = await runTestCommand([AUTO_DEALER], {});
    expect(output).toContain('8/8 scenario(s) passed');
    expect(ok).toBe(true);
  });

  it('reports the first mismatch, lists untaken transitions, fails under the coverage floor, and writes the failure to JUnit', async () => {
    const broken = read(PIZZA)
      .replace(
        'attributes: { intent: OrderPizza, size: large }',
        'attributes: { intent: OrderPizza, size: small }',
      )
      .replace(/\n {2}# Error branches, forced[\s\S]*$/, '\n');
    const junit = join(tmp, 'failing.xml');
    const { ok, output } = await runTestCommand([PIZZA], { junit }, (p) => (p === PIZZA ? broken : read(p)));
    expect(ok).toBe(false);
    expect(output).toContain(
      '  ✗ orders a large pizza and reaches an agent\n      attribute size: expected "small", got "large"',
    );
    expect(output).toContain('Pizza main: To queue Error:QueueAtCapacity -> Sorry');
    expect(output).toContain('below the 100% coverage floor: Pizza main, Greeting module');
    expect(read(junit)).toContain(
      '<failure message="attribute size: expected &quot;small&quot;, got &quot;large&quot;"/>',
    );
  });

  it('a scenario file with a mistake is a usage error naming the file and the field', async () => {
    const bad = 'flows: [x.json]\nscenarios:\n  - name: one\n    expect: { outcome: { kind: agent } }\n';
    await expect(runTestCommand(['bad.yaml'], {}, () => bad)).rejects.toThrow(UsageError);
    await expect(runTestCommand(['bad.yaml'], {}, () => bad)).rejects.toThrow(
      /bad.yaml at scenarios.0.expect.outcome/,
    );
    await expect(runTestCommand(['missing.yaml'], {})).rejects.toThrow(/cannot read missing.yaml/);
  });

  it('exports the passing scenarios as Amazon Connect test cases; the committed export is up to date', async () => {
    await runTestCommand([AUTO_DEALER], { exportConnect: tmp });
    const fresh = JSON.parse(read(join(tmp, 'auto-dealer.connect-tests.json'))) as Array<{
      name: string;
      content: string;
    }>;
    const committed = JSON.parse(read(here('../../contact-flows/scenarios/auto-dealer.connect-tests.json')));
    expect(
      committed,
      'run: npx hotline test contact-flows/scenarios/auto-dealer.yaml --export-connect contact-flows/scenarios',
    ).toEqual(fresh);
    expect(fresh).toHaveLength(8);
    const first = JSON.parse(fresh[0]?.content ?? '{}');
    expect(first.Version).toBe('2025-06-21');
    expect(first.Observations[0].Event.Type).toBe('TestInitiated');
    expect(first.Observations.at(-1).Event.Type).toBe('TestCompleted');
    const dtmf = first.Observations.flatMap((o: { Actions: unknown[] }) => o.Actions).filter(
      (a: { Type: string }) => a.Type === 'SendInstruction',
    );
    expect(
      dtmf.map(
        (a: { Parameters: { Instruction: { Properties: { Value: string } } } }) =>
          a.Parameters.Instruction.Properties.Value,
      ),
    ).toEqual(['2', '5', '5']);
    // The pizza scenarios with forced faults stay offline.
    await runTestCommand([PIZZA], { exportConnect: tmp });
    expect(JSON.parse(read(join(tmp, 'pizza.connect-tests.json')))).toHaveLength(6);
  });
});
