/**
 * Shapes of the agent workspace's HTTP API (functions/api): request bodies, answers, problem details, the
 * audit entry and the roles. The routes (functions/api/routes.ts) are declared once with these schemas;
 * the OpenAPI document is generated from them.
 */
import { z } from 'zod';
import { CallRecordItemSchema, SurveyItemSchema, TranscriptItemSchema } from './call-record.js';
import { BlockEntrySchema, CustomerSchema, LanguageSchema, RecentContactSchema, TierSchema } from './crm.js';
import { ArticleSchema, SearchHitSchema } from './knowledge.js';
import { SmsTemplateKeySchema } from './sms.js';
import { PrioritySchema, TicketSchema, TicketStatusSchema } from './ticket.js';

/** Roles, from Cognito groups (`cognito:groups`). Each role may do what the ones before it may. */
export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z.object({
  /** The user name agents and the audit log know the user by. */
  username: z.string(),
  /** The highest role of the user's groups. */
  role: RoleSchema,
  groups: z.array(z.string()),
});
export type User = z.infer<typeof UserSchema>;

/** RFC 9457 problem details. Never a stack trace. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** Field errors of a validation problem. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  actor: z.string(),
  role: RoleSchema,
  /** The route's operation id, e.g. `createTicket`. */
  action: z.string(),
  /** What was written, e.g. `ticket:T20261123-0001`. */
  target: z.string(),
  /** The changed fields: before and after (absent before on a creation). */
  changes: z.record(z.string(), z.object({ before: z.unknown().optional(), after: z.unknown().optional() })),
  requestId: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const PhoneQuerySchema = z.object({
  phone: z.string().trim().min(3).max(32).describe('the caller number in any format'),
});

/** The screen pop of one number: one read of its lookup item, one of the customer record. */
export const ScreenPopSchema = z.object({
  phone: z.string(),
  known: z.boolean(),
  customer: CustomerSchema.optional(),
  tier: TierSchema.optional(),
  vip: z.boolean(),
  block: BlockEntrySchema.optional(),
  openTickets: z.number().int(),
  recentContacts: z.array(RecentContactSchema),
  language: LanguageSchema.optional(),
});
export type ScreenPop = z.infer<typeof ScreenPopSchema>;

export const Customer360Schema = z.object({
  customer: CustomerSchema,
  tickets: z.array(TicketSchema),
  calls: z.array(CallRecordItemSchema),
});

export const ContactDetailSchema = z.object({
  contactId: z.string(),
  record: CallRecordItemSchema.optional(),
  transcript: TranscriptItemSchema.optional(),
  survey: SurveyItemSchema.optional(),
  /** Where the recording is kept (bucket/key), when there is one. */
  recording: z.object({ bucket: z.string(), key: z.string() }).optional(),
});

/** The contact the agent is on: locally the call console's current call; in AWS from the Connect SDK. */
export const CurrentContactSchema = z.object({
  contactId: z.string(),
  phone: z.string().optional(),
  startedAt: z.string(),
  state: z.enum(['ringing', 'connected', 'ended']),
  /** The IVR menu key the caller chose, when they chose one. */
  menuKey: z.string().optional(),
  queue: z.string().optional(),
  agentId: z.string().optional(),
  attributes: z.record(z.string(), z.string()),
});
export type CurrentContact = z.infer<typeof CurrentContactSchema>;

export const CreateTicketBodySchema = z.object({
  category: z.string().min(1).max(32),
  description: z.string().max(2000).optional(),
  customerId: z.string().max(64).optional(),
  phone: z.string().max(32).optional(),
  contactId: z.string().max(128).optional(),
  priority: PrioritySchema.optional(),
  language: LanguageSchema.optional(),
  confirmBySms: z.boolean().optional(),
});

export const UpdateTicketBodySchema = z
  .object({
    status: TicketStatusSchema.optional(),
    assignee: z.string().min(1).max(64).optional(),
    note: z.string().min(1).max(2000).optional(),
    returnVisit: z.enum(['satisfied', 'unsatisfied', 'unreachable']).optional(),
  })
  .refine((b) => b.status || b.assignee || b.note || b.returnVisit, {
    message: 'give a status, an assignee, a note or a return-visit result',
  });

export const SendSmsBodySchema = z.object({
  to: z.string().min(3).max(32),
  template: SmsTemplateKeySchema,
  variables: z.record(z.string(), z.string()).default({}),
  language: LanguageSchema.optional(),
});

export const KbSearchQuerySchema = z.object({
  q: z.string().trim().max(200).default(''),
  category: z.string().max(32).optional(),
  /** The current call's menu key: articles suggested for it when `q` is empty. */
  menuKey: z
    .string()
    .regex(/^[0-9]$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const KbSearchResultSchema = z.object({
  hits: z.array(SearchHitSchema),
  total: z.number().int(),
  /** `search` for a query, `suggestions` for a menu key's suggestions. */
  mode: z.enum(['search', 'suggestions']),
  segmenter: z.enum(['jieba', 'icu']),
});

export const ArticleWithVersionsSchema = ArticleSchema.extend({
  versions: z.array(z.object({ version: z.number(), updatedAt: z.string(), updatedBy: z.string() })),
});
