/** Builds the lead use cases' dependencies from the environment (CDK in AWS; the local contact centre and CLI). */
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { leadSettingsOf } from '../../contact-flows/profiles/leads.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../adapters/dynamodb/crm-repository.js';
import { DynamoLeadRepository } from '../adapters/dynamodb/lead-repository.js';
import type { LeadDeps } from '../use-cases/leads/leads.js';

/** Environment of the in-call `capture-lead` function (and the CLI). */
export const LeadEnvSchema = z.object({
  CRM_TABLE_NAME: z.string().min(1),
  LEADS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('outsourced-crm'),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** The most the in-call Lambda spends before answering `degraded`. */
  LEAD_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(2000),
  DYNAMODB_ENDPOINT: z.url().optional(),
});
export type LeadEnv = z.infer<typeof LeadEnvSchema>;

export interface LeadRuntimeDeps extends LeadDeps {
  readonly env: LeadEnv;
  close(): void;
}

export function leadDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
  opts: { now?: () => Date; requestTimeoutMs?: number } = {},
): LeadRuntimeDeps | { readonly configError: string } {
  const parsed = LeadEnvSchema.safeParse(env);
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const settings = leadSettingsOf(profile.id);
  if (!settings) return { configError: `profile ${profile.id} captures no leads` };
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 300,
    requestTimeoutMs: opts.requestTimeoutMs ?? Math.max(200, Math.floor(cfg.LEAD_BUDGET_MS / 3)),
    maxAttempts: 2,
  });
  return {
    leads: new DynamoLeadRepository(doc, cfg.LEADS_TABLE_NAME),
    crm: new DynamoCrmRepository(doc, cfg.CRM_TABLE_NAME),
    settings,
    phoneRegion: cfg.PHONE_REGION ?? profile.phoneRegion,
    now: opts.now ?? (() => new Date()),
    env: cfg,
    close: () => (doc.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.(),
  };
}
