/**
 * The erasure request API (issue 17, PIPL art. 47 / GDPR art. 17): an admin asks to forget a customer; the request
 * is recorded and a worker erases (functions/use-cases/privacy/erasure-requests.ts). The record keeps no personal
 * data once done: the report's numbers are masked and the customer id is not kept.
 */
import { z } from '@hono/zod-openapi';

export const ERASURE_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

export const ErasureRequestIdSchema = z
  .string()
  .regex(/^E[0-9a-f]{24}$/, 'an erasure request id such as E0123456789abcdef01234567');

export const ErasureBodySchema = z.object({
  customer: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe('the customer id, or a number in any format (a number without a customer is forgotten too)'),
});

/** What was removed: the report of `hotline crm forget`, without the customer id. */
export const ErasureReportSchema = z.object({
  /** The numbers erased, masked. */
  numbers: z.array(z.string()),
  removed: z.record(z.string(), z.union([z.number(), z.record(z.string(), z.number())])),
  /** Analytics partitions exported before that held the data: rewrite or delete them (README "Personal data"). */
  analyticsPartitions: z.array(z.string()),
});
export type ErasureReport = z.infer<typeof ErasureReportSchema>;

export const ErasureRequestSchema = z.object({
  requestId: ErasureRequestIdSchema,
  status: z.enum(ERASURE_STATUSES),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).optional(),
  report: ErasureReportSchema.optional(),
  /** Why it failed (it may be asked again: erasure is idempotent). */
  error: z.string().optional(),
});
export type ErasureRequest = z.infer<typeof ErasureRequestSchema>;
