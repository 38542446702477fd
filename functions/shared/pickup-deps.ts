/**
 * Builds the pickup use cases' dependencies from the environment (CDK sets it in AWS; the local contact centre
 * and the CLI set it locally, with DynamoDB Local and the outbox under $HOTLINE_HOME instead of SNS).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { boundedClientConfig, CALL_LIMITS } from '../adapters/aws/http.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { DynamoPickupRepository } from '../adapters/dynamodb/pickup-repository.js';
import { DynamoSmsStore } from '../adapters/dynamodb/sms-store.js';
import { OutboxNotifier, OutboxSmsGateway } from '../adapters/local/outbox.js';
import { SnsNotifier, SnsSmsGateway } from '../adapters/sns/sms-gateway.js';
import { dispatchTopic, type PickupDeps, SUPERVISOR_TOPIC } from '../use-cases/pickups/pickups.js';

/** Environment of the pickup functions (in-call `pickup`, scheduled `escalate-pickups`). */
export const PickupEnvSchema = z.object({
  CRM_TABLE_NAME: z.string().min(1),
  PICKUPS_TABLE_NAME: z.string().min(1),
  SMS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('logistics'),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** The most the in-call Lambda spends before answering `degraded` (notice and SMS get what is left). */
  PICKUP_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(3000),
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set only locally: SMS and notices go to the outbox under this directory instead of SNS. */
  HOTLINE_OUTBOX_HOME: z.string().min(1).optional(),
  /** Branch key → its dispatch topic ARN, as JSON (`{"shanghai":"arn:aws:sns:…"}`). Unset locally. */
  DISPATCH_TOPIC_ARNS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return {};
      const parsed = z.record(z.string(), z.string().startsWith('arn:')).safeParse(JSON.parse(s));
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'a JSON object of branch → topic ARN' });
        return z.NEVER;
      }
      return parsed.data;
    }),
  SUPERVISOR_TOPIC_ARN: z.string().startsWith('arn:').optional(),
});
export type PickupEnv = z.infer<typeof PickupEnvSchema>;

export interface PickupRuntimeDeps extends PickupDeps {
  readonly env: PickupEnv;
  close(): void;
}

export function pickupDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
  opts: { now?: () => Date; requestTimeoutMs?: number } = {},
): PickupRuntimeDeps | { readonly configError: string } {
  let parsed: ReturnType<typeof PickupEnvSchema.safeParse>;
  try {
    parsed = PickupEnvSchema.safeParse(env);
  } catch (err) {
    return { configError: `DISPATCH_TOPIC_ARNS: ${(err as Error).message}` };
  }
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const settings = pickupSettingsOf(profile.id);
  if (!settings) return { configError: `profile ${profile.id} books no pickups` };
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 300,
    requestTimeoutMs: opts.requestTimeoutMs ?? Math.max(200, Math.floor(cfg.PICKUP_BUDGET_MS / 3)),
    maxAttempts: 2,
  });
  const phoneRegion = cfg.PHONE_REGION ?? profile.phoneRegion;
  const now = opts.now ?? (() => new Date());
  const local = cfg.HOTLINE_OUTBOX_HOME;
  const sns = local
    ? undefined
    : new SNSClient(boundedClientConfig(CALL_LIMITS.inCall, { endpoint: env.AWS_ENDPOINT_URL_SNS }));
  const topics: Record<string, string> = {
    ...Object.fromEntries(Object.entries(cfg.DISPATCH_TOPIC_ARNS).map(([b, arn]) => [dispatchTopic(b), arn])),
    ...(cfg.SUPERVISOR_TOPIC_ARN ? { [SUPERVISOR_TOPIC]: cfg.SUPERVISOR_TOPIC_ARN } : {}),
  };
  return {
    pickups: new DynamoPickupRepository(doc, cfg.PICKUPS_TABLE_NAME),
    crm: new DynamoCrmRepository(doc, cfg.CRM_TABLE_NAME),
    settings,
    phoneRegion,
    sms: {
      gateway: local ? new OutboxSmsGateway(local, now) : new SnsSmsGateway(sns as SNSClient),
      store: new DynamoSmsStore(doc, cfg.SMS_TABLE_NAME),
      settings: ticketingOf(profile.id).sms,
      phoneRegion,
      now,
    },
    notifier: local ? new OutboxNotifier(local, now) : new SnsNotifier(sns as SNSClient, topics),
    now,
    env: cfg,
    close: () => {
      (doc.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.();
      sns?.destroy();
    },
  };
}
