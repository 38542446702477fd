/**
 * Pickup booking on DynamoDB Local (issue 12): the in-call handler (offer, book, idempotent per ContactId, SMS to
 * mobiles only, dispatch notice to the branch's topic), capacity under concurrency, cancel frees the slot, and the
 * overdue sweep escalates once; a dispatch notice SNS refuses is kept and the same schedule publishes it once SNS
 * takes it again.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoPersonalRecords } from '../../functions/adapters/dynamodb/personal-records.js';
import { notificationsPath, readOutbox } from '../../functions/adapters/local/outbox.js';
import { createEscalatePickupsHandler } from '../../functions/escalate-pickups/handler.js';
import { createPickupHandler } from '../../functions/pickup/handler.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import {
  bookPickup,
  changePickup,
  escalateOverduePickups,
  offerPickup,
} from '../../functions/use-cases/pickups/pickups.js';
import { PickupResponseSchema } from '../../schemas/pickups.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

const MONDAY_10 = '2026-11-23T10:00:00+08:00';
const MOBILE = '+8613900001111';
const LANDLINE = '+862150501234';

let tables: TestTables;
let deps: PickupRuntimeDeps;
let home: string;
const clock = { now: new Date(MONDAY_10) };

const event = (contactId: string, parameters: Record<string, string>, from = MOBILE) => {
  const e = connectEvent(from, contactId);
  e.Details.Parameters = parameters;
  return e;
};

const notices = async () =>
  (await readFile(notificationsPath(home), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { topic: string; subject: string; body: string });

beforeAll(async () => {
  tables = await createTestTables();
  home = mkdtempSync(join(tmpdir(), 'hotline-pickups-'));
  const built = pickupDepsFromEnv(
    {
      ...tables.env,
      DYNAMODB_ENDPOINT: tables.endpoint,
      HOTLINE_PROFILE: 'logistics',
      HOTLINE_OUTBOX_HOME: home,
    },
    { now: () => clock.now, requestTimeoutMs: 5000 },
  );
  if ('configError' in built) throw new Error(built.configError);
  deps = built;
  const save = (customerId: string, phone: string, extra: Record<string, string>) =>
    tables.crm.saveCustomer(
      {
        customerId,
        name: customerId,
        phones: [phone],
        tier: 'standard',
        vip: false,
        language: 'zh-CN',
        ...extra,
      },
      undefined,
      new Date(),
    );
  await save('C-MOBILE', MOBILE, { branch: 'ningbo', pickupAddress: '宁波市北仑区港城大道199号' });
  await save('C-LAND', LANDLINE, { branch: 'ningbo', pickupAddress: '宁波市海曙区中山西路1号' });
  await save('C-NOADDR', '+8613900002222', { branch: 'ningbo' });
  await save('C-FAR', '+8613900003333', { branch: 'paris', pickupAddress: '1 rue de Rivoli' });
}, 60_000);

const handler = () =>
  createPickupHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    pickups: deps,
  });

describe('the pickup Lambda', () => {
  it('offers the slots with capacity left, then books one: number, notice to the branch topic, SMS', async () => {
    const h = handler();
    const offer = PickupResponseSchema.parse(
      await h(event('c-1', { action: 'offer', customerId: 'C-MOBILE', language: 'zh-CN' }), lambdaContext()),
    );
    expect(offer).toMatchObject({
      pickupStatus: 'ok',
      slot1: 'ningbo#20261123#am',
      slot3: 'ningbo#20261124#am',
    });
    expect(offer.prompt).toContain('宁波市北仑区港城大道199号');
    const book = () =>
      h(
        event('c-1', { action: 'book', customerId: 'C-MOBILE', language: 'zh-CN', slot: offer.slot2 }),
        lambdaContext(),
      );
    const booked = PickupResponseSchema.parse(await book());
    expect(booked).toMatchObject({ pickupStatus: 'ok', pickupId: 'P20261123-0001' });
    expect(booked.prompt).toContain('P, 2 0 2 6 1 1 2 3, 0 0 0 1');
    expect(booked.prompt).toContain('确认短信已发送');
    // Connect retries the same contact: the same pickup, nothing sent twice.
    expect(PickupResponseSchema.parse(await book()).pickupId).toBe('P20261123-0001');
    const p = await deps.pickups.get('P20261123-0001');
    expect(p).toMatchObject({
      status: 'booked',
      branch: 'ningbo',
      slotId: 'ningbo#20261123#pm',
      phone: MOBILE,
      contactId: 'c-1',
    });
    expect((await deps.pickups.bookedCounts(['ningbo#20261123#pm'])).get('ningbo#20261123#pm')).toBe(1);
    const n = (await notices()).filter((x) => x.subject.includes('P20261123-0001'));
    expect(n.map((x) => x.topic)).toEqual(['dispatch:ningbo']);
    expect(JSON.parse(n[0]?.body ?? '{}')).toMatchObject({
      type: 'pickup.booked',
      address: '宁波市北仑区港城大道199号',
    });
    const sms = (await readOutbox(home)).filter((l) => l.body.includes('P20261123-0001'));
    expect(sms.map((l) => l.to)).toEqual([MOBILE]);
    expect(sms[0]?.body).toContain('11月23日下午1点到6点');
  });

  it('a landline caller is booked and told that no SMS will follow; none is sent', async () => {
    const h = handler();
    const r = PickupResponseSchema.parse(
      await h(
        event('c-land', { action: 'book', customerId: 'C-LAND', slot: 'ningbo#20261124#am' }, LANDLINE),
        lambdaContext(),
      ),
    );
    expect(r.pickupStatus).toBe('ok');
    expect(r.prompt).toContain('不是手机号码');
    expect((await readOutbox(home)).some((l) => l.to === LANDLINE)).toBe(false);
  });

  it('refers to an agent: unknown caller or no address, branch without pickups; a bad slot is refused', async () => {
    const h = handler();
    const ask = async (p: Record<string, string>) =>
      PickupResponseSchema.parse(await h(event('c-r', p), lambdaContext()));
    expect(await ask({ action: 'offer' })).toMatchObject({ pickupStatus: 'refer', slot1: 'none' });
    expect((await ask({ action: 'offer', customerId: 'C-NOADDR' })).prompt).toContain('没有查到您的取件地址');
    expect((await ask({ action: 'offer', customerId: 'C-FAR', language: 'en-US' })).prompt).toContain(
      'not available in your area',
    );
    expect(
      (await ask({ action: 'book', customerId: 'C-MOBILE', slot: 'hangzhou#20261124#am' })).pickupStatus,
    ).toBe('refer');
    expect(
      (await ask({ action: 'book', customerId: 'C-MOBILE', slot: 'ningbo#20261120#am' })).pickupStatus,
    ).toBe('refer');
  });

  it('a malformed event or a misconfigured function answers degraded', async () => {
    expect(await handler()({ nope: true }, lambdaContext())).toMatchObject({ pickupStatus: 'degraded' });
    const broken = createPickupHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      pickups: pickupDepsFromEnv({ HOTLINE_PROFILE: 'logistics' }),
    });
    expect(await broken(event('c-x', { action: 'offer' }), lambdaContext())).toMatchObject({
      pickupStatus: 'degraded',
    });
  });
});

describe('capacity, cancel and overdue', () => {
  it('a slot takes exactly its capacity under concurrent bookings; then it is not offered and booking says full', async () => {
    const slot = 'ningbo#20261125#am';
    const capacity = deps.settings.branches.find((b) => b.key === 'ningbo')?.capacityPerSlot ?? 0;
    const results = await Promise.all(
      Array.from({ length: capacity + 3 }, (_, i) =>
        bookPickup(deps, {
          customerId: 'C-MOBILE',
          slotId: slot,
          language: 'zh-CN',
          contactId: `cap-${i}`,
          source: 'ivr',
          by: 'ivr',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(capacity);
    expect(results.filter((r) => r.status === 'full')).toHaveLength(3);
    clock.now = new Date('2026-11-24T19:00:00+08:00');
    const offer = await offerPickup(deps, { customerId: 'C-MOBILE', language: 'zh-CN' });
    expect(offer.status === 'ok' && offer.slots.map((s) => s.slotId)).toEqual([
      'ningbo#20261125#pm',
      'ningbo#20261126#am',
      'ningbo#20261126#pm',
    ]);
    // Cancelling one frees its place: the slot is offered again.
    const first = results.find((r) => r.status === 'ok');
    if (first?.status !== 'ok') throw new Error('no booking');
    await changePickup(deps, {
      pickupId: first.pickup.pickupId,
      to: 'cancelled',
      by: 'test',
      note: 'customer called',
    });
    const again = await offerPickup(deps, { customerId: 'C-MOBILE', language: 'zh-CN' });
    expect(again.status === 'ok' && again.slots[0]?.slotId).toBe(slot);
    expect(
      (await notices()).some((x) => x.subject.startsWith(`Pickup cancelled ${first.pickup.pickupId}`)),
    ).toBe(true);
    clock.now = new Date(MONDAY_10);
  });

  it('a pickup not collected by the end of its slot escalates once, to the branch and the supervisors', async () => {
    const r = await bookPickup(deps, {
      customerId: 'C-LAND',
      slotId: 'ningbo#20261123#pm',
      language: 'zh-CN',
      contactId: 'late-1',
      source: 'agent',
      by: 'agent-wu',
    });
    if (r.status !== 'ok') throw new Error(r.status);
    const collected = await bookPickup(deps, {
      customerId: 'C-MOBILE',
      slotId: 'ningbo#20261123#pm',
      language: 'zh-CN',
      contactId: 'late-2',
      source: 'agent',
      by: 'agent-wu',
    });
    if (collected.status !== 'ok') throw new Error(collected.status);
    await changePickup(deps, { pickupId: collected.pickup.pickupId, by: 'c-1' });
    await changePickup(deps, { pickupId: collected.pickup.pickupId, by: 'c-1' });
    expect(await escalateOverduePickups(deps, new Date('2026-11-23T17:59:00+08:00'))).toEqual([]);
    const late = await escalateOverduePickups(deps, new Date('2026-11-23T18:05:00+08:00'));
    expect(late.map((p) => p.pickupId)).toContain(r.pickup.pickupId);
    expect(late.map((p) => p.pickupId)).not.toContain(collected.pickup.pickupId);
    expect(await escalateOverduePickups(deps, new Date('2026-11-23T18:10:00+08:00'))).toEqual([]);
    const stored = await deps.pickups.get(r.pickup.pickupId);
    expect(stored?.escalatedAt).toBe('2026-11-23T10:05:00.000Z');
    expect(stored?.history.at(-1)?.by).toBe('escalation');
    const sent = (await notices()).filter((x) => x.subject.startsWith(`Pickup overdue ${r.pickup.pickupId}`));
    expect(sent.map((x) => x.topic).sort()).toEqual(['dispatch:ningbo', 'supervisor']);
  });
});

describe('dispatch notices that SNS refuses', () => {
  it('are kept, and the overdue schedule publishes each once SNS takes it again (not before, not twice)', async () => {
    const TOPIC = 'arn:aws:sns:cn-north-1:111122223333:dispatch-ningbo';
    const sns = mockClient(SNSClient);
    try {
      const refuse = () =>
        sns
          .on(PublishCommand)
          .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      refuse();
      // As in AWS: SNS, the branch's topic and the supervisors' (no outbox).
      const aws = pickupDepsFromEnv(
        {
          ...tables.env,
          DYNAMODB_ENDPOINT: tables.endpoint,
          HOTLINE_PROFILE: 'logistics',
          DISPATCH_TOPIC_ARNS: JSON.stringify({ ningbo: TOPIC }),
          SUPERVISOR_TOPIC_ARN: 'arn:aws:sns:cn-north-1:111122223333:supervisor',
        },
        { now: () => clock.now, requestTimeoutMs: 5000 },
      );
      if ('configError' in aws) throw new Error(aws.configError);
      const booked = PickupResponseSchema.parse(
        await createPickupHandler({
          logger: new Logger({ logLevel: 'SILENT' }),
          metrics: new Metrics({ namespace: 'Test' }),
          pickups: aws,
        })(
          event('sns-down-1', { action: 'book', customerId: 'C-LAND', slot: 'ningbo#20261124#pm' }, LANDLINE),
          lambdaContext(),
        ),
      );
      // The booking stands: the notice is not what the caller waits for.
      expect(booked.pickupStatus).toBe('ok');
      const subject = `Pickup booked ${booked.pickupId} (ningbo)`;
      const published = () =>
        sns
          .commandCalls(PublishCommand)
          .map((c) => c.args[0].input)
          .filter((i) => i.Subject === subject);
      expect(published().length).toBeGreaterThan(0); // tried, refused

      const sweep = createEscalatePickupsHandler({
        logger: new Logger({ logLevel: 'SILENT' }),
        metrics: new Metrics({ namespace: 'Test' }),
        pickups: aws,
      });
      // The next run tries it again; still refused, it is kept for the run after.
      sns.resetHistory();
      await sweep({}, lambdaContext());
      expect(published()).toHaveLength(1);

      // SNS takes it again: published once, to the branch's topic, as it was.
      sns.reset();
      sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
      const run = await sweep({}, lambdaContext());
      expect(published()).toHaveLength(1);
      expect(run.resent).toEqual([`${booked.pickupId}#pickup.booked#dispatch:ningbo`]);
      expect(published()[0]?.TopicArn).toBe(TOPIC);
      expect(JSON.parse(String(published()[0]?.Message))).toMatchObject({
        type: 'pickup.booked',
        pickupId: booked.pickupId,
        branch: 'ningbo',
        address: '宁波市海曙区中山西路1号',
      });
      // And never again.
      await sweep({}, lambdaContext());
      expect(published()).toHaveLength(1);
      aws.close();
    } finally {
      sns.restore();
    }
  });
});

describe('a waiting dispatch notice and erasure', () => {
  it('crm forget deletes the notices kept for the customer, and only theirs', async () => {
    const kept = (key: string, customerId: string, phone?: string) =>
      deps.pickups.keepNotice({
        key,
        topic: 'dispatch:ningbo',
        subject: `Pickup booked ${key}`,
        body: '{}',
        customerId,
        phone,
        at: '2026-11-23T02:00:00.000Z',
        error: 'ThrottlingException: Rate exceeded',
      });
    await kept('P20261123-9001#pickup.booked#dispatch:ningbo', 'C-FORGET', '+8613900009999');
    await kept('P20261123-9002#pickup.booked#dispatch:ningbo', 'C-KEEP');
    const records = new DynamoPersonalRecords(tables.doc, {
      pickups: tables.env.PICKUPS_TABLE_NAME as string,
    });
    const erased = await records.erase(
      { customerId: 'C-FORGET', numbers: ['+8613900009999'] },
      [],
      new Date('2026-11-24T00:00:00Z'),
    );
    expect(erased.counts.pickupNoticesDeleted).toBe(1);
    expect((await deps.pickups.listPendingNotices(100)).map((n) => n.customerId)).toEqual(['C-KEEP']);
    await deps.pickups.dropNotice('P20261123-9002#pickup.booked#dispatch:ningbo');
  });
});
