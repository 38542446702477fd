/**
 * Builds the spoken-FAQ in-call Lambda's dependencies from the environment (CDK sets it in AWS; the local contact
 * centre sets it with DynamoDB Local).
 */
import { z } from 'zod';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { KNOWLEDGE_TABLE } from '../../schemas/tables.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoKnowledgeRepository } from '../adapters/dynamodb/knowledge-repository.js';
import type { SpokenAnswerDeps } from '../use-cases/knowledge/spoken-answer.js';

export const FaqEnvSchema = z.object({
  [KNOWLEDGE_TABLE.envVar]: z.string().min(1),
  HOTLINE_PROFILE: z.enum(PROFILE_IDS),
  /** The most the in-call read spends before answering `degraded`. */
  FAQ_BUDGET_MS: z.coerce.number().int().min(100).max(7000).default(1500),
  DYNAMODB_ENDPOINT: z.url().optional(),
});
export type FaqEnv = z.infer<typeof FaqEnvSchema>;

export interface FaqRuntimeDeps extends SpokenAnswerDeps {
  readonly env: FaqEnv;
}

export function faqDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
): FaqRuntimeDeps | { readonly configError: string } {
  const parsed = FaqEnvSchema.safeParse(env);
  if (!parsed.success)
    return { configError: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const cfg = parsed.data;
  const faq = knowledgeOf(cfg.HOTLINE_PROFILE).ivrFaq;
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    // In a call: a slow connection is given up quickly, one retry within the budget.
    connectionTimeoutMs: 300,
    requestTimeoutMs: Math.max(100, Math.floor(cfg.FAQ_BUDGET_MS / 2)),
    maxAttempts: 2,
  });
  return {
    articles: new DynamoKnowledgeRepository(doc, cfg[KNOWLEDGE_TABLE.envVar] as string),
    ...(faq ? { faq } : {}),
    env: cfg,
  };
}
