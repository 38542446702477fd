/**
 * The AWS scheduled export (F16) end to end on DynamoDB Local: tickets, surveys and orders stored by the repositories →
 * the export Lambda's handler (same use case as `hotline export`, S3 Parquet writer; S3 mocked, its objects kept)
 * → the objects laid out as in the bucket → the shared named queries on DuckDB read them.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  campaignPreset,
  DEFAULT_PACING,
  DEFAULT_RETRY,
  defaultWindow,
} from '../../contact-flows/profiles/campaigns.js';
import { openAnalyticsDb } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { DynamoAnalyticsSource } from '../../functions/adapters/dynamodb/analytics-source.js';
import { withBookingsAndLeads } from '../../functions/adapters/dynamodb/booking-analytics-source.js';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { DynamoCampaignRepository } from '../../functions/adapters/dynamodb/campaign-repository.js';
import { DynamoLeadRepository } from '../../functions/adapters/dynamodb/lead-repository.js';
import { DynamoOrderAnalyticsSource } from '../../functions/adapters/dynamodb/order-analytics-source.js';
import { DynamoOrderRepository } from '../../functions/adapters/dynamodb/order-repository.js';
import { DynamoPickupRepository } from '../../functions/adapters/dynamodb/pickup-repository.js';
import { DynamoSupervisionRepository } from '../../functions/adapters/dynamodb/supervision-repository.js';
import { DynamoTicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { s3ParquetWriter } from '../../functions/adapters/s3/analytics-parquet.js';
import { createAnalyticsExportHandler } from '../../functions/analytics-export/handler.js';
import { SCHEDULED_DATASETS } from '../../functions/core/analytics/firehose-contacts.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { toCallRecord } from '../../functions/core/call-record.js';
import { DEFAULT_ORDERING } from '../../functions/core/orders/orders.js';
import { createObservability } from '../../functions/shared/observability.js';
import { recordOutcome } from '../../functions/use-cases/campaigns/dial.js';
import { createCampaign } from '../../functions/use-cases/campaigns/manage-campaigns.js';
import { placeOrder } from '../../functions/use-cases/orders/place-order.js';
import type { ListEntry } from '../../schemas/campaigns.js';
import {
  BOOKINGS_TABLE,
  CAMPAIGNS_TABLE,
  CONTACTS_TABLE,
  CRM_TABLE,
  LEADS_TABLE,
  ORDERS_TABLE,
  PICKUPS_TABLE,
  SUPERVISION_TABLE,
  TICKETS_TABLE,
} from '../../schemas/tables.js';
import { storedTicket } from '../support/analytics-data.js';
import { sampleCtr } from '../support/call-records.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

let tables: TestTables;
let bucketDir: string;
const s3 = mockClient(S3Client);

const ticket = storedTicket;

beforeAll(async () => {
  tables = await createTestTables();
  bucketDir = mkdtempSync(join(tmpdir(), 'hotline-aws-export-'));
  const records = new DynamoCallRecordRepository(tables.doc, table(CONTACTS_TABLE));
  const ctr = sampleCtr({ ContactId: 'contact-0', InitiationTimestamp: '2026-11-23T00:00:00Z' });
  await records.saveRecord(toCallRecord(ctr, 'US'), ctr, new Date('2026-11-23T12:00:00Z'));
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
  const tickets = new DynamoTicketRepository(tables.doc, table(TICKETS_TABLE), table(CRM_TABLE));
  await tickets.create({ ticket: ticket(1, 'complaint', '2026-11-23T08:00:00Z') });
  await tickets.create({ ticket: ticket(2, 'suggestion') });
  // One order of the order centre: the catalogue, the period's supply, and the order (issue 11).
  const orders = new DynamoOrderRepository(tables.doc, table(ORDERS_TABLE));
  const at = new Date('2026-11-23T02:00:00Z');
  await orders.saveProduct(
    { code: '1001', brand: '中华', specification: '（硬）', unit: '条', priceCents: 45_000, active: true },
    at,
  );
  await orders.saveSupply({ period: '2026-W48', code: '1001', supplied: 10 }, at);
  const placed = await placeOrder(
    { orders, settings: DEFAULT_ORDERING, now: () => at },
    {
      retailer: { customerId: 'R1', tier: 'standard', branch: 'north', language: 'zh-CN' },
      lines: [{ code: '1001', quantity: 4 }],
      source: 'ivr',
      createdBy: 'ivr',
      contactId: 'contact-0',
    },
  );
  if (!placed.ok) throw new Error('order refused');
  // The bucket, on disk: each PutObject lands at its key.
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: Uint8Array }) => {
    const file = join(bucketDir, input.Key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, input.Body);
    return {};
  });
});

afterAll(() => {
  s3.restore();
  if (bucketDir) rmSync(bucketDir, { recursive: true, force: true });
});

/** A table's name in this run (the env var the Lambdas read). */
const table = (t: { readonly envVar: string }) => tables.env[t.envVar] as string;

/** The export Lambda's handler over `source`, writing Parquet to the mocked bucket, on `now`. */
function exportHandler(
  source: Parameters<typeof createAnalyticsExportHandler>[0]['export']['source'],
  now: string,
  more: { categories?: { key: string; returnVisit: boolean }[] } = {},
) {
  const { logger, metrics } = createObservability('test');
  return createAnalyticsExportHandler({
    logger,
    metrics,
    export: {
      source,
      write: s3ParquetWriter({
        s3: new S3Client({ region: 'us-east-1' }),
        bucket: 'b',
        datasets: SCHEDULED_DATASETS,
      }),
      now: () => new Date(now),
      ...more,
    },
  });
}

/** The keys of the objects the export put. */
const putKeys = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);

/** `fn` on DuckDB over the bucket, closed afterwards. */
async function withBucketDb(fn: (db: Awaited<ReturnType<typeof openAnalyticsDb>>) => Promise<void>) {
  const db = await openAnalyticsDb(bucketDir);
  try {
    await fn(db);
  } finally {
    db.close();
  }
}

describe('scheduled analytics export in AWS', () => {
  it('writes tickets, surveys and orders as Parquet partitions (not contacts: Firehose) that the named queries read', async () => {
    const handler = exportHandler(
      new DynamoAnalyticsSource(
        tables.doc,
        table(CONTACTS_TABLE),
        table(TICKETS_TABLE),
        undefined, // no Supervision table
        undefined, // no Campaigns table
        new DynamoOrderAnalyticsSource(tables.doc, table(ORDERS_TABLE), table(CRM_TABLE)),
      ),
      '2026-12-01T00:00:00Z',
      { categories: [{ key: 'complaint', returnVisit: true }] },
    );
    const { written } = await handler();
    expect(written.map((w) => [w.dataset, w.rows, w.partitions])).toEqual([
      ['tickets', 2, ['2026-11-23']],
      ['surveys', 1, ['2026-11-23']],
      ['orders', 1, ['2026-11-23']],
      ['order_supply', 1, ['2026-11-26']],
      ['order_positions', 1, ['2026-11-26']],
    ]);
    expect(putKeys()).toEqual([
      'tickets/dt=2026-11-23/part-0.parquet',
      'surveys/dt=2026-11-23/part-0.parquet',
      'orders/dt=2026-11-23/part-0.parquet',
      'order_supply/dt=2026-11-26/part-0.parquet',
      'order_positions/dt=2026-11-26/part-0.parquet',
    ]);

    await withBucketDb(async (db) => {
      expect(await db.query(namedQuery('complaints_by_category_and_department').sql)).toEqual([
        { category: 'complaint', department: 'customer-relations', complaints: 1, still_open: 0 },
      ]);
      expect(await db.query(namedQuery('csat_by_agent_and_queue').sql)).toEqual([
        { agent: 'agent-x', queue_name: 'Sales', responses: 1, avg_score: 5, csat: 1 },
      ]);
      expect(await db.query(namedQuery('orders_by_period_branch_product').sql)).toEqual([
        {
          period: '2026-W48',
          branch_name: 'north',
          product_code: '1001',
          product_name: '中华（硬）',
          order_count: 1,
          quantity: 4,
          amount_cents: 180_000,
        },
      ]);
      const fill = await db.query(namedQuery('supply_fill_rate').sql);
      expect(fill.map((r) => [r.product_code, r.supplied, r.sold, r.fill_rate])).toEqual([
        ['1001', 10, 4, 0.4],
      ]);
    });
  });

  it('exports the QA evaluations too when given the Supervision table, and agent performance reads them', async () => {
    await new DynamoSupervisionRepository(tables.doc, table(SUPERVISION_TABLE)).create({
      contactId: 'contact-0',
      agentId: 'agent-x',
      scorecardKey: 'card',
      evaluator: 'supervisor',
      answers: { greeting: 'yes' },
      sectionScores: { opening: 100 },
      scorePercent: 90,
      autoFailed: false,
      autoFailQuestions: [],
      passed: true,
      reasons: ['sample'],
      flags: [],
      comments: [],
      evaluatedAt: '2026-11-24T01:00:00Z',
    });
    s3.resetHistory();
    const handler = exportHandler(
      new DynamoAnalyticsSource(
        tables.doc,
        table(CONTACTS_TABLE),
        table(TICKETS_TABLE),
        table(SUPERVISION_TABLE),
      ),
      '2026-12-01T00:00:00Z',
    );
    const { written } = await handler();
    expect(written.map((w) => [w.dataset, w.rows])).toEqual([
      ['tickets', 2],
      ['surveys', 1],
      ['evaluations', 1],
      // No order centre data here (orders-analytics.test.ts has it).
      ['orders', 0],
      ['order_supply', 0],
      ['order_positions', 0],
    ]);
    expect(putKeys()).toContain('evaluations/dt=2026-11-24/part-0.parquet');
    await withBucketDb(async (db) => {
      const [row] = await db.query(
        `SELECT agent_id, COUNT(*) AS n, AVG(score_percent) AS avg FROM evaluations GROUP BY agent_id`,
      );
      expect(row).toEqual({ agent_id: 'agent-x', n: 1, avg: 90 });
    });
  });

  it('exports repair bookings, leads and pickups (issue 12) from their tables, and the pickup on-time query reads them', async () => {
    const at = '2026-11-24T00:00:00.000Z';
    const pickups = new DynamoPickupRepository(tables.doc, table(PICKUPS_TABLE));
    await pickups.book({
      capacity: 20,
      pickup: {
        pickupId: 'P20261124-0001',
        status: 'collected',
        branch: 'shanghai',
        slotId: 'shanghai#20261124#am',
        slotStart: '2026-11-24T01:00:00.000Z',
        slotEnd: '2026-11-24T04:00:00.000Z',
        customerId: 'LG-1005',
        address: '上海市静安区南京西路1266号',
        language: 'zh-CN',
        source: 'ivr',
        courier: 'c-17',
        createdAt: at,
        updatedAt: '2026-11-24T03:00:00.000Z',
        history: [
          { at, to: 'booked', by: 'ivr' },
          { at: '2026-11-24T01:10:00.000Z', from: 'booked', to: 'dispatched', by: 'dispatcher' },
          { at: '2026-11-24T03:00:00.000Z', from: 'dispatched', to: 'collected', by: 'c-17' },
        ],
      },
    });
    await new DynamoLeadRepository(tables.doc, table(LEADS_TABLE)).create({
      leadId: 'L20261124-0001',
      status: 'new',
      source: 'ivr',
      client: 'xinghe',
      interest: 'mobile',
      consent: true,
      language: 'zh-CN',
      createdAt: at,
      updatedAt: at,
      history: [{ at, to: 'new', by: 'ivr' }],
    });
    s3.resetHistory();
    const handler = exportHandler(
      withBookingsAndLeads(
        new DynamoAnalyticsSource(tables.doc, table(CONTACTS_TABLE), table(TICKETS_TABLE)),
        tables.doc,
        {
          bookings: table(BOOKINGS_TABLE),
          leads: table(LEADS_TABLE),
          pickups: table(PICKUPS_TABLE),
        },
      ),
      '2026-12-01T00:00:00Z',
    );
    const { written } = await handler();
    expect(written.map((w) => [w.dataset, w.rows])).toEqual([
      ['tickets', 2],
      ['surveys', 1],
      ['bookings', 0],
      ['leads', 1],
      ['pickups', 1],
      ['orders', 0],
      ['order_supply', 0],
      ['order_positions', 0],
    ]);
    const keys = putKeys();
    expect(keys).toContain('leads/dt=2026-11-24/part-0.parquet');
    expect(keys).toContain('pickups/dt=2026-11-24/part-0.parquet');
    await withBucketDb(async (db) => {
      expect(await db.query(namedQuery('pickup_on_time_by_branch').sql)).toEqual([
        {
          branch: 'shanghai',
          booked: 1,
          due: 1,
          collected: 1,
          on_time: 1,
          late: 0,
          failed: 0,
          overdue_open: 0,
          escalated: 0,
          on_time_rate: 1,
        },
      ]);
      expect(await db.query(namedQuery('lead_conversion_by_source').sql)).toMatchObject([
        { source: 'ivr', leads: 1, consented: 1 },
      ]);
    });
  });

  it('exports the campaign attempts when given the Campaigns table, and the campaign queries read them', async () => {
    const campaigns = new DynamoCampaignRepository(tables.doc, table(CAMPAIGNS_TABLE));
    const at = new Date('2026-12-01T02:00:00Z');
    const preset = campaignPreset('auto-dealer', 'return-visit');
    const { campaign, entries } = await createCampaign(
      { campaigns, phoneRegion: 'CN', defaultLanguage: 'zh-CN', now: () => at },
      {
        name: 'rv-export',
        profile: 'auto-dealer',
        purpose: 'return-visit',
        mode: preset.mode,
        source: { kind: 'csv', file: 'list.csv' },
        queue: preset.queue as string,
        window: defaultWindow('auto-dealer'),
        retry: DEFAULT_RETRY,
        maxAttempts: 3,
        pacing: DEFAULT_PACING.agent,
        dispositions: [...preset.dispositions],
        script: preset.script,
        createdBy: 'test',
      },
      {
        description: 'two numbers',
        load: async () => ({
          candidates: [
            { phone: '13800138000', ref: { kind: 'none' } },
            { phone: '13910002001', ref: { kind: 'none' } },
          ],
          skipped: [],
        }),
      },
    );
    const dial = {
      campaigns,
      dnc: { blocked: async () => false, smsOptedOut: async () => false },
      feed: {},
    };
    const [first, second] = entries as [ListEntry, ListEntry];
    await recordOutcome(dial, campaign, first, at, { result: 'answered', disposition: 'satisfied' });
    await recordOutcome(dial, campaign, second, at, { result: 'no-answer' });
    s3.resetHistory();
    const handler = exportHandler(
      new DynamoAnalyticsSource(
        tables.doc,
        table(CONTACTS_TABLE),
        table(TICKETS_TABLE),
        undefined,
        table(CAMPAIGNS_TABLE),
      ),
      '2026-12-02T00:00:00Z',
    );
    const { written } = await handler();
    expect(written.find((w) => w.dataset === 'campaign_attempts')).toMatchObject({
      rows: 2,
      partitions: ['2026-12-01'],
    });
    expect(putKeys()).toContain('campaign_attempts/dt=2026-12-01/part-0.parquet');
    await withBucketDb(async (db) => {
      const [row] = await db.query(namedQuery('campaign_results').sql);
      expect(row).toMatchObject({ campaign: 'rv-export', attempts: 2, dials: 2, answered: 1, contacts: 2 });
    });
  });
});
