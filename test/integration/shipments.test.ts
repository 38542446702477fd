/**
 * Shipment tracking on DynamoDB Local (issue 12 item 2): newest status wins over replays and out-of-order events
 * (also under concurrency), the import reports bad rows by line and is idempotent, the SQS consumer names exactly
 * the messages to retry, and the in-call handler answers ok / unknown / invalid / degraded.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import { TRACK_TEXT } from '../../functions/core/shipments.js';
import { mapLimit } from '../../functions/shared/concurrency.js';
import { type ShipmentRuntimeDeps, shipmentDepsFromEnv } from '../../functions/shared/shipment-deps.js';
import { createShipmentEventsHandler } from '../../functions/shipment-events/handler.js';
import { createTrackShipmentHandler } from '../../functions/track-shipment/handler.js';
import { importShipmentEvents, recordShipmentEvent } from '../../functions/use-cases/shipments/shipments.js';
import { REQUIRED_SHIPMENT_ROW_FIELDS, TrackResponseSchema } from '../../schemas/shipments.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

let tables: TestTables;
let deps: ShipmentRuntimeDeps;
const silent = () => ({
  logger: new Logger({ logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test' }),
});

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  tables = await createTestTables();
  const built = shipmentDepsFromEnv(
    { ...tables.env, DYNAMODB_ENDPOINT: tables.endpoint, HOTLINE_PROFILE: 'logistics' },
    { requestTimeoutMs: 5000 },
  );
  if ('configError' in built) throw new Error(built.configError);
  deps = built;
});

const ev = (waybill: string, status: string, at: string, place = '上海转运中心') => ({
  waybill,
  status,
  at,
  place,
});

describe('newest status wins', () => {
  it('out of order and replayed: the newest stays, every event is in the history once', async () => {
    const w = '100000000001';
    expect(await recordShipmentEvent(deps, ev(w, 'out-for-delivery', '2026-11-30T09:00:00+08:00'))).toBe(
      'created',
    );
    expect(await recordShipmentEvent(deps, ev(w, 'in-transit', '2026-11-29T20:00:00+08:00'))).toBe('older');
    expect(await recordShipmentEvent(deps, ev(w, 'in-transit', '2026-11-29T20:00:00+08:00'))).toBe(
      'unchanged',
    );
    // The same instant written with another offset is the same event.
    expect(await recordShipmentEvent(deps, ev(w, 'in-transit', '2026-11-29T12:00:00Z'))).toBe('unchanged');
    expect(await recordShipmentEvent(deps, ev(w, 'delivered', '2026-11-30T11:00:00+08:00', '杭州'))).toBe(
      'updated',
    );
    const s = await deps.shipments.get(w);
    expect(s).toMatchObject({
      status: 'delivered',
      place: '杭州',
      events: 3,
      at: '2026-11-30T03:00:00.000Z',
    });
    expect((await deps.shipments.history(w)).map((e) => e.status)).toEqual([
      'in-transit',
      'out-for-delivery',
      'delivered',
    ]);
  });

  it('the same second: the later status in the lifecycle wins, whichever arrives first', async () => {
    const w = '100000000002';
    await recordShipmentEvent(deps, ev(w, 'delivered', '2026-11-30T11:00:00+08:00'));
    expect(await recordShipmentEvent(deps, ev(w, 'out-for-delivery', '2026-11-30T11:00:00+08:00'))).toBe(
      'older',
    );
    expect((await deps.shipments.get(w))?.status).toBe('delivered');
  });

  it('a newer event without placeEn or note drops the older ones', async () => {
    const w = '100000000003';
    await recordShipmentEvent(deps, {
      ...ev(w, 'exception', '2026-11-30T10:00:00+08:00'),
      placeEn: 'Shanghai hub',
      note: '地址不详',
    });
    await recordShipmentEvent(deps, ev(w, 'delivered', '2026-11-30T12:00:00+08:00', '上海'));
    const s = await deps.shipments.get(w);
    expect(s?.placeEn).toBeUndefined();
    expect(s?.note).toBeUndefined();
  });

  it('under concurrency, 40 events in random order leave the newest and count each once', async () => {
    const w = '100000000004';
    const events = Array.from({ length: 20 }, (_, i) =>
      ev(w, 'in-transit', new Date(Date.UTC(2026, 10, 29, i)).toISOString(), `hub ${i}`),
    );
    const shuffled = [...events, ...events].sort(() => Math.random() - 0.5);
    await mapLimit(shuffled, 10, (e) => recordShipmentEvent(deps, e));
    const s = await deps.shipments.get(w);
    expect(s).toMatchObject({ place: 'hub 19', events: 20 });
  });
  it('the same first event delivered several times at once counts once, for every waybill', async () => {
    // SQS delivers at least once and a batch runs in parallel: copies of a waybill's first event race to create it.
    const waybills = Array.from({ length: 30 }, (_, i) => `5000000000${String(i).padStart(2, '0')}`);
    const copies = waybills.flatMap((w) =>
      Array.from({ length: 4 }, () => ev(w, 'collected', '2026-11-30T08:00:00+08:00')),
    );
    const outcomes = await mapLimit(copies, 16, (e) => recordShipmentEvent(deps, e));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(waybills.length);
    expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(copies.length - waybills.length);
    for (const w of waybills) expect((await deps.shipments.get(w))?.events).toBe(1);
  });
});

describe('hotline shipments import', () => {
  it('every row validated; bad rows reported by line; a second import changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-shipments-'));
    const path = join(dir, 'events.csv');
    writeFileSync(
      path,
      [
        'waybill,status,at,place,placeEn',
        '2000 0000 0001,已揽收,2026-11-29T16:00:00+08:00,上海浦东营业部,Pudong depot',
        '200000000001,in_transit,2026-11-29T22:00:00+08:00,上海转运中心,',
        '123,delivered,2026-11-30T10:00:00+08:00,南京,',
        '200000000001,lost,2026-11-30T10:00:00+08:00,南京,',
        '200000000001,delivered,2026-11-30 10:00,南京,',
        '200000000001,delivered,2026-11-30T10:00:00+08:00,,',
        '',
      ].join('\n'),
    );
    const run = async () =>
      importShipmentEvents(
        deps,
        (await openCustomerFile(path, { requiredColumns: REQUIRED_SHIPMENT_ROW_FIELDS })).rows(),
      );
    const first = await run();
    expect(first.created + first.updated + first.older).toBe(2);
    expect(first.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7]);
    expect(first.rejected[0]?.reason).toContain('waybill');
    expect(first.rejected[1]?.reason).toContain('status');
    expect(first.rejected[2]?.reason).toContain('at');
    expect(first.rejected[3]?.reason).toContain('place');
    const second = await run();
    expect(second).toMatchObject({ created: 0, updated: 0, older: 0, unchanged: 2 });
    expect((await deps.shipments.get('200000000001'))?.status).toBe('in-transit');
  });
});

describe('the SQS consumer', () => {
  it('records good messages and names exactly the bad ones', async () => {
    const handler = createShipmentEventsHandler({ ...silent(), shipments: deps });
    const out = await handler(
      {
        Records: [
          {
            messageId: 'a',
            body: JSON.stringify(ev('300000000001', 'collected', '2026-11-30T08:00:00+08:00')),
          },
          { messageId: 'b', body: 'not json' },
          { messageId: 'c', body: JSON.stringify({ waybill: '300000000001', status: 'teleported' }) },
          {
            messageId: 'd',
            body: JSON.stringify(ev('300000000001', 'collected', '2026-11-30T08:00:00+08:00')),
          },
        ],
      },
      lambdaContext(),
    );
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['b', 'c']);
    expect(await deps.shipments.get('300000000001')).toMatchObject({ status: 'collected', events: 1 });
  });

  it('misconfigured: every message comes back (nothing is lost)', async () => {
    const handler = createShipmentEventsHandler({ ...silent(), shipments: { configError: 'no table' } });
    const out = await handler({ Records: [{ messageId: 'x', body: '{}' }] }, lambdaContext());
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
  });
});

describe('the in-call trackShipment handler', () => {
  const track = (waybill: string, language = 'zh-CN') => {
    const e = connectEvent('+8613900001111', `contact-${waybill}-${language}`);
    e.Details.Parameters = { waybill, language };
    return e;
  };

  it('ok in the caller language, unknown, invalid', async () => {
    await recordShipmentEvent(deps, {
      ...ev('400000000001', 'arrived', '2026-11-30T06:40:00+08:00', '杭州转运中心'),
      placeEn: 'Hangzhou hub',
    });
    const handler = createTrackShipmentHandler({ ...silent(), shipments: deps });
    const zh = TrackResponseSchema.parse(await handler(track('400000000001#'), lambdaContext()));
    expect(zh).toMatchObject({ trackStatus: 'ok', shipmentStatus: 'arrived', waybill: '400000000001' });
    expect(zh.prompt).toBe(
      TRACK_TEXT['zh-CN'].latest('400000000001', '已到达', '杭州转运中心', '11月30日06点40分'),
    );
    const en = TrackResponseSchema.parse(await handler(track('400000000001', 'en-US'), lambdaContext()));
    expect(en.prompt).toContain('Hangzhou hub');
    expect(en.prompt).toContain('November 30 at 6:40 AM');
    const unknown = TrackResponseSchema.parse(await handler(track('499999999999'), lambdaContext()));
    expect(unknown).toMatchObject({
      trackStatus: 'unknown',
      prompt: TRACK_TEXT['zh-CN'].unknown('499999999999'),
    });
    for (const typed of ['123', 'Timeout', '1'.repeat(21), ''])
      expect(TrackResponseSchema.parse(await handler(track(typed), lambdaContext())).trackStatus).toBe(
        'invalid',
      );
  });

  it('a failing table answers degraded within its budget', async () => {
    const broken = shipmentDepsFromEnv({
      SHIPMENTS_TABLE_NAME: 'no-such-table',
      DYNAMODB_ENDPOINT: tables.endpoint,
      HOTLINE_PROFILE: 'logistics',
    });
    if ('configError' in broken) throw new Error(broken.configError);
    const handler = createTrackShipmentHandler({ ...silent(), shipments: broken, budgetMs: 800 });
    expect(TrackResponseSchema.parse(await handler(track('400000000001'), lambdaContext())).trackStatus).toBe(
      'degraded',
    );
  });

  it('a profile that tracks no shipments answers degraded', async () => {
    const none = shipmentDepsFromEnv({ ...tables.env, HOTLINE_PROFILE: 'auto-dealer' });
    expect(none).toHaveProperty('configError');
    const handler = createTrackShipmentHandler({ ...silent(), shipments: none });
    expect((await handler(track('400000000001'), lambdaContext())).trackStatus).toBe('degraded');
  });
});
