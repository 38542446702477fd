import { readFileSync } from 'node:fs';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createAnalyticsContactsHandler } from '../../functions/analytics-contacts/handler.js';
import {
  contactDt,
  contactRowFromCtr,
  firehoseLine,
} from '../../functions/core/analytics/firehose-contacts.js';
import { createObservability } from '../../functions/shared/observability.js';
import { CONTACTS_DATASET, ContactRowSchema } from '../../schemas/analytics.js';
import { ContactTraceRecordSchema } from '../../schemas/contact-record.js';

const ctr = ContactTraceRecordSchema.parse(
  JSON.parse(readFileSync('test/fixtures/events/kinesis/contact-trace-record.json', 'utf8')),
);

describe('contact records for Firehose (F16, AWS)', () => {
  it('flattens the published sample CTR into a valid contacts row', () => {
    const row = ContactRowSchema.parse(contactRowFromCtr(ctr, 'US'));
    expect(row).toMatchObject({
      contact_id: '15a5cf14-3212-45a1-9f86-a8e97db8afaf',
      initiated_at: '2022-04-08T14:59:38.000Z',
      caller_number: '+17205550100',
      queue: 'BasicQueue',
      agent_id: 'e0b23dbd-6b9f-4bd5-a1a1-7f3cfa1a4a2c',
      queue_seconds: 7,
      talk_seconds: 33,
      acw_seconds: 32,
      handle_seconds: 65,
      queued: true,
      answered: true,
      abandoned: false,
      vip: false,
    });
    expect(contactDt(row)).toBe('2022-04-08');
  });

  it('encodes exactly the Glue columns, in order, timestamps as epoch milliseconds', () => {
    const row = contactRowFromCtr(ctr, 'US');
    const line = firehoseLine({ ...row, extra: 'dropped' });
    expect(line.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(CONTACTS_DATASET.columns.map((c) => c.name));
    expect(parsed.initiated_at).toBe(Date.parse('2022-04-08T14:59:38Z'));
    expect(parsed.customer_id).toBeNull();
  });

  it('answers Firehose: Ok with the row and its dt, ProcessingFailed for what is not a CTR', async () => {
    const { logger, metrics } = createObservability('test');
    const handler = createAnalyticsContactsHandler({ logger, metrics, phoneRegion: 'US' });
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    const event: FirehoseTransformationEvent = {
      invocationId: 'inv',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:111122223333:deliverystream/x',
      region: 'us-east-1',
      records: [
        { recordId: '1', approximateArrivalTimestamp: 0, data: b64(JSON.stringify(ctr)) },
        { recordId: '2', approximateArrivalTimestamp: 0, data: b64('not json') },
        { recordId: '3', approximateArrivalTimestamp: 0, data: b64('{"ContactId":"x"}') },
      ],
    };
    const { records } = await handler(event);
    expect(records.map((r) => [r.recordId, r.result])).toEqual([
      ['1', 'Ok'],
      ['2', 'ProcessingFailed'],
      ['3', 'ProcessingFailed'],
    ]);
    expect(records[0]?.metadata).toEqual({ partitionKeys: { dt: '2022-04-08' } });
    const out = JSON.parse(Buffer.from(records[0]?.data ?? '', 'base64').toString('utf8'));
    expect(out.contact_id).toBe(ctr.ContactId);
    expect(records[1]?.data).toBe(event.records[1]?.data);
  });
});
