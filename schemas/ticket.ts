import { z } from 'zod';
import { CustomerIdSchema, E164Schema, IsoTimeSchema, LanguageSchema } from './crm.js';
import { TicketVoicemailSchema } from './voicemail.js';

/**
 * Tickets (work orders, F7): the ticket as the domain sees it, its table items, and the per-profile
 * ticketing rules (categories, departments, SLA hours, business hours, holidays).
 */

const Key = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case key: letters, digits and "-"');
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00 to 24:00');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-10-01');

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** new → assigned → in_progress → resolved → closed; resolved/closed may be reopened. */
export const TICKET_STATUSES = ['new', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;
/** Statuses that count as open (for `openTickets` and the due index). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'in_progress'];

export const TICKET_SOURCES = ['ivr', 'agent', 'cli', 'survey', 'system'] as const;
export const TicketSourceSchema = z.enum(TICKET_SOURCES);
export type TicketSource = z.infer<typeof TicketSourceSchema>;

/** `T20261123-0042`: the day (profile time zone) and a per-day sequence number (4 digits or more). */
export const TicketIdSchema = z.string().regex(/^T\d{8}-\d{4,}$/, 'a ticket id such as T20261123-0042');

const Localized = z.object({
  'zh-CN': z.string().trim().min(1).max(100),
  'en-US': z.string().trim().min(1).max(100),
});

export const TicketCategorySchema = z.object({
  key: Key,
  label: Localized,
  department: Key,
  priority: PrioritySchema,
  /** SLA in business hours by priority; a priority not listed uses the ticketing's `slaHours`. */
  slaHours: z.partialRecord(PrioritySchema, z.number().positive().max(2000)).optional(),
  /** Resolving a ticket of this category opens a return-visit task (complaints). */
  returnVisit: z.boolean().default(false),
  /** Count the ticket as work to follow (praise is recorded but needs no follow-up: false). */
  transferAfter: z.boolean().default(true),
});
export type TicketCategory = z.infer<typeof TicketCategorySchema>;

export const DepartmentSchema = z.object({
  key: Key,
  name: z.string().trim().min(1).max(100),
});
export type Department = z.infer<typeof DepartmentSchema>;

/** The business calendar SLA deadlines are counted in. */
export const BusinessCalendarSchema = z.object({
  timeZone: z.string().min(1).default('Asia/Shanghai'),
  /** Working time per ISO weekday (1 = Monday … 7 = Sunday); a day not listed is closed. */
  days: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.object({ start: HhMm, end: HhMm })),
  /** Closed dates (public holidays), local dates. */
  holidays: z.array(IsoDate).default([]),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

const PromptText = z.string().trim().min(1).max(1500);
/** What the ticket submenu says, in one language. */
export const TicketPromptsSchema = z.object({
  /** Before the options: "请选择工单类型。". */
  intro: PromptText,
  /** One option from `{label}` and `{key}`. */
  option: PromptText.refine((t) => t.includes('{label}') && t.includes('{key}'), 'needs {label} and {key}'),
  /** The last option: key 0 for an agent. */
  agent: PromptText,
  /** After the ticket is created: must read `$.External.ticketIdSpoken`. */
  created: PromptText.refine(
    (t) => t.includes('$.External.ticketIdSpoken'),
    'must read $.External.ticketIdSpoken',
  ),
  /** When the ticket could not be created (then the queue). */
  failed: PromptText,
});
export type TicketPrompts = z.infer<typeof TicketPromptsSchema>;

export const TicketingSchema = z
  .object({
    categories: z.array(TicketCategorySchema).min(1),
    departments: z.array(DepartmentSchema).min(1),
    /** Default SLA in business hours per priority. */
    slaHours: z.record(PrioritySchema, z.number().positive().max(2000)),
    calendar: BusinessCalendarSchema,
    /** Level 1 escalation (reminder to the department) this many business hours before the deadline. */
    remindBeforeHours: z.number().min(0).max(100).default(2),
    /**
     * The IVR's ticket submenu: reached from main-menu key `menuKey` (whose queue takes the follow-up), each
     * key a category; 0, no key or a wrong key go straight to the queue.
     */
    ivr: z.object({
      menuKey: z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9']),
      options: z
        .array(z.object({ key: z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9']), category: Key }))
        .min(1)
        .max(9),
      prompts: z.object({ 'zh-CN': TicketPromptsSchema, 'en-US': TicketPromptsSchema }),
    }),
  })
  .superRefine((t, ctx) => {
    const departments = new Set(t.departments.map((d) => d.key));
    const categories = new Set<string>();
    t.categories.forEach((c, i) => {
      if (categories.has(c.key))
        ctx.addIssue({ code: 'custom', message: `category "${c.key}" twice`, path: ['categories', i] });
      categories.add(c.key);
      if (!departments.has(c.department))
        ctx.addIssue({
          code: 'custom',
          message: `unknown department "${c.department}"`,
          path: ['categories', i, 'department'],
        });
    });
    const keys = new Set<string>();
    t.ivr.options.forEach((o, i) => {
      if (keys.has(o.key))
        ctx.addIssue({ code: 'custom', message: `key ${o.key} twice`, path: ['ivr', 'options', i] });
      keys.add(o.key);
      if (!categories.has(o.category))
        ctx.addIssue({
          code: 'custom',
          message: `unknown category "${o.category}"`,
          path: ['ivr', 'options', i],
        });
    });
  });
export type Ticketing = z.infer<typeof TicketingSchema>;
export type TicketingInput = z.input<typeof TicketingSchema>;

export const HistoryEntrySchema = z.object({
  at: IsoTimeSchema,
  by: z.string().min(1).max(64),
  action: z.enum(['created', 'status', 'assigned', 'note', 'escalated', 'return-visit', 'updated']),
  from: z.string().optional(),
  to: z.string().optional(),
  note: z.string().max(1000).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const ReturnVisitSchema = z.object({
  status: z.enum(['pending', 'done']),
  openedAt: IsoTimeSchema,
  doneAt: IsoTimeSchema.optional(),
  result: z.enum(['satisfied', 'unsatisfied', 'unreachable']).optional(),
  note: z.string().max(1000).optional(),
});
export type ReturnVisit = z.infer<typeof ReturnVisitSchema>;

/** A ticket as the domain sees it. */
export const TicketSchema = z.object({
  ticketId: TicketIdSchema,
  category: Key,
  department: Key,
  priority: PrioritySchema,
  status: TicketStatusSchema,
  source: TicketSourceSchema,
  description: z.string().max(2000).optional(),
  customerId: CustomerIdSchema.optional(),
  /** The caller's number (E.164), if known. */
  phone: E164Schema.optional(),
  /** Numbers whose `openTickets` counter this ticket incremented (released when it stops being open). */
  countedPhones: z.array(E164Schema).max(10).default([]),
  contactId: z.string().max(128).optional(),
  language: LanguageSchema.default('zh-CN'),
  assignee: z.string().max(64).optional(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  dueAt: IsoTimeSchema,
  /** When the department is reminded (level 1 escalation), `remindBeforeHours` business hours before `dueAt`. */
  remindAt: IsoTimeSchema,
  /** 0 none, 1 reminder sent to the department, 2 escalated to the supervisor. */
  escalationLevel: z.number().int().min(0).max(2).default(0),
  resolvedAt: IsoTimeSchema.optional(),
  closedAt: IsoTimeSchema.optional(),
  returnVisit: ReturnVisitSchema.optional(),
  /** A voicemail ticket (F15): the recording, its transcript and where they stand. */
  voicemail: TicketVoicemailSchema.optional(),
  history: z.array(HistoryEntrySchema).default([]),
  /** Optimistic lock. */
  version: z.number().int().min(1),
});
export type Ticket = z.infer<typeof TicketSchema>;

/**
 * Ticket table item: pk TICKET#<id>, sk TICKET. Sparse `duepk`/`duesk` (index `due`) only while open;
 * `escpk`/`escsk` (index `escalation`) while an escalation is pending (sorted by when it is due);
 * `custpk`/`custsk` (index `customer`) when the ticket has a customer.
 */
export const TicketItemSchema = TicketSchema.extend({
  pk: z.string(),
  sk: z.literal('TICKET'),
  entity: z.literal('ticket'),
  duepk: z.string().optional(),
  duesk: z.string().optional(),
  custpk: z.string().optional(),
  custsk: z.string().optional(),
  escpk: z.string().optional(),
  escsk: z.string().optional(),
  daypk: z.string().optional(),
  daysk: z.string().optional(),
});
export type TicketItem = z.infer<typeof TicketItemSchema>;

/** What a ticket creation asks for (every path: IVR, agents, CLI, the survey follow-up). */
export const CreateTicketInputSchema = z.object({
  category: Key,
  source: TicketSourceSchema,
  /** Who creates it: an agent id, `ivr`, `cli:<user>`, `survey`. */
  createdBy: z.string().min(1).max(64),
  description: z.string().max(2000).optional(),
  customerId: CustomerIdSchema.optional(),
  /** The caller's number as dialled (normalized by the use case with the profile's region). */
  phone: z.string().max(32).optional(),
  /** Connect ContactId: with the category, the idempotency key (Connect retries). */
  contactId: z.string().min(1).max(128).optional(),
  priority: PrioritySchema.optional(),
  /** Replaces the category's department (a voicemail goes to its queue's department); must be the profile's. */
  department: Key.optional(),
  /** A voicemail ticket: the message is recorded after it is opened; this names the queue it was left for. */
  voicemail: z.object({ queue: z.string().max(256).optional() }).optional(),
  language: LanguageSchema.optional(),
  /** Send the SMS confirmation (when a number is known and SMS is wired). @default true */
  confirmBySms: z.boolean().default(true),
});
export type CreateTicketInput = z.input<typeof CreateTicketInputSchema>;

/** The createTicket in-call Lambda's answer (STRING_MAP, `$.External.*`). */
export const CreateTicketResponseSchema = z.strictObject({
  ticketStatus: z.enum(['ok', 'degraded']),
  ticketId: z.string(),
  /** `T 2 0 2 6 …`: the id spaced so TTS reads it digit by digit. */
  ticketIdSpoken: z.string(),
  /** `true` when the category needs a follow-up by an agent (the flow transfers), `false` for praise. */
  transfer: z.enum(['true', 'false']),
  /** What the caller hears about the SMS: it follows, none for a landline, or empty (nothing promised). */
  smsNote: z.string(),
});
export type CreateTicketResponse = z.infer<typeof CreateTicketResponseSchema>;
