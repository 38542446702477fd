/**
 * The supervisor console in AWS: where its routes read, from the environment CDK sets on the API function.
 * - Wallboard: Connect's real-time metrics (ConnectWallboardSource: at most 7 API calls per refresh), refreshed at
 *   most once per `refreshSeconds` per warm function, whatever the number of viewers.
 * - Listen-in: Connect's silent monitoring (MonitorContact) and a link to the supervisor's CCP.
 * - Recordings: read from the recordings bucket and streamed through the API (API Gateway answers at most 6 MB:
 *   about 6 minutes of Connect's 8 kHz stereo WAV; a longer recording is refused with a clear message).
 * Without CONNECT_INSTANCE_ARN there is no supervisor console (undefined).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import type { ProfileId } from '../../schemas/profile.js';
import { connectListenIn } from '../adapters/connect/listen-in.js';
import { ConnectWallboardSource } from '../adapters/connect/wallboard-source.js';
import { type SupervisionOverrides, SupervisionUnavailableError } from './supervision-deps.js';

/** What API Gateway can carry in one answer, less the base64 encoding's growth. */
export const MAX_RECORDING_BYTES = 4_500_000;

const EnvSchema = z.object({
  CONNECT_INSTANCE_ARN: z.string().min(1),
  /** The profile's standard queues: JSON `[{"id": "<queue id>", "name": "<name>"}]`. */
  CONNECT_QUEUES: z.string().min(2),
  /** e.g. `https://my-hotline.my.connect.aws` (listen-in links to its CCP); default: from the instance's alias. */
  CONNECT_INSTANCE_URL: z.url().optional(),
  HOTLINE_TIME_ZONE: z.string().default('Asia/Shanghai'),
  STACK_PREFIX: z.string().default('hotline'),
});
const QueuesSchema = z.array(z.object({ id: z.string().min(1), name: z.string() }));

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
    recording: async (ref) => {
      const head = await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      if ((head.ContentLength ?? 0) > MAX_RECORDING_BYTES)
        throw new SupervisionUnavailableError(
          `the recording is ${Math.round((head.ContentLength ?? 0) / 1e6)} MB, more than the API can carry: play it in Amazon Connect's contact search`,
        );
      const out = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      if (!out.Body) throw new Error(`s3://${ref.bucket}/${ref.key} has no body`);
      return { body: await out.Body.transformToByteArray(), contentType: out.ContentType ?? 'audio/wav' };
    },
  };
}
