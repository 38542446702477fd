import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type LocalDynamo, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { type LocalS3, startLocalS3 } from '../../infra/local/s3-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** The run's S3 emulator (s3rver on 127.0.0.1); tests create their own buckets. */
    s3Endpoint: string;
  }
}

let dynamo: LocalDynamo | undefined;
let s3: LocalS3 | undefined;
let s3Dir: string | undefined;

/** One in-memory DynamoDB Local on a free port for the whole run; stopped when the run ends. */
export async function setup(project: TestProject): Promise<void> {
  dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  s3Dir = mkdtempSync(join(tmpdir(), 'hotline-s3-'));
  s3 = await startLocalS3({ directory: s3Dir, buckets: [] });
  project.provide('s3Endpoint', s3.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
  await s3?.stop();
  if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
}
