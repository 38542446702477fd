/**
 * `hotline export` path end to end on DynamoDB Local: call records, surveys and tickets stored by the existing
 * repositories → the export use case → Parquet → the named queries on DuckDB.
 */

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalyticsDb, writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { DynamoAnalyticsSource } from '../../functions/adapters/dynamodb/analytics-source.js';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { DynamoTicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { toCallRecord } from '../../functions/core/call-record.js';
import { exportAnalytics } from '../../functions/use-cases/analytics/export-analytics.js';
import { CONTACTS_TABLE, CRM_TABLE, TICKETS_TABLE } from '../../schemas/tables.js';
import { storedTicket } from '../support/analytics-data.js';
import { sampleCtr } from '../support/call-records.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

let tables: TestTables;
let out: string;

const ticket = storedTicket;

beforeAll(async () => {
  tables = await createTestTables();
  out = mkdtempSync(join(tmpdir(), 'hotline-export-'));
  const records = new DynamoCallRecordRepository(tables.doc, tables.env[CONTACTS_TABLE.envVar] as string);
  const now = new Date('2026-11-23T12:00:00Z');
  // 4 calls from one number on 2026-11-23: 3 answered (10 s in queue), 1 abandoned.
  for (let i = 0; i < 4; i++) {
    const abandoned = i === 3;
    const ctr = sampleCtr({
      ContactId: `contact-${i}`,
      InitiationTimestamp: `2026-11-23T0${i}:00:00Z`,
      LastUpdateTimestamp: `2026-11-23T0${i}:10:00Z`,
      DisconnectTimestamp: `2026-11-23T0${i}:05:00Z`,
      Queue: { Name: 'Sales', EnqueueTimestamp: `2026-11-23T0${i}:00:30Z`, Duration: abandoned ? 60 : 10 },
      Attributes: { vip: i === 0 ? 'true' : 'false' },
      ...(abandoned ? { Agent: null } : {}),
    });
    await records.saveRecord(toCallRecord(ctr, 'US'), ctr, now);
  }
  await records.saveSurvey({
    pk: 'CONTACT#contact-0',
    sk: 'SURVEY',
    entity: 'survey',
    contactId: 'contact-0',
    score: 5,
    agentId: 'agent-x',
    queue: 'Sales',
    at: '2026-11-23T00:06:00Z',
  });
  const tickets = new DynamoTicketRepository(
    tables.doc,
    tables.env[TICKETS_TABLE.envVar] as string,
    tables.env[CRM_TABLE.envVar] as string,
  );
  await tickets.create({ ticket: ticket(1, 'complaint', '2026-11-23T08:00:00Z') });
  await tickets.create({ ticket: ticket(2, 'suggestion') });
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('analytics export from the local tables', () => {
  it('writes the three datasets and the queries read them back', async () => {
    const source = new DynamoAnalyticsSource(
      tables.doc,
      tables.env[CONTACTS_TABLE.envVar] as string,
      tables.env[TICKETS_TABLE.envVar] as string,
    );
    const written = await exportAnalytics({
      source,
      write: (dataset, rows) => writeDataset(out, dataset, rows),
      now: () => new Date('2026-12-01T00:00:00Z'),
      categories: [{ key: 'complaint', returnVisit: true }],
    });
    expect(written.map((w) => [w.dataset, w.rows, w.partitions])).toEqual([
      ['contacts', 4, ['2026-11-23']],
      ['tickets', 2, ['2026-11-23']],
      ['surveys', 1, ['2026-11-23']],
      // Without the order centre's source, its datasets are written empty (order data: orders-analytics.test.ts).
      ['orders', 0, []],
      ['order_supply', 0, []],
      ['order_positions', 0, []],
    ]);
    expect(readdirSync(join(out, 'contacts', 'dt=2026-11-23'))).toEqual(['part-0.parquet']);

    const db = await openAnalyticsDb(out);
    try {
      expect(await db.query(namedQuery('abandonment_rate').sql)).toEqual([
        { dt: '2026-11-23', queued: 4, abandoned: 1, abandonment_rate: 0.25 },
      ]);
      expect(await db.query(namedQuery('vip_waiting_time').sql)).toEqual([
        { vip: true, queued: 1, avg_wait_seconds: 10, max_wait_seconds: 10 },
        { vip: false, queued: 3, avg_wait_seconds: (10 + 10 + 60) / 3, max_wait_seconds: 60 },
      ]);
      expect(await db.query(namedQuery('repeat_callers_7d').sql)).toEqual([
        { callers: 1, repeat_callers: 1, repeated_contacts: 3, repeat_rate: 1 },
      ]);
      expect(await db.query(namedQuery('complaints_by_category_and_department').sql)).toEqual([
        { category: 'complaint', department: 'customer-relations', complaints: 1, still_open: 0 },
      ]);
      expect(await db.query(namedQuery('csat_by_agent_and_queue').sql)).toEqual([
        { agent: 'agent-x', queue_name: 'Sales', responses: 1, avg_score: 5, csat: 1 },
      ]);
    } finally {
      db.close();
    }
  });
});
