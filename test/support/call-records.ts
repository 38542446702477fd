import { randomUUID } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { createS3Client, S3ObjectStore } from '../../functions/adapters/s3/object-store.js';
import type { ContactTraceRecord } from '../../schemas/contact-record.js';
import { fixture } from './events.js';

/** The published CTR sample (reference §6), with overrides. */
export function sampleCtr(overrides: Partial<ContactTraceRecord> = {}): ContactTraceRecord {
  return { ...fixture<ContactTraceRecord>('kinesis', 'contact-trace-record'), ...overrides };
}

interface KinesisRecordFixture {
  kinesis: { data: string; sequenceNumber: string };
  eventID: string;
}

/** A Kinesis event (the published sample's record shape) carrying these payloads, one per record. */
export function kinesisEvent(payloads: readonly (ContactTraceRecord | string)[]): {
  Records: KinesisRecordFixture[];
} {
  const sample = fixture<{ Records: KinesisRecordFixture[] }>('kinesis', 'kinesis-stream-event');
  const template = sample.Records[0];
  if (!template) throw new Error('empty Kinesis fixture');
  return {
    Records: payloads.map((p, i) => {
      const seq = `${template.kinesis.sequenceNumber.slice(0, -4)}${String(1000 + i)}`;
      const text = typeof p === 'string' ? p : JSON.stringify(p);
      return {
        ...template,
        eventID: `shardId-000000000006:${seq}`,
        kinesis: {
          ...template.kinesis,
          sequenceNumber: seq,
          data: Buffer.from(text, 'utf8').toString('base64'),
        },
      };
    }),
  };
}

/** A fresh bucket in the run's S3 emulator. */
export async function createTestBucket(): Promise<{
  endpoint: string;
  bucket: string;
  objects: S3ObjectStore;
}> {
  const endpoint = inject('s3Endpoint');
  const s3 = createS3Client({ endpoint });
  const bucket = `t-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return { endpoint, bucket, objects: new S3ObjectStore(s3) };
}
