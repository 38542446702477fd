import { z } from 'zod';
import { PROFILE_IDS } from './profile.js';

/** Environment of the order desk (in-call) and the orders CLI, set by CDK or locally. */
export const OrderEnvSchema = z.object({
  ORDERS_TABLE_NAME: z.string().min(1),
  SMS_TABLE_NAME: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS).default('distribution'),
  PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** Time zone of the ordering periods and their cutoff (the deployment's `timeZone`). */
  ORDER_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  /** The most the order desk spends on one step before answering `degraded` (the SMS gets what is left). */
  ORDER_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(3000),
  DYNAMODB_ENDPOINT: z.url().optional(),
  HOTLINE_OUTBOX_HOME: z.string().min(1).optional(),
});
export type OrderEnv = z.infer<typeof OrderEnvSchema>;
