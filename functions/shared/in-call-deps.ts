/**
 * What the dependencies of the in-call functions that write records and send SMS share (tickets: ticket-deps.ts;
 * repair bookings: booking-deps.ts; pickups: pickup-deps.ts): the DynamoDB client within the in-call budget, the
 * SNS client with the in-call limits (none locally, where SMS and notices go to the outbox under
 * $HOTLINE_OUTBOX_HOME), the SMS dependencies and closing it all; and the environment the bookable records'
 * functions read (tickets have their own schema, schemas/ticket-env.ts, with the same variables).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import type { Profile } from '../../schemas/profile.js';
import { boundedClientConfig, CALL_LIMITS } from '../adapters/aws/http.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoSmsStore } from '../adapters/dynamodb/sms-store.js';
import { OutboxNotifier, OutboxSmsGateway } from '../adapters/local/outbox.js';
import { SnsNotifier, SnsSmsGateway } from '../adapters/sns/sms-gateway.js';
import type { Notifier } from '../ports/sms.js';

/**
 * The in-call functions' budgets for work done outside a call (the API, the campaign dialler, the CLI and
 * `npm start`): no Connect deadline to answer within, so each budget at its schema's maximum. Locally, disks and
 * a cold DynamoDB Local are slower than the real thing too.
 */
export const OUTSIDE_A_CALL_BUDGETS = {
  TICKET_BUDGET_MS: '7000',
  ORDER_BUDGET_MS: '7000',
  PICKUP_BUDGET_MS: '7000',
  TRACK_BUDGET_MS: '7000',
  BOOKING_BUDGET_MS: '7000',
  LEAD_BUDGET_MS: '7000',
  FAQ_BUDGET_MS: '7000',
} as const;

/** The variables every bookable record's function reads (besides its own table and budget). */
export const slotRecordEnvShape = {
  CRM_TABLE_NAME: z.string().min(1),
  SMS_TABLE_NAME: z.string().min(1),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set only locally: SMS (and notices) go to the outbox under this directory instead of SNS. */
  HOTLINE_OUTBOX_HOME: z.string().min(1).optional(),
};

type SlotRecordEnv = z.infer<z.ZodObject<typeof slotRecordEnvShape>>;

/** A configuration error in one line: each variable with what is wrong. */
export const configError = (error: z.ZodError): { readonly configError: string } => ({
  configError: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
});

/**
 * The clients and SMS dependencies for `profile`: DynamoDB requests get a third of `budgetMs` each (or
 * `requestTimeoutMs`), SNS the in-call limits (its endpoint from `AWS_ENDPOINT_URL_SNS`).
 */
export function inCallRuntime(
  env: Readonly<Record<string, string | undefined>>,
  cfg: Pick<SlotRecordEnv, 'SMS_TABLE_NAME' | 'PHONE_REGION' | 'DYNAMODB_ENDPOINT' | 'HOTLINE_OUTBOX_HOME'>,
  profile: Profile,
  budgetMs: number,
  opts: { now?: () => Date; requestTimeoutMs?: number },
) {
  const doc: DynamoDBDocumentClient = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: 300,
    requestTimeoutMs: opts.requestTimeoutMs ?? Math.max(200, Math.floor(budgetMs / 3)),
    maxAttempts: 2,
  });
  const phoneRegion = cfg.PHONE_REGION ?? profile.phoneRegion;
  const now = opts.now ?? (() => new Date());
  const local = cfg.HOTLINE_OUTBOX_HOME;
  const sns = local
    ? undefined
    : new SNSClient(boundedClientConfig(CALL_LIMITS.inCall, { endpoint: env.AWS_ENDPOINT_URL_SNS }));
  return {
    doc,
    /** The outbox's home locally; undefined in AWS. */
    local,
    /** The SNS client in AWS; undefined locally. */
    sns,
    phoneRegion,
    now,
    sms: {
      gateway: local ? new OutboxSmsGateway(local, now) : new SnsSmsGateway(sns as SNSClient),
      store: new DynamoSmsStore(doc, cfg.SMS_TABLE_NAME),
      settings: ticketingOf(profile.id).sms,
      phoneRegion,
      now,
    },
    /** Notices to `topics` (name → SNS topic ARN) in AWS; to the outbox's notifications.jsonl locally. */
    notifier: (topics: Readonly<Record<string, string>>): Notifier =>
      local ? new OutboxNotifier(local, now) : new SnsNotifier(sns as SNSClient, topics),
    close: () => {
      (doc.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.();
      sns?.destroy();
    },
  };
}
