/**
 * Builds the shipment use cases' dependencies from the environment (CDK sets it in AWS; the local contact centre
 * and the CLI set it locally, with DynamoDB Local).
 */
import { z } from 'zod';
import { trackingSettingsOf } from '../../contact-flows/profiles/shipments.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoShipmentRepository } from '../adapters/dynamodb/shipment-repository.js';
import type { ShipmentDeps } from '../use-cases/shipments/shipments.js';

/** Environment of the shipment functions (in-call `trackShipment`, the queue consumer `shipment-events`). */
export const ShipmentEnvSchema = z.object({
  SHIPMENTS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('logistics'),
  /** The most the in-call lookup spends before answering `degraded`. */
  TRACK_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(1500),
  DYNAMODB_ENDPOINT: z.url().optional(),
});
export type ShipmentEnv = z.infer<typeof ShipmentEnvSchema>;

export interface ShipmentRuntimeDeps extends ShipmentDeps {
  readonly env: ShipmentEnv;
  close(): void;
}

export function shipmentDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
  opts: { now?: () => Date; requestTimeoutMs?: number } = {},
): ShipmentRuntimeDeps | { readonly configError: string } {
  const parsed = ShipmentEnvSchema.safeParse(env);
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  const settings = trackingSettingsOf(cfg.HOTLINE_PROFILE);
  if (!settings) return { configError: `profile ${cfg.HOTLINE_PROFILE} tracks no shipments` };
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    // In a call, a slow connection is given up quickly; the queue consumer and the CLI (a longer request timeout)
    // wait longer.
    connectionTimeoutMs: opts.requestTimeoutMs === undefined ? 300 : 2000,
    requestTimeoutMs: opts.requestTimeoutMs ?? Math.max(100, Math.floor(cfg.TRACK_BUDGET_MS / 2)),
    maxAttempts: 2,
  });
  return {
    shipments: new DynamoShipmentRepository(doc, cfg.SHIPMENTS_TABLE_NAME),
    timeZone: settings.timeZone,
    now: opts.now ?? (() => new Date()),
    env: cfg,
    close: () => (doc.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.(),
  };
}
