/** Running one bench part in its own process (time, CPU and peak RSS of that process alone). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ChildResult {
  readonly seconds: number;
  /** User + system CPU seconds of the timed part (all threads: DuckDB's COPY uses every core). */
  readonly cpuSeconds: number;
  /** Time to generate the rows alone, measured in a pass of its own. */
  readonly generateSeconds?: number;
  readonly generateCpuSeconds?: number;
  /** Time to start the Parquet encoding thread, before the clock (the exports' children), and whether it started. */
  readonly startSeconds?: number;
  readonly threaded?: boolean;
  readonly rows: number;
  readonly maxRssBytes: number;
}

/** Run `script` (a file beside this one) with `args`; its last stdout line is its ChildResult as JSON. */
export function runChild(script: string, ...args: string[]): ChildResult {
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`${script} ${args[0]} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/** The fastest of interleaved runs. */
export const fastest = (runs: readonly ChildResult[]): ChildResult =>
  runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
