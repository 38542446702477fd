/**
 * Builds the repair booking use cases' dependencies from the environment (CDK sets it in AWS; the local contact
 * centre and the CLI set it locally, with DynamoDB Local and the outbox under $HOTLINE_HOME instead of SNS).
 */
import { z } from 'zod';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { DynamoBookingCustomers } from '../adapters/dynamodb/booking-customers.js';
import { DynamoBookingRepository } from '../adapters/dynamodb/booking-repository.js';
import type { BookingDeps } from '../use-cases/bookings/bookings.js';
import { configError, inCallRuntime, slotRecordEnvShape } from './in-call-deps.js';

/** Environment of the booking functions (in-call `repair-booking`, scheduled `remind-bookings`). */
export const BookingEnvSchema = z.object({
  ...slotRecordEnvShape,
  BOOKINGS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('auto-dealer'),
  /** The most the in-call Lambda spends before answering `degraded` (the SMS gets what is left). */
  BOOKING_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(3000),
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
  if (!parsed.success) return configError(parsed.error);
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const settings = bookingSettingsOf(profile.id);
  if (!settings) return { configError: `profile ${profile.id} books no repairs` };
  const rt = inCallRuntime(env, cfg, profile, cfg.BOOKING_BUDGET_MS, opts);
  return {
    bookings: new DynamoBookingRepository(rt.doc, cfg.BOOKINGS_TABLE_NAME),
    customers: new DynamoBookingCustomers(rt.doc, cfg.CRM_TABLE_NAME),
    settings,
    phoneRegion: rt.phoneRegion,
    sms: rt.sms,
    now: rt.now,
    env: cfg,
    close: rt.close,
  };
}
