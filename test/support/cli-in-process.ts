/**
 * The real `hotline` command line (bin/hotline.ts: commander, the commands, the error formatter and the
 * exit-code rule), run in the test's own process against one DynamoDB Local kept open for the test's
 * home, so hundreds of commands take seconds instead of a JVM start each.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, vi } from 'vitest';
import { type LocalData, openLocalData } from '../../infra/local/local-data.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface InProcessCli {
  readonly home: string;
  readonly local: LocalData;
  run(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

export async function inProcessCli(): Promise<InProcessCli> {
  const home = mkdtempSync(join(tmpdir(), 'hotline-cli-ip-'));
  // The run's DynamoDB Local, announced in `home` as a running `npm start` does: every command finds it
  // there and reuses it (the default, unprefixed table names: one test file uses this at a time).
  writeFileSync(
    join(home, 'dynamodb.json'),
    JSON.stringify({ pid: process.pid, endpoint: inject('dynamoEndpoint') }),
  );
  const local = await openLocalData(home);
  process.env.HOTLINE_CLI_IN_PROCESS = '1';
  // bin/hotline.ts itself (bin/hotline.js is the launcher that registers tsx).
  const entry: string = '../../bin/hotline.ts';
  const { main } = (await import(entry)) as { main: (argv: readonly string[]) => Promise<number> };
  delete process.env.HOTLINE_CLI_IN_PROCESS;
  const run = async (...args: string[]): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      out.push(a.map(String).join(' '));
    });
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
      err.push(a.map(String).join(' '));
    });
    // commander writes its own messages (usage errors, help) to the streams, not through console.
    const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk).replace(/\n$/, ''));
      return true;
    });
    const outWrite = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk).replace(/\n$/, ''));
      return true;
    });
    process.exitCode = undefined;
    try {
      // --home first, so a test may end the options with `--` (a value that starts with '-').
      const code = await main(['node', 'hotline', '--home', home, ...args]);
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    } finally {
      process.exitCode = undefined;
      log.mockRestore();
      error.mockRestore();
      errWrite.mockRestore();
      outWrite.mockRestore();
    }
  };
  return { home, local, run, close: () => local.close() };
}
