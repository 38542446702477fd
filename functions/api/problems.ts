/**
 * Errors → RFC 9457 problem details, in one place. Domain errors map to their status; anything else is a
 * 500 with a generic title and the request id (the error itself goes to the log, never to the client).
 */
import { ZodError } from 'zod';
import type { Problem } from '../../schemas/api.js';
import { ListenInError } from '../adapters/connect/listen-in.js';
import { QaInputError } from '../core/supervision/qa.js';
import { TicketRuleError } from '../core/tickets.js';
import { CampaignConflictError } from '../ports/campaign-repository.js';
import { CrmConflictError } from '../ports/crm-repository.js';
import { KnowledgeConflictError } from '../ports/knowledge.js';
import { SmsOptedOutError } from '../ports/sms.js';
import { TicketConflictError } from '../ports/ticket-repository.js';
import { CampaignRuleError } from '../use-cases/campaigns/manage-campaigns.js';
import { CampaignNotFoundError, DispositionInputError } from '../use-cases/campaigns/record-disposition.js';
import { ArticleNotFoundError, KnowledgeRuleError } from '../use-cases/knowledge/knowledge-base.js';
import { CrmInputError, CrmNotFoundError } from '../use-cases/manage-crm.js';
import { ErasureUnavailableError } from '../use-cases/privacy/erasure-requests.js';
import { ForbiddenError, UnauthorizedError } from './auth.js';
import { SupervisionUnavailableError } from './supervision-deps.js';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}
/** The environment names no Campaigns table (functions/api/routes/campaign-deps.ts). */
export class CampaignsUnavailableError extends Error {
  override readonly name = 'CampaignsUnavailableError';
}

const TYPE_BASE = 'https://hotline.dev/problems/';

interface Mapping {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
}

const MAPPINGS: readonly [new (...args: never[]) => Error, Mapping][] = [
  [UnauthorizedError, { status: 401, slug: 'unauthorized', title: 'Log in first' }],
  [ForbiddenError, { status: 403, slug: 'forbidden', title: 'Your role may not do this' }],
  [NotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [CrmNotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [ArticleNotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [BadRequestError, { status: 400, slug: 'bad-request', title: 'Bad request' }],
  [CrmInputError, { status: 400, slug: 'bad-request', title: 'Bad request' }],
  [TicketRuleError, { status: 422, slug: 'rule-broken', title: 'Not allowed by the ticket rules' }],
  [KnowledgeRuleError, { status: 422, slug: 'rule-broken', title: 'Not allowed by the knowledge rules' }],
  [SmsOptedOutError, { status: 422, slug: 'opted-out', title: 'The number opted out of SMS' }],
  [TicketConflictError, { status: 409, slug: 'conflict', title: 'Changed meanwhile: reload and try again' }],
  [CrmConflictError, { status: 409, slug: 'conflict', title: 'Conflicts with another record' }],
  [ListenInError, { status: 422, slug: 'rule-broken', title: 'Amazon Connect cannot do this' }],
  [QaInputError, { status: 422, slug: 'rule-broken', title: 'Not allowed by the QA rules' }],
  [SupervisionUnavailableError, { status: 503, slug: 'unavailable', title: 'Not available here' }],
  [ErasureUnavailableError, { status: 503, slug: 'unavailable', title: 'Not available here' }],
  [CampaignNotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [DispositionInputError, { status: 400, slug: 'bad-request', title: 'Bad request' }],
  [CampaignRuleError, { status: 422, slug: 'rule-broken', title: 'Not allowed by the campaign rules' }],
  [
    CampaignConflictError,
    { status: 409, slug: 'conflict', title: 'Changed meanwhile: reload and try again' },
  ],
  [CampaignsUnavailableError, { status: 503, slug: 'unavailable', title: 'Not available here' }],
  [
    KnowledgeConflictError,
    { status: 409, slug: 'conflict', title: 'Changed meanwhile: reload and try again' },
  ],
];

/** The problem for an error; `internal` tells the caller to log it (a bug or an outage, not the client's fault). */
export function toProblem(err: unknown, instance?: string): { problem: Problem; internal: boolean } {
  if (err instanceof ZodError) {
    return {
      problem: {
        type: `${TYPE_BASE}validation`,
        title: 'The request is not valid',
        status: 400,
        detail: err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
        errors: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        ...(instance ? { instance } : {}),
      },
      internal: false,
    };
  }
  for (const [cls, m] of MAPPINGS) {
    if (err instanceof cls)
      return {
        problem: {
          type: `${TYPE_BASE}${m.slug}`,
          title: m.title,
          status: m.status,
          detail: (err as Error).message,
          ...(instance ? { instance } : {}),
        },
        internal: false,
      };
  }
  return {
    problem: {
      type: `${TYPE_BASE}internal`,
      title: 'Something went wrong on our side',
      status: 500,
      detail: 'The error was logged; try again, and tell your administrator if it persists.',
      ...(instance ? { instance } : {}),
    },
    internal: true,
  };
}
