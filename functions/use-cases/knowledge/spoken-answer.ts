/**
 * Spoken FAQ answers in the IVR (F13): what a caller who picked an FAQ by key hears. The FAQ is named by its
 * article (`topic`) or by its key in the profile's FAQ menu (`ivrFaq`, per language); the answer is the current
 * version's `spoken` text, edited by admins in the workspace. One read of the article's current item; it only reads,
 * so Connect's retries are harmless.
 */
import type { IvrFaq } from '../../../schemas/knowledge.js';
import type { Language } from '../../../schemas/profile.js';
import type { KnowledgeRepository } from '../../ports/knowledge.js';

export interface SpokenAnswerDeps {
  readonly articles: Pick<KnowledgeRepository, 'get'>;
  /** The profile's FAQ menu (to resolve a key); none: only `topic` is understood. */
  readonly faq?: IvrFaq;
}

export type SpokenAnswer =
  | { readonly status: 'ok'; readonly prompt: string; readonly articleId: string; readonly version: number }
  | { readonly status: 'none'; readonly articleId: string; readonly reason: string };

/** The article a FAQ key names in `language`, if the profile's FAQ menu has that key. */
export function faqArticleOf(faq: IvrFaq | undefined, key: string, language: Language): string | undefined {
  return faq?.topics.find((t) => t.key === key)?.articles[language];
}

export async function spokenAnswer(
  deps: SpokenAnswerDeps,
  query: { topic?: string; key?: string; language: Language },
): Promise<SpokenAnswer> {
  const articleId =
    query.topic ?? (query.key ? faqArticleOf(deps.faq, query.key, query.language) : undefined);
  if (!articleId) return { status: 'none', articleId: '', reason: 'no such FAQ' };
  const article = await deps.articles.get(articleId);
  if (!article) return { status: 'none', articleId, reason: 'no such article' };
  const prompt = article.spoken?.trim();
  if (!prompt) return { status: 'none', articleId, reason: 'the article has no spoken answer' };
  return { status: 'ok', prompt, articleId, version: article.version };
}
