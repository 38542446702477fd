/**
 * The supervisor console in AWS: where its routes read, from the environment CDK sets on the API function.
 * - Wallboard: Connect's real-time metrics (ConnectWallboardSource: at most 7 API calls per refresh), refreshed at
 *   most once per `refreshSeconds` per warm function, whatever the number of viewers.
 * - Listen-in: Connect's silent monitoring (MonitorContact) and a link to the supervisor's CCP.
 * - Agent performance: the `agent_performance` named query in the analytics workgroup (Athena, over the exported
 *   Parquet), for the period asked (ATHENA_WORKGROUP, ANALYTICS_DATABASE); without them the route answers 503.
 * - Recordings: a short-lived presigned S3 URL (SigV4, signed with the function's role: S3 decrypts the
 *   KMS-encrypted object with the role's kms:Decrypt on the recordings key), which the browser plays straight from
 *   S3. Recordings of any size play (API Gateway answers at most 6 MB, so the bytes never pass through the API).
 * Without CONNECT_INSTANCE_ARN there is no supervisor console (undefined).
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { ConnectClient } from '@aws-sdk/client-connect';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { z } from 'zod';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import type { RecordingRef } from '../../schemas/call-record.js';
import type { ProfileId } from '../../schemas/profile.js';
import {
  AthenaQueryError,
  AthenaQueryTimeoutError,
  runAthenaQuery,
} from '../adapters/athena/analytics-athena.js';
import { connectListenIn } from '../adapters/connect/listen-in.js';
import { ConnectWallboardSource } from '../adapters/connect/wallboard-source.js';
import { namedQuery } from '../core/analytics/queries.js';
import {
  type SupervisionApiDeps,
  type SupervisionOverrides,
  SupervisionUnavailableError,
} from './supervision-deps.js';

/**
 * How long a recording's presigned URL works: long enough to listen to a long call while reviewing it, short enough
 * that a copied link soon stops working. (A URL also stops when the function's session credentials expire; the
 * player then asks for a new link.)
 */
export const RECORDING_LINK_SECONDS = 3600;

const EnvSchema = z.object({
  CONNECT_INSTANCE_ARN: z.string().min(1),
  /** The profile's standard queues: JSON `[{"id": "<queue id>", "name": "<name>"}]`. */
  CONNECT_QUEUES: z.string().min(2),
  /** e.g. `https://my-hotline.my.connect.aws` (listen-in links to its CCP); default: from the instance's alias. */
  CONNECT_INSTANCE_URL: z.url().optional(),
  HOTLINE_TIME_ZONE: z.string().default('Asia/Shanghai'),
  STACK_PREFIX: z.string().default('hotline'),
  /** The analytics workgroup and Glue database (agent performance); unset: the route answers 503. */
  ATHENA_WORKGROUP: z.string().min(1).optional(),
  ANALYTICS_DATABASE: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
});
const QueuesSchema = z.array(z.object({ id: z.string().min(1), name: z.string() }));

/** A presigned GET of the recording, valid `seconds` (SigV4: S3 decrypts SSE-KMS objects for the signer). */
export function presignedRecordingLink(
  s3: S3Client,
  seconds = RECORDING_LINK_SECONDS,
  now: () => Date = () => new Date(),
): NonNullable<SupervisionApiDeps['recordingLink']> {
  return async (ref: RecordingRef) => {
    const signedAt = now();
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        // The player's request: audio the browser may play inline.
        ResponseContentDisposition: 'inline',
      }),
      { expiresIn: seconds, signingDate: signedAt },
    );
    return { url, expiresAt: new Date(signedAt.getTime() + seconds * 1000).toISOString() };
  };
}

/** The agent-performance query in Athena: the named query's SQL over the period's partitions. */
export function athenaPerformance(
  client: AthenaClient,
  workGroup: string,
  database: string,
): NonNullable<SupervisionApiDeps['performance']> {
  return async (period) => {
    try {
      return await runAthenaQuery(
        { client, workGroup, database },
        namedQuery('agent_performance').sql,
        period,
      );
    } catch (err) {
      // Athena's refusal or a query past its budget: a 503 that says why (never a stack trace).
      if (err instanceof AthenaQueryError || err instanceof AthenaQueryTimeoutError)
        throw new SupervisionUnavailableError(`agent performance: ${err.message}`);
      throw err;
    }
  };
}

export function awsSupervision(
  env: Readonly<Record<string, string | undefined>>,
  profileId: ProfileId,
): SupervisionOverrides | undefined {
  if (!env.CONNECT_INSTANCE_ARN) return undefined;
  const cfg = EnvSchema.parse(env);
  const queues = QueuesSchema.parse(JSON.parse(cfg.CONNECT_QUEUES));
  const settings = supervisionOf(profileId).wallboard;
  const connect = new ConnectClient({ maxAttempts: 3 });
  const s3 = new S3Client({});
  return {
    source: 'connect',
    pollSeconds: settings.refreshSeconds,
    timeZone: cfg.HOTLINE_TIME_ZONE,
    seed: cfg.STACK_PREFIX,
    wallboardSource: new ConnectWallboardSource({
      client: connect,
      instanceArn: cfg.CONNECT_INSTANCE_ARN,
      queues,
      serviceLevelSeconds: settings.serviceLevel.thresholdSeconds,
      timeZone: cfg.HOTLINE_TIME_ZONE,
    }),
    listenIn: connectListenIn({
      client: connect,
      instanceArn: cfg.CONNECT_INSTANCE_ARN,
      ...(cfg.CONNECT_INSTANCE_URL ? { instanceUrl: cfg.CONNECT_INSTANCE_URL } : {}),
    }),
    recordingLink: presignedRecordingLink(s3),
    ...(cfg.ATHENA_WORKGROUP && cfg.ANALYTICS_DATABASE
      ? {
          performance: athenaPerformance(
            new AthenaClient({ maxAttempts: 3 }),
            cfg.ATHENA_WORKGROUP,
            cfg.ANALYTICS_DATABASE,
          ),
        }
      : {}),
  };
}
