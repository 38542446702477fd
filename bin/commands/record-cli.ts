/**
 * What the record commands (`hotline bookings`, `leads`, `pickups`: issue 12) share: running a use case with the
 * record's dependencies where the global options say (local data or the deployed stack, closed afterwards), who
 * acts, record numbers and times from the command line, the rule errors that are refusals, and printing a
 * record, its history and lists. One place, so the three commands keep the same exit codes and output.
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { parseTimeInput } from '../../functions/core/date-input.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { openLocalData } from '../../infra/local/local-data.js';
import { globalOptions, UsageError } from '../options.js';
import { RuntimeError } from '../runtime.js';

/** Who acts: `--by`, else the operator at this terminal. */
export const who = (by?: string): string => by ?? `cli:${process.env.USER || 'operator'}`;

/** A time option in the record's zone; absent: now. */
export const parseAt = (at: string | undefined, timeZone: string, label = '--at'): Date =>
  at === undefined ? new Date() : parseTimeInput(at, { label, timeZone });

/** An optional time option as an ISO bound for a list, or nothing. */
export const isoBound = (at: string | undefined, timeZone: string, label: string): string | undefined =>
  at === undefined ? undefined : parseTimeInput(at, { label, timeZone }).toISOString();

interface Closable {
  readonly settings: { readonly timeZone: string };
  close(): void;
}

// biome-ignore lint/suspicious/noExplicitAny: any error class, whatever its constructor takes
type ErrorClass = abstract new (...args: any[]) => Error;

export interface RecordCliSpec<D extends Closable> {
  /** `booking`: for messages. */
  readonly noun: string;
  /** The record number's schema, and an example for the message when one is malformed. */
  readonly idSchema: z.ZodType<string>;
  readonly idExample: string;
  /** The dependencies from a Lambda-like environment (the table names, profile and region). */
  depsFromEnv(env: Record<string, string>, opts: { requestTimeoutMs: number }): D | { configError: string };
  /** The environment of the deployed stack (`--aws`). */
  awsEnv(stackPrefix: string): Promise<Record<string, string>>;
  /** The use cases' errors that mean "refused" (exit 1), e.g. a rule or a record that is not there. */
  readonly refusals: readonly ErrorClass[];
}

export interface RecordCli<D extends Closable> {
  /** Run `fn` with the dependencies where the command's global options say; closes everything afterwards. */
  run<T>(cmd: Command, fn: (deps: D) => Promise<T>): Promise<T>;
  /** A record number as typed (any case), or a usage error. */
  checkId(id: string): string;
  /** `work`, with the use cases' refusals turned into one-line refusals (exit 1). */
  refuse<T>(work: () => Promise<T>): Promise<T>;
  /** `run`, on a clock stopped at `--at` (in the record's zone; absent: now). */
  runAt<T>(
    cmd: Command,
    at: string | undefined,
    fn: (deps: D & { now: () => Date }, at: Date) => Promise<T>,
  ): Promise<T>;
  /** Adds `show <id> [--json]`: the record with its history, or a refusal when there is none. */
  addShow<R>(
    parent: Command,
    get: (deps: D, id: string) => Promise<R | undefined>,
    print: (r: R, json: boolean | undefined) => void,
  ): void;
  /**
   * Adds `<name> <id>` with the options `options` declares, then `--at` and `--by`: `fn` runs on the clock at
   * `--at`, with the record number and who acts.
   */
  addChange<O extends object>(
    parent: Command,
    name: string,
    description: string,
    options: (c: Command) => Command,
    fn: (deps: D & { now: () => Date }, id: string, opts: O & { by: string }) => Promise<void>,
  ): void;
}

export function recordCli<D extends Closable>(spec: RecordCliSpec<D>): RecordCli<D> {
  const cli: RecordCli<D> = {
    async run(cmd, fn) {
      const g = globalOptions(cmd);
      const go = async (env: Record<string, string>) => {
        const deps = spec.depsFromEnv(
          { ...env, HOTLINE_PROFILE: g.profile.id, PHONE_REGION: g.region },
          { requestTimeoutMs: 10_000 },
        );
        if ('configError' in deps) throw new UsageError(deps.configError);
        try {
          return await fn(deps);
        } finally {
          deps.close();
        }
      };
      if (g.location.aws) return go(await spec.awsEnv(g.location.stackPrefix));
      const local = await openLocalData(g.location.home);
      try {
        return await go(localTicketEnv(g.profile, { ...local, home: local.home }));
      } finally {
        await local.close();
      }
    },
    checkId(id) {
      const parsed = spec.idSchema.safeParse(id.toUpperCase());
      if (!parsed.success)
        throw new UsageError(`"${id}" is not a ${spec.noun} number such as ${spec.idExample}`);
      return parsed.data;
    },
    async refuse(work) {
      try {
        return await work();
      } catch (err) {
        if (spec.refusals.some((c) => err instanceof c)) throw new RuntimeError((err as Error).message);
        throw err;
      }
    },
    runAt(cmd, at, fn) {
      return cli.run(cmd, (base) => {
        const when = parseAt(at, base.settings.timeZone);
        return fn({ ...base, now: () => when }, when);
      });
    },
    addShow(parent, get, print) {
      parent
        .command('show')
        .description(`a ${spec.noun} with its history`)
        .argument('<id>', `${spec.noun} number, e.g. ${spec.idExample}`)
        .option('--json', 'print as JSON')
        .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
          const recordId = cli.checkId(id);
          await cli.run(cmd, async (deps) => {
            const r = await get(deps, recordId);
            if (!r) throw new RuntimeError(`no ${spec.noun} ${recordId}`);
            print(r, opts.json);
          });
        });
    },
    addChange(parent, name, description, options, fn) {
      options(parent.command(name).description(description).argument('<id>', `${spec.noun} number`))
        .option('--at <time>', 'when (default now)')
        .option('--by <who>', 'who (default cli:$USER)')
        .action(async (id: string, opts: Record<string, unknown>, cmd: Command) => {
          const recordId = cli.checkId(id);
          const { at, by, ...rest } = opts as { at?: string; by?: string };
          await cli.runAt(cmd, at, (deps) =>
            fn(deps, recordId, { ...(rest as Parameters<typeof fn>[2]), by: who(by) }),
          );
        });
    },
  };
  return cli;
}

interface HistoryEntry {
  readonly at: string;
  readonly by: string;
  readonly from?: string | undefined;
  readonly to: string;
  readonly note?: string | undefined;
}

/**
 * A record: as JSON, or its fields (`[label, value]`, the labels in one column) and its history.
 */
export function printRecord(
  record: { readonly history: readonly HistoryEntry[] },
  json: boolean | undefined,
  fields: readonly (readonly [label: string, value: string])[],
): void {
  if (json) {
    console.log(JSON.stringify(record, null, 2));
    return;
  }
  for (const [label, value] of fields) console.log(`${label.padEnd(10)} ${value}`);
  console.log('history');
  for (const h of record.history)
    console.log(
      `  ${h.at}  ${h.by.padEnd(14)} ${h.from ? `${h.from} → ` : ''}${h.to}${h.note ? ` (${h.note})` : ''}`,
    );
}

/** Records one a line (JSON lines with `json`); `none` when there are none (not in JSON). */
export function printList<R>(
  found: readonly R[],
  json: boolean | undefined,
  line: (r: R) => string,
  none: string,
): void {
  for (const r of found) console.log(json ? JSON.stringify(r) : line(r));
  if (!json && found.length === 0) console.log(none);
}
