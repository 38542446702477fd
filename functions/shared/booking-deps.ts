/**
 * Builds the repair booking use cases' dependencies from the environment (CDK sets it in AWS; the local contact
 * centre and the CLI set it locally, with DynamoDB Local and the outbox under $HOTLINE_HOME instead of SNS).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { DynamoBookingCustomers } from '../adapters/dynamodb/booking-customers.js';
import { DynamoBookingRepository } from '../adapters/dynamodb/booking-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoSmsStore } from '../adapters/dynamodb/sms-store.js';
import { OutboxSmsGateway } from '../adapters/local/outbox.js';
import { SnsSmsGateway } from '../adapters/sns/sms-gateway.js';
import type { BookingDeps } from '../use-cases/bookings/bookings.js';

/** Environment of the booking functions (in-call `repair-booking`, scheduled `remind-bookings`). */
export const BookingEnvSchema = z.object({
  CRM_TABLE_NAME: z.string().min(1),
  BOOKINGS_TABLE_NAME: z.string().min(1),
  SMS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('auto-dealer'),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** The most the in-call Lambda spends before answering `degraded` (the SMS gets what is left). */
  BOOKING_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(3000),
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set only locally: SMS go to the outbox under this directory instead of SNS. */
  HOTLINE_OUTBOX_HOME: z.string().min(1).optional(),
});
export type BookingEnv = z.infer<typeof BookingEnvSchema>;

export interface BookingRuntimeDeps extends BookingDeps {
  readonly env: BookingEnv;
  close(): void;
}

export function bookingDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
  opts: { now?: () => Date; requestTimeoutMs?: number } = {},
): BookingRuntimeDeps | { readonly configError: string } {
  const parsed = BookingEnvSchema.safeParse(env);
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const settings = bookingSettingsOf(profile.id);
  if (!settings) return { configError: `profile ${profile.id} books no repairs` };
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 300,
    requestTimeoutMs: opts.requestTimeoutMs ?? Math.max(200, Math.floor(cfg.BOOKING_BUDGET_MS / 3)),
    maxAttempts: 2,
  });
  const phoneRegion = cfg.PHONE_REGION ?? profile.phoneRegion;
  const now = opts.now ?? (() => new Date());
  const local = cfg.HOTLINE_OUTBOX_HOME;
  const sns = local ? undefined : new SNSClient({ maxAttempts: 2 });
  return {
    bookings: new DynamoBookingRepository(doc, cfg.BOOKINGS_TABLE_NAME),
    customers: new DynamoBookingCustomers(doc, cfg.CRM_TABLE_NAME),
    settings,
    phoneRegion,
    sms: {
      gateway: local ? new OutboxSmsGateway(local, now) : new SnsSmsGateway(sns as SNSClient),
      store: new DynamoSmsStore(doc, cfg.SMS_TABLE_NAME),
      settings: ticketingOf(profile.id).sms,
      phoneRegion,
      now,
    },
    now,
    env: cfg,
    close: () => {
      (doc.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.();
      sns?.destroy();
    },
  };
}
