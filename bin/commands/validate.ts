/**
 * `hotline validate FILE…`: checks Flow Language documents (console exports, `{Name, Type, Content}` wrappers,
 * flow modules) the way Amazon Connect does, and prints each problem with its action and a JSON path.
 * Thin: read, unwrap, `validateFlow`, print.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { FlowProblem, FlowRule } from '../../contact-flows/builder/problems.js';
import { validateFlow } from '../../contact-flows/builder/validate.js';
import { flowKindOf, unwrapFlowExport } from '../../contact-flows/runtime/export-wrapper.js';
import { parseDataFile } from '../../contact-flows/testing/foreign.js';
import { FLOW_KINDS, type FlowKind } from '../../schemas/flow.js';
import { UsageError } from '../options.js';

export interface ValidateCommandOptions {
  readonly type?: string;
  readonly strict?: boolean;
  readonly json?: boolean;
  readonly ignore?: readonly string[];
}

export interface FileReport {
  readonly file: string;
  readonly kind: FlowKind;
  readonly actions: number;
  readonly problems: ReadonlyArray<FlowProblem & { jsonPath: string }>;
}

/** `Actions[3].Transitions` → `$.Actions[3].Transitions`. */
export function jsonPathOf(path: string): string {
  if (path === '') return '$';
  return path.startsWith('[') ? `$${path}` : `$.${path}`;
}

export function validateFiles(
  files: readonly string[],
  opts: ValidateCommandOptions,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): FileReport[] {
  if (files.length === 0) throw new UsageError('give one or more flow files: hotline validate FILE…');
  const forced = opts.type === undefined ? undefined : flowKindOf(opts.type);
  if (opts.type !== undefined && !forced) {
    throw new UsageError(`--type "${opts.type}": expected one of ${FLOW_KINDS.join(', ')}`);
  }
  return files.map((file) => {
    let json: unknown;
    try {
      json = parseDataFile(readFile(file), file);
    } catch (e) {
      throw new UsageError(`${file}: ${(e as Error).message}`);
    }
    let unwrapped: ReturnType<typeof unwrapFlowExport>;
    try {
      unwrapped = unwrapFlowExport(json);
    } catch (e) {
      throw new UsageError(`${file}: ${(e as Error).message}`);
    }
    const kind = forced ?? unwrapped.kind ?? 'CONTACT_FLOW';
    const problems = validateFlow(unwrapped.content, kind, {
      level: opts.strict ? 'strict' : 'connect',
      ignore: (opts.ignore ?? []) as FlowRule[],
    });
    const actions = (unwrapped.content as { Actions?: unknown[] } | null)?.Actions;
    return {
      file,
      kind,
      actions: Array.isArray(actions) ? actions.length : 0,
      problems: problems.map((p) => ({ ...p, jsonPath: jsonPathOf(p.path) })),
    };
  });
}

export function formatReports(reports: readonly FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const errors = r.problems.filter((p) => p.severity === 'error').length;
    const warnings = r.problems.length - errors;
    out.push(
      `${r.file}: ${errors ? 'INVALID' : 'valid'} as ${r.kind} (${r.actions} actions, ${errors} error(s), ${warnings} warning(s))`,
    );
    for (const p of r.problems) {
      out.push(
        `  ${p.severity} [${p.rule}] ${p.actionId ? `action "${p.actionId}" ` : ''}at ${p.jsonPath}: ${p.message}`,
      );
    }
  }
  return out.join('\n');
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check Amazon Connect flow or module files as Connect would (exit 1 when any has an error)')
    .argument('<files...>', 'flow JSON files (console exports, {Name, Type, Content} wrappers, modules)')
    .option('--type <type>', `flow type or FLOW_MODULE (default: the file's own, else CONTACT_FLOW)`)
    .option('--strict', "also Hotline's own stricter rules (those our generated flows follow)")
    .option('--ignore <rule>', 'rule to skip, e.g. unreachable (repeatable)', collect, [])
    .option('--json', 'print the problems as JSON')
    .action((files: string[], opts: ValidateCommandOptions) => {
      const reports = validateFiles(files, opts);
      console.log(opts.json ? JSON.stringify(reports, null, 2) : formatReports(reports));
      const invalid = reports.some((r) => r.problems.some((p) => p.severity === 'error'));
      if (invalid) process.exitCode = 1;
    });
}
