/**
 * faqAnswer: the in-call Lambda of the IVR's spoken FAQ answers (issue 14, F13). The FAQ menu module
 * (contact-flows/flows/faq-menu.ts) passes the chosen FAQ's article (`topic`) or its key (`key`), and its copy's
 * language; the answer is `ok` (the article's spoken answer in `prompt`), `none` (no such FAQ or no spoken answer:
 * the flow apologises and offers an agent) or `degraded`. One GetItem; it only reads, so Connect's retries are
 * harmless. Built with the in-call wrapper: it always answers, within FAQ_BUDGET_MS.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { LanguageSchema } from '../../schemas/crm.js';
import { FaqParamsSchema, type FaqResponse } from '../../schemas/knowledge.js';
import { type FaqRuntimeDeps, faqDepsFromEnv } from '../shared/faq-deps.js';
import { createInCallHandler } from '../shared/in-call.js';
import { createObservability } from '../shared/observability.js';
import { spokenAnswer } from '../use-cases/knowledge/spoken-answer.js';

export interface FaqAnswerHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly faq: FaqRuntimeDeps | { readonly configError: string };
  readonly budgetMs?: number;
}

export const degradedFaq = (): FaqResponse => ({
  faqStatus: 'degraded',
  prompt: '',
  articleId: '',
  articleVersion: '',
});

export function createFaqAnswerHandler({ logger, metrics, faq, budgetMs }: FaqAnswerHandlerDeps) {
  return createInCallHandler({
    name: 'faq-answer',
    metricPrefix: 'Faq',
    logger,
    metrics,
    deps: faq,
    params: FaqParamsSchema,
    budgetMs: (d) => budgetMs ?? d.env.FAQ_BUDGET_MS,
    fallback: degradedFaq,
    run: async ({ contact, params }, d): Promise<FaqResponse> => {
      const parsed = LanguageSchema.safeParse(params.language ?? contact.Attributes.language);
      const language = parsed.success ? parsed.data : 'zh-CN';
      const answer = await spokenAnswer(d, {
        ...(params.topic ? { topic: params.topic } : {}),
        ...(params.key ? { key: params.key } : {}),
        language,
      });
      metrics.addMetric(`Faq_${answer.status}`, MetricUnit.Count, 1);
      logger.info('FAQ answered', {
        faqStatus: answer.status,
        articleId: answer.articleId,
        ...(answer.status === 'none' ? { reason: answer.reason } : {}),
      });
      return answer.status === 'ok'
        ? {
            faqStatus: 'ok',
            prompt: answer.prompt,
            articleId: answer.articleId,
            articleVersion: String(answer.version),
          }
        : { faqStatus: 'none', prompt: '', articleId: answer.articleId, articleVersion: '' };
    },
  });
}

const { logger, metrics } = createObservability('faq-answer');
export const handler = createFaqAnswerHandler({ logger, metrics, faq: faqDepsFromEnv() });
