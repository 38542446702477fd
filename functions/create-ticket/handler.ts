/**
 * createTicket: the in-call Lambda of the IVR's ticket submenu (F7). Thin: parse the Connect event, create the
 * ticket through the use case (idempotent per ContactId and category: Connect retries), then send the SMS
 * confirmation with what is left of the budget. It always answers: a malformed event, an unknown category,
 * missing configuration or a failing or slow DynamoDB give `ticketStatus=degraded` (the flow apologises and
 * transfers); a failed SMS never fails the ticket.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ConnectContactFlowEventSchema } from '../../schemas/connect-event.js';
import { LanguageSchema } from '../../schemas/crm.js';
import type { CreateTicketResponse } from '../../schemas/ticket.js';
import { maskPhone } from '../core/phone.js';
import { spokenTicketId } from '../core/tickets.js';
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
});

export interface CreateTicketHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tickets: TicketDeps | { readonly configError: string };
  /** @default the TICKET_BUDGET_MS of the environment, or 3000 */
  readonly budgetMs?: number;
}

export const degradedTicket = (): CreateTicketResponse => ({
  ticketStatus: 'degraded',
  ticketId: '',
  ticketIdSpoken: '',
  transfer: 'true',
});

const TIMEOUT = Symbol('timeout');
function within<T>(ms: number, work: Promise<T>): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, ms));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createCreateTicketHandler({ logger, metrics, tickets, budgetMs }: CreateTicketHandlerDeps) {
  const ticketHandler = async (event: unknown): Promise<CreateTicketResponse> => {
    const started = performance.now();
    try {
      if ('configError' in tickets) {
        logger.error('createTicket is misconfigured; answering degraded', {
          configError: tickets.configError,
        });
        metrics.addMetric('TicketMisconfigured', MetricUnit.Count, 1);
        return degradedTicket();
      }
      const budget = budgetMs ?? tickets.env.TICKET_BUDGET_MS;
      const parsed = ConnectContactFlowEventSchema.safeParse(event);
      const params = parsed.success
        ? CreateTicketParametersSchema.safeParse(parsed.data.Details.Parameters)
        : undefined;
      if (!parsed.success || !params?.success) {
        logger.warn('malformed Connect event or parameters; answering degraded', {
          issues: (parsed.success ? (params?.error?.issues ?? []) : parsed.error.issues).map(
            (i) => `${i.path.join('.')}: ${i.message}`,
          ),
        });
        metrics.addMetric('TicketMalformedEvent', MetricUnit.Count, 1);
        return degradedTicket();
      }
      const { ContactData } = parsed.data.Details;
      const p = params.data;
      logger.appendKeys({ contactId: ContactData.ContactId });
      const language = LanguageSchema.safeParse(p.language || ContactData.Attributes.language);
      const phone = p.phoneNumber || ContactData.CustomerEndpoint?.Address || undefined;
      const outcome = await within(
        budget,
        createTicket(tickets, {
          category: p.category,
          source: 'ivr',
          createdBy: 'ivr',
          contactId: ContactData.ContactId,
          ...(phone ? { phone } : {}),
          ...(p.customerId ? { customerId: p.customerId } : {}),
          ...(language.success ? { language: language.data } : {}),
          confirmBySms: false,
        }),
      );
      if (outcome === TIMEOUT) {
        logger.error('ticket creation exceeded its budget; answering degraded', { budgetMs: budget });
        metrics.addMetric('Ticket_timeout', MetricUnit.Count, 1);
        return degradedTicket();
      }
      const { ticket, created } = outcome;
      const category = tickets.ticketing.categories.find((c) => c.key === ticket.category);
      const left = budget - (performance.now() - started);
      const sms = await within(left, confirmTicket(tickets, ticket)).catch(() => undefined);
      const smsStatus = sms === TIMEOUT ? 'timeout' : (sms?.status ?? 'none');
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
      };
    } catch (error) {
      // Last line of defence: nothing may reach the flow as an exception.
      logger.error('ticket creation failed; answering degraded', { error: error as Error });
      metrics.addMetric('Ticket_error', MetricUnit.Count, 1);
      return degradedTicket();
    }
  };
  return middy(ticketHandler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

const { logger, metrics } = createObservability('create-ticket');
export const handler = createCreateTicketHandler({ logger, metrics, tickets: ticketDepsFromEnv() });
