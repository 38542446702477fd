/**
 * createTicket: the in-call Lambda of the IVR's ticket submenu (F7). Thin: parse the Connect event, create the
 * ticket through the use case (idempotent per ContactId and category: Connect retries), then send the SMS
 * confirmation with what is left of the budget. It always answers: a malformed event, an unknown category,
 * missing configuration or a failing or slow DynamoDB give `ticketStatus=degraded` (the flow apologises and
 * transfers); a failed SMS never fails the ticket.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { voicemailOf } from '../../contact-flows/profiles/voicemail.js';
import { LanguageSchema } from '../../schemas/crm.js';
import type { ProfileId } from '../../schemas/profile.js';
import type { CreateTicketResponse } from '../../schemas/ticket.js';
import { smsNote } from '../core/mobile.js';
import { maskPhone } from '../core/phone.js';
import { spokenTicketId } from '../core/tickets.js';
import { awaitingDescription, voicemailDepartment } from '../core/voicemail.js';
import { createInCallHandler, TIMEOUT } from '../shared/in-call.js';
import { createObservability } from '../shared/observability.js';
import type { TicketDeps } from '../shared/ticket-deps.js';
import { ticketDepsFromEnv } from '../shared/ticket-deps.js';
import { confirmTicket, createTicket } from '../use-cases/tickets/create-ticket.js';

/** The flow's parameters: the category key (required), the caller's number and customer id from attributes. */
export const CreateTicketParametersSchema = z.object({
  category: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  phoneNumber: z.string().max(32).optional(),
  customerId: z.string().max(64).optional(),
  language: z.string().optional(),
  /** `true`: a voicemail ticket (F15); the message is recorded next. */
  voicemail: z.string().optional(),
  /** `$.Queue.Name`: a voicemail's queue, whose department takes a message (contact-flows/profiles/voicemail.ts). */
  queueName: z.string().max(256).optional(),
});

export interface CreateTicketHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tickets: TicketDeps | { readonly configError: string };
  /** @default the TICKET_BUDGET_MS of the environment, or 3000 */
  readonly budgetMs?: number;
}

/**
 * What a voicemail adds to the ticket: the marker (the recording's transcript is attached to it later), the queue,
 * and for a message (not a complaint) the queue's department.
 */
function voicemailTicket(profileId: ProfileId, p: z.infer<typeof CreateTicketParametersSchema>) {
  const settings = voicemailOf(profileId);
  const queue = p.queueName && !p.queueName.startsWith('$.') ? p.queueName : undefined;
  const department =
    p.category === settings.category
      ? voicemailDepartment(getProfile(profileId), settings, queue)
      : undefined;
  return {
    voicemail: queue ? { queue } : {},
    description: awaitingDescription(queue),
    ...(department ? { department } : {}),
  };
}

export const degradedTicket = (): CreateTicketResponse => ({
  ticketStatus: 'degraded',
  ticketId: '',
  ticketIdSpoken: '',
  transfer: 'true',
  smsNote: '',
});

export function createCreateTicketHandler({ logger, metrics, tickets, budgetMs }: CreateTicketHandlerDeps) {
  return createInCallHandler({
    name: 'createTicket',
    metricPrefix: 'Ticket',
    logger,
    metrics,
    deps: tickets,
    params: CreateTicketParametersSchema,
    budgetMs: (d) => budgetMs ?? d.env.TICKET_BUDGET_MS,
    fallback: degradedTicket,
    run: async ({ contact, params: p, within }, d) => {
      const started = performance.now();
      const language = LanguageSchema.safeParse(p.language || contact.Attributes.language);
      const phone = p.phoneNumber || contact.CustomerEndpoint?.Address || undefined;
      const voicemail = p.voicemail === 'true' ? voicemailTicket(d.env.HOTLINE_PROFILE, p) : undefined;
      const { ticket, created } = await createTicket(d, {
        ...voicemail,
        category: p.category,
        source: 'ivr',
        createdBy: 'ivr',
        contactId: contact.ContactId,
        ...(phone ? { phone } : {}),
        ...(p.customerId ? { customerId: p.customerId } : {}),
        ...(language.success ? { language: language.data } : {}),
        confirmBySms: false,
      });
      const category = d.ticketing.categories.find((c) => c.key === ticket.category);
      // The SMS gets what is left of the budget: a failed or slow SMS never fails the ticket.
      const sms = await within(confirmTicket(d, ticket), { reserveMs: 20 });
      const smsStatus =
        sms === TIMEOUT ? 'timeout' : sms && 'failed' in sms ? 'failed' : (sms?.status ?? 'none');
      metrics.addMetric(created ? 'TicketCreated' : 'TicketReplayed', MetricUnit.Count, 1);
      metrics.addMetric(`TicketSms_${smsStatus}`, MetricUnit.Count, 1);
      logger.info('ticket created', {
        ticketId: ticket.ticketId,
        category: ticket.category,
        created,
        caller: maskPhone(phone),
        smsStatus,
        ms: Math.round(performance.now() - started),
      });
      return {
        ticketStatus: 'ok',
        ticketId: ticket.ticketId,
        ticketIdSpoken: spokenTicketId(ticket.ticketId),
        transfer: category?.transferAfter === false ? 'false' : 'true',
        // A landline caller hears that no SMS will follow (confirmBySms sends none to landlines).
        smsNote: smsNote(smsStatus, ticket.language),
      } satisfies CreateTicketResponse;
    },
  });
}

const { logger, metrics } = createObservability('create-ticket');
export const handler = createCreateTicketHandler({ logger, metrics, tickets: ticketDepsFromEnv() });
