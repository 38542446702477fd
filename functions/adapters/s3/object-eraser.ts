import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RecordingRef } from '../../../schemas/call-record.js';
import type { ObjectEraser } from '../../ports/personal-data.js';

/** Deletes objects that exist (HeadObject first, so the count is what was really there). */
export class S3ObjectEraser implements ObjectEraser {
  constructor(private readonly s3: S3Client) {}

  async deleteObjects(refs: readonly RecordingRef[]): Promise<number> {
    let deleted = 0;
    const seen = new Set<string>();
    for (const ref of refs) {
      const id = `${ref.bucket}/${ref.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      try {
        await this.s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404 || (err instanceof Error && err.name === 'NotFound')) continue;
        throw err;
      }
      await this.s3.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      deleted++;
    }
    return deleted;
  }
}
