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

  it('combines the coverage of files that test the same flows, and holds every flow to --min-coverage', async () => {
    const routing = here('../../contact-flows/scenarios/auto-dealer/routing.yaml');
    const survey = here('../../contact-flows/scenarios/auto-dealer/survey.yaml');
    const junit = join(tmp, 'combined.xml');
    const { ok, output } = await runTestCommand([routing, survey], { minCoverage: '100', junit });
    // Routing and survey alone leave the ticket submenu (and the callback) untaken.
    expect(ok).toBe(false);
    expect(output).toContain(
      'combined coverage of 2 file(s) (profile:auto-dealer): auto-dealer routing, auto-dealer survey',
    );
    expect(output).toContain('auto-dealer ticket menu: Ticket menu Condition:Equals 1 -> Ticket complaint');
    expect(output).toMatch(/below the 100% coverage floor: .*auto-dealer ticket menu/);
    const xml = read(junit);
    expect(xml).toContain('<testsuite name="coverage profile:auto-dealer"');
    expect(xml).toMatch(
      /name="auto-dealer ticket menu: \d+\/50 transitions \([\d.]+%\)" time="0.000">\n {6}<failure/,
    );
    await expect(runTestCommand([survey], { minCoverage: '101' })).rejects.toThrow(/--min-coverage 101/);
  });

  it('the error sweep forces each untaken error branch once, and fails a message whose error changes the call', async () => {
    const queueActions = [
      {
        Identifier: 'Set queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: 'arn:aws:connect:eu-west-2:123456789012:instance/i/queue/sales' },
        Transitions: {
          NextAction: 'To queue',
          Errors: [{ NextAction: 'End', ErrorType: 'NoMatchingError' }],
        },
      },
      {
        Identifier: 'To queue',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          NextAction: 'End',
          Errors: [
            { NextAction: 'End', ErrorType: 'QueueAtCapacity' },
            { NextAction: 'End', ErrorType: 'NoMatchingError' },
          ],
        },
      },
    ];
    const flow = (messageError: string) =>
      JSON.stringify({
        Version: '2019-10-30',
        StartAction: 'Hello',
        Actions: [
          {
            Identifier: 'Hello',
            Type: 'MessageParticipant',
            Parameters: { Text: 'Hello' },
            Transitions: {
              NextAction: 'Bye',
              Errors: [{ NextAction: messageError, ErrorType: 'NoMatchingError' }],
            },
          },
          {
            Identifier: 'Bye',
            Type: 'MessageParticipant',
            Parameters: { Text: 'Bye' },
            Transitions: { NextAction: 'End', Errors: [{ NextAction: 'End', ErrorType: 'NoMatchingError' }] },
          },
          ...(messageError === 'Bye' ? [] : queueActions),
          { Identifier: 'End', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
        ],
      });
    const file = (name: string) =>
      `flows: [${name}.json]\nsweep: { errors: true }\nscenarios:\n  - name: hello\n    expect: { prompts: [Hello, Bye] }\n`;
    const files: Record<string, string> = {
      'good.yaml': file('good'),
      'good.json': flow('Bye'),
      'bad.yaml': file('bad'),
      // A failing greeting skips the goodbye and tries to queue the caller: not "only skipped".
      'bad.json': flow('Set queue'),
    };
    const reader = (p: string) => {
      const name = p.split('/').pop() ?? p;
      const text = files[name];
      if (text === undefined) throw new Error(`no ${p}`);
      return text;
    };
    const good = await runTestCommand(['good.yaml'], {}, reader);
    expect(good.output).toContain('✓ error sweep: good: Hello Error:NoMatchingError');
    expect(good.output).toContain('✓ error sweep: good: Bye Error:NoMatchingError');
    expect(good.ok).toBe(true);
    const bad = await runTestCommand(['bad.yaml'], {}, reader);
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('✗ error sweep: bad: Hello Error:NoMatchingError');
  });
});
