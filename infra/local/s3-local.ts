/**
 * The local S3: `s3rver` on 127.0.0.1 (a free port), data in a folder. Used by the local contact centre
 * (recordings and transcripts under $HOTLINE_HOME/s3) and by the tests (one per run, see global-setup.ts).
 */
import { mkdirSync } from 'node:fs';
// s3rver ships no types: the little we use is declared here.
// @ts-expect-error no declaration file
import S3rver from 's3rver';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

/** Buckets the local runtime uses: Connect's recordings (the CTR's `Recording.Location`) and transcripts. */
export const LOCAL_RECORDINGS_BUCKET = 'hotline-local-recordings';

export interface LocalS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startLocalS3(opts: {
  directory: string;
  buckets?: readonly string[];
}): Promise<LocalS3> {
  mkdirSync(opts.directory, { recursive: true });
  const server = new (S3rver as new (o: object) => S3rverInstance)({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: opts.directory,
    configureBuckets: (opts.buckets ?? [LOCAL_RECORDINGS_BUCKET]).map((name) => ({ name })),
  });
  const { port } = await server.run();
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      stopped ??= server.close();
      return stopped;
    },
  };
}
