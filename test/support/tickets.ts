import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutbox } from '../../functions/adapters/local/outbox.js';
import { type TicketDeps, ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import type { ProfileId } from '../../schemas/profile.js';
import { createTestTables, type TestTables } from './dynamo.js';

export interface TicketTestBed {
  readonly tables: TestTables;
  readonly deps: TicketDeps;
  /** Where the outbox is written. */
  readonly home: string;
  /** The clock every use case reads; tests move it. */
  readonly clock: { now: Date };
  outbox(): ReturnType<typeof readOutbox>;
}

/** Fresh tables, the ticket and SMS dependencies on them (outbox gateway), and a settable clock. */
export async function ticketTestBed(
  profile: ProfileId = 'auto-dealer',
  start = '2026-11-23T10:00:00+08:00',
): Promise<TicketTestBed> {
  const tables = await createTestTables();
  const home = mkdtempSync(join(tmpdir(), 'hotline-tickets-'));
  const clock = { now: new Date(start) };
  const deps = ticketDepsFromEnv(
    {
      ...tables.env,
      DYNAMODB_ENDPOINT: tables.endpoint,
      HOTLINE_PROFILE: profile,
      HOTLINE_OUTBOX_HOME: home,
    },
    { now: () => clock.now, requestTimeoutMs: 5000 },
  );
  if ('configError' in deps) throw new Error(deps.configError);
  return { tables, deps, home, clock, outbox: () => readOutbox(home) };
}
