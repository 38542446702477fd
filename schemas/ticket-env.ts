import { z } from 'zod';
import { PROFILE_IDS } from './profile.js';

/** Environment of the ticket functions (createTicket in-call, escalateTickets scheduled), set by CDK or locally. */
export const TicketEnvSchema = z.object({
  CRM_TABLE_NAME: z.string().min(1),
  TICKETS_TABLE_NAME: z.string().min(1),
  SMS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('auto-dealer'),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** The most createTicket waits for the ticket before answering `degraded` (the SMS gets what is left). */
  TICKET_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(3000),
  /**
   * Counter items per day for ticket numbers (README "Scale"): 1 (numbers in creation order, up to ~1,000 tickets/s);
   * more for more. Change it only between days.
   */
  TICKET_SEQUENCE_SHARDS: z.coerce.number().int().min(1).max(100).default(1),
  /** Set only locally: the DynamoDB Local endpoint. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Set only locally: SMS and notifications go to the outbox under this directory instead of SNS. */
  HOTLINE_OUTBOX_HOME: z.string().min(1).optional(),
  /** SNS topic of level-1 escalations (department reminders). Unset locally. */
  REMINDER_TOPIC_ARN: z.string().startsWith('arn:').optional(),
  /** SNS topic of level-2 escalations (supervisors). Unset locally. */
  SUPERVISOR_TOPIC_ARN: z.string().startsWith('arn:').optional(),
});
export type TicketEnv = z.infer<typeof TicketEnvSchema>;
