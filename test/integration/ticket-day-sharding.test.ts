/**
 * Sharded per-day keys (issue 17 item 6): the ticket-number counter over N counter items and the `day` index over
 * DAY_SHARDS partitions must give the same answers as one key did — every number handed out once, the counters
 * adding up to the tickets, one shard numbering exactly as before, and the day's list (newest first, limits
 * honoured, items written before sharding included) unchanged.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextShardedDaySequence } from '../../functions/adapters/dynamodb/day-counter.js';
import { DAY_SHARDS, ticketKeys } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { type TicketDeps, ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import { TICKETS_TABLE } from '../../schemas/tables.js';
import type { Ticket } from '../../schemas/ticket.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
let t: TestTables;
let table: string;

beforeAll(async () => {
  t = await createTestTables();
  table = t.env[TICKETS_TABLE.envVar] as string;
});

describe('the sharded day counter', () => {
  it('hands out each number once, concurrently, and its counters add up; one shard counts 1, 2, 3…', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 30,
        }),
        async (shards, picks) => {
          runs++;
          const key = { pk: `TICKETSEQ#PROP${runs}`, sk: 'SEQ' };
          const numbers = await Promise.all(
            picks.map((p) => nextShardedDaySequence(t.doc, table, key, shards, () => p)),
          );
          expect(new Set(numbers).size).toBe(picks.length);
          expect(numbers.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
          // Each number names its shard: n ≡ shard + 1 (mod shards).
          numbers.forEach((n, i) => {
            expect((n - 1) % shards).toBe(Math.floor((picks[i] as number) * shards));
          });
          const counters = await t.doc.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': key.pk },
            }),
          );
          let total = 0;
          for (let s = 1; s < shards; s++) {
            const out = await t.doc.send(
              new QueryCommand({
                TableName: table,
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ':pk': `${key.pk}#${s}` },
              }),
            );
            total += Number(out.Items?.[0]?.counter ?? 0);
          }
          total += Number(counters.Items?.[0]?.counter ?? 0);
          expect(total).toBe(picks.length);
          if (shards === 1) expect([...numbers].sort((a, b) => a - b)).toEqual(picks.map((_, i) => i + 1));
        },
      ),
      { numRuns: RUNS },
    );
    process.stdout.write(`property sharded day counter: ${runs} case(s) tried\n`);
  });
});

describe('the sharded day index', () => {
  let deps: TicketDeps;
  const created: Ticket[] = [];

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'hotline-day-shards-'));
    const built = ticketDepsFromEnv(
      {
        ...t.env,
        DYNAMODB_ENDPOINT: t.endpoint,
        HOTLINE_PROFILE: 'auto-dealer',
        HOTLINE_OUTBOX_HOME: home,
        TICKET_SEQUENCE_SHARDS: '4',
      },
      // Today's tickets: the day list walks back from the real today.
      { now: () => new Date(), requestTimeoutMs: 5000 },
    );
    if ('configError' in built) throw new Error(built.configError);
    deps = built;
    for (let i = 0; i < 12; i++)
      created.push(
        (
          await createTicket(deps, {
            category: i % 2 ? 'complaint' : 'suggestion',
            source: 'agent',
            createdBy: 'agent-a',
            confirmBySms: false,
          })
        ).ticket,
      );
  }, 120_000);

  it('spreads a day over its shards and lists the same tickets, newest first, for every limit', async () => {
    const day = (created[0] as Ticket).ticketId.slice(1, 9);
    const used = new Set<string>();
    for (const pk of ticketKeys.dayPks(day)) {
      const out = await t.doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'day',
          KeyConditionExpression: 'daypk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      if ((out.Items ?? []).length > 0) used.add(pk);
    }
    expect(used.size).toBeGreaterThan(1);
    expect([...used].every((pk) => new RegExp(`^DAY#${day}#\\d+$`).test(pk))).toBe(true);
    expect(DAY_SHARDS).toBeGreaterThan(1);

    // One ticket as an item written before sharding: in the unsharded partition.
    const legacy = created[5] as Ticket;
    await t.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: ticketKeys.ticket(legacy.ticketId),
        UpdateExpression: 'SET daypk = :pk',
        ExpressionAttributeValues: { ':pk': `DAY#${day}` },
      }),
    );
    // What one unsharded query answered: the day's tickets by id, newest (highest) first.
    const expected = created.map((x) => x.ticketId).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    for (const limit of [1, 3, 10, 12, 50]) {
      const listed = await deps.tickets.listRecent(limit);
      expect(listed.map((x) => x.ticketId)).toEqual(expected.slice(0, limit));
    }
  });
});
