/**
 * capture-lead: the in-call Lambda of the outsourcer's sales key (issue 12). The flow asks what the caller is
 * interested in (the client's product lines) and whether a sales adviser may call back; this records the lead
 * (source `ivr`, the dialled number as its detail) and answers what the caller hears before the transfer to
 * sales. Built with the in-call wrapper: it always answers (`degraded` on any failure: the flow apologises and
 * still transfers) and is idempotent per ContactId (Connect's retries record one lead).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { LanguageSchema } from '../../schemas/crm.js';
import { LeadParamsSchema, type LeadResponse } from '../../schemas/leads.js';
import { LEAD_TEXT } from '../core/leads.js';
import { maskPhone } from '../core/phone.js';
import { createInCallHandler } from '../shared/in-call.js';
import { type LeadRuntimeDeps, leadDepsFromEnv } from '../shared/lead-deps.js';
import { createObservability } from '../shared/observability.js';
import { captureLead } from '../use-cases/leads/leads.js';

export interface CaptureLeadHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly leads: LeadRuntimeDeps | { readonly configError: string };
  readonly budgetMs?: number;
}

export const degradedLead = (): LeadResponse => ({ leadStatus: 'degraded', prompt: '', leadId: '' });

export function createCaptureLeadHandler({ logger, metrics, leads, budgetMs }: CaptureLeadHandlerDeps) {
  return createInCallHandler({
    name: 'capture-lead',
    metricPrefix: 'Lead',
    logger,
    metrics,
    deps: leads,
    params: LeadParamsSchema,
    budgetMs: (d) => budgetMs ?? d.env.LEAD_BUDGET_MS,
    fallback: degradedLead,
    run: async ({ contact, params: p }, d): Promise<LeadResponse> => {
      const parsedLanguage = LanguageSchema.safeParse(p.language || contact.Attributes.language);
      const language = parsedLanguage.success ? parsedLanguage.data : 'zh-CN';
      const phone = p.phoneNumber || contact.CustomerEndpoint?.Address || undefined;
      const consent = p.consent === 'yes';
      const { lead, created } = await captureLead(d, {
        interest: p.interest,
        consent,
        source: 'ivr',
        sourceDetail: p.dialledNumber || contact.SystemEndpoint?.Address || undefined,
        customerId: p.customerId || contact.Attributes.customerId || undefined,
        phone,
        language,
        contactId: contact.ContactId,
        by: 'ivr',
      });
      metrics.addMetric(created ? 'LeadCaptured' : 'LeadReplayed', MetricUnit.Count, 1);
      logger.info('lead captured', {
        leadId: lead.leadId,
        interest: lead.interest,
        consent,
        created,
        caller: maskPhone(phone),
      });
      const label =
        d.settings.productLines.find((x) => x.key === lead.interest)?.label[language] ?? lead.interest;
      return {
        leadStatus: 'ok',
        leadId: lead.leadId,
        prompt: LEAD_TEXT[language].captured(label, lead.consent),
      };
    },
  });
}

const { logger, metrics } = createObservability('capture-lead');
export const handler = createCaptureLeadHandler({ logger, metrics, leads: leadDepsFromEnv() });
