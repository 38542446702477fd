import { spawnSync } from 'node:child_process';
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
  // The end-to-end tests run bin/hotline.js as users do: build it from the sources under test first
  // (bin/hotline.js would otherwise run them through tsx, correct but slower).
  const built = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '..', '..', 'bin', 'build.mjs'), '--quiet'],
    { encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`bin/build.mjs failed: ${built.stderr}`);
  // A busy machine (2 cores shared by several test runs) can take more than 30 s to start a JVM.
  dynamo = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
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
