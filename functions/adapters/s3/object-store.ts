import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { RecordingRef } from '../../../schemas/call-record.js';
import type { ObjectStore } from '../../ports/call-records.js';
import { boundedClientConfig, CALL_LIMITS } from '../aws/http.js';

/** An S3 client; with `endpoint` (the local S3 emulator) path-style and checksums only when required. */
export function createS3Client(opts: { endpoint?: string; region?: string } = {}): S3Client {
  return new S3Client({
    ...boundedClientConfig(CALL_LIMITS.bulk),
    region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(opts.endpoint
      ? {
          endpoint: opts.endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
}

export class S3ObjectStore implements ObjectStore {
  constructor(private readonly s3: S3Client) {}

  async put(ref: RecordingRef, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: ref.bucket, Key: ref.key, Body: body, ContentType: contentType }),
    );
  }

  async getText(ref: RecordingRef): Promise<string> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    if (!out.Body) throw new Error(`s3://${ref.bucket}/${ref.key} has no body`);
    return out.Body.transformToString('utf-8');
  }
}
