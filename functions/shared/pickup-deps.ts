/**
 * Builds the pickup use cases' dependencies from the environment (CDK sets it in AWS; the local contact centre
 * and the CLI set it locally, with DynamoDB Local and the outbox under $HOTLINE_HOME instead of SNS).
 */
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { DynamoPickupRepository } from '../adapters/dynamodb/pickup-repository.js';
import { dispatchTopic, type PickupDeps, SUPERVISOR_TOPIC } from '../use-cases/pickups/pickups.js';
import { configError, inCallRuntime, slotRecordEnvShape } from './in-call-deps.js';

/** Environment of the pickup functions (in-call `pickup`, scheduled `escalate-pickups`). */
export const PickupEnvSchema = z.object({
  ...slotRecordEnvShape,
  PICKUPS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('logistics'),
  /** The most the in-call Lambda spends before answering `degraded` (notice and SMS get what is left). */
  PICKUP_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(3000),
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
  if (!parsed.success) return configError(parsed.error);
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const settings = pickupSettingsOf(profile.id);
  if (!settings) return { configError: `profile ${profile.id} books no pickups` };
  const rt = inCallRuntime(env, cfg, profile, cfg.PICKUP_BUDGET_MS, opts);
  const topics: Record<string, string> = {
    ...Object.fromEntries(Object.entries(cfg.DISPATCH_TOPIC_ARNS).map(([b, arn]) => [dispatchTopic(b), arn])),
    ...(cfg.SUPERVISOR_TOPIC_ARN ? { [SUPERVISOR_TOPIC]: cfg.SUPERVISOR_TOPIC_ARN } : {}),
  };
  return {
    pickups: new DynamoPickupRepository(rt.doc, cfg.PICKUPS_TABLE_NAME),
    crm: new DynamoCrmRepository(rt.doc, cfg.CRM_TABLE_NAME),
    settings,
    phoneRegion: rt.phoneRegion,
    sms: rt.sms,
    notifier: rt.notifier(topics),
    now: rt.now,
    env: cfg,
    close: rt.close,
  };
}
