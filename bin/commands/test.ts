/**
 * `hotline test SCENARIOS…`: runs scenario files (YAML or JSON) against any Connect flows or one of our
 * profiles, offline; prints a readable report with the first mismatch of each failing scenario and the
 * transition coverage of each flow, writes JUnit XML for CI, and exports the scenarios as Amazon Connect test
 * cases. Thin: read, run (`contact-flows/testing`), print.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { type ConnectTestCase, toConnectTestCase } from '../../contact-flows/testing/connect-test-case.js';
import { folderOf, SetupError } from '../../contact-flows/testing/foreign.js';
import {
  combineCoverage,
  formatCombined,
  formatSuite,
  junitXml,
  runScenarioFile,
  type SuiteReport,
} from '../../contact-flows/testing/scenarios.js';
import { UsageError } from '../options.js';

export interface TestCommandOptions {
  readonly junit?: string;
  readonly json?: boolean;
  readonly exportConnect?: string;
  readonly verbose?: boolean;
  /** The least transition coverage (percent) of every flow, over all the files that test it. */
  readonly minCoverage?: string;
}

export interface TestCommandResult {
  readonly reports: readonly SuiteReport[];
  readonly output: string;
  readonly ok: boolean;
}

export async function runTestCommand(
  files: readonly string[],
  opts: TestCommandOptions,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Promise<TestCommandResult> {
  if (files.length === 0) throw new UsageError('give one or more scenario files: hotline test FILE…');
  const min = opts.minCoverage === undefined ? undefined : Number(opts.minCoverage);
  if (min !== undefined && !(Number.isFinite(min) && min >= 0 && min <= 100)) {
    throw new UsageError(`--min-coverage ${opts.minCoverage}: give a percentage from 0 to 100, e.g. 100`);
  }
  const reports: SuiteReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFile(file);
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    try {
      reports.push(await runScenarioFile(file, text, { baseDir: folderOf(file), io: { readFile } }));
    } catch (e) {
      if (e instanceof SetupError) throw new UsageError(e.message);
      throw e;
    }
  }
  // Files that test the same flows (e.g. one per feature of a profile): their coverage combined.
  const groups = combineCoverage(reports, min);
  const combined = groups.filter((g) => g.names.length > 1 || min !== undefined);
  if (opts.junit) writeFileSync(opts.junit, junitXml(reports, combined, min));
  if (opts.exportConnect) {
    mkdirSync(opts.exportConnect, { recursive: true });
    for (const r of reports) {
      const cases: ConnectTestCase[] = r.scenarios
        // Faults cannot be forced on a live instance: those scenarios stay offline.
        .filter((s) => s.passed && s.result && !s.scenario.faults?.length)
        .map((s) => toConnectTestCase(r.name, s.scenario, s.result as NonNullable<typeof s.result>));
      const out = join(
        opts.exportConnect,
        `${basename(r.file).replace(/\.(ya?ml|json)$/i, '')}.connect-tests.json`,
      );
      writeFileSync(out, `${JSON.stringify(cases, null, 2)}\n`);
    }
  }
  const ok =
    reports.every((r) => r.scenarios.every((s) => s.passed) && r.belowCoverage.length === 0) &&
    combined.every((g) => g.belowCoverage.length === 0);
  const output = opts.json
    ? JSON.stringify(
        reports.map((r) => ({
          file: r.file,
          name: r.name,
          scenarios: r.scenarios.map((s) => ({ name: s.name, passed: s.passed, failure: s.failure })),
          coverage: r.coverage.summary(),
          untaken: r.coverage.missed().map((m) => ({ flow: m.flowName, action: m.action, branch: m.branch })),
        })),
        null,
        2,
      )
    : [
        ...reports.map((r) => formatSuite(r, { transcripts: opts.verbose ?? false })),
        ...combined.map((g) => formatCombined(g, min)),
        ok ? 'All scenarios passed.' : 'Some scenarios failed (or a flow is below its coverage floor).',
      ].join('\n\n');
  return { reports, output, ok };
}

export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description(
      'run scenario files (YAML/JSON) against Connect flows or a profile, offline: report, coverage, JUnit XML',
    )
    .argument('<files...>', 'scenario files')
    .option('--junit <file>', 'write JUnit XML (one testcase per scenario)')
    .option('--json', 'print the results as JSON')
    .option(
      '--export-connect <dir>',
      'write the passing scenarios as Amazon Connect test cases (JSON) to DIR',
    )
    .option('--verbose', 'show the path of failing scenarios')
    .option(
      '--min-coverage <percent>',
      'fail when a flow is below this transition coverage over all the files that test it (e.g. 100)',
    )
    .addHelpText(
      'after',
      `
A scenario file gives the flows ("flows: [main.json]", with "modules", "lex", "lambdas" stubs, "agents")
or one of our profiles ("profile: auto-dealer", Lambdas stubbed by function key), then "scenarios": each with
"from", "at", "input" (keys, "say:words" for Lex, null for no input), per-scenario "lambdas", "agents",
"agentEvents", "patience", and "expect": prompts, promptsInclude, attributes, lambdas, outcome, tags, visits.
"minCoverage" fails the run when a flow's transition coverage is below it; "sweep: { errors: true }" forces
every error branch the scenarios left untaken on a replay of a call that reached it. Files that test the same
flows (one per feature) get their coverage combined; --min-coverage holds every flow to it. Exit code 1 on any
failure.

Examples:
  hotline test test/fixtures/scenarios/pizza.yaml --junit reports/junit.xml
  hotline test contact-flows/scenarios/auto-dealer/*.yaml --min-coverage 100 --junit reports/auto-dealer.xml
  hotline test contact-flows/scenarios/auto-dealer/*.yaml --export-connect cdk-test-cases/`,
    )
    .action(async (files: string[], opts: TestCommandOptions) => {
      const { output, ok } = await runTestCommand(files, opts);
      console.log(output);
      if (!ok) process.exitCode = 1;
    });
}
