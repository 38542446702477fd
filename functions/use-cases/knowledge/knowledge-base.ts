/**
 * Knowledge base use cases (F13): search, suggestions for a call's menu choice, reading, saving (a new
 * version each time) and importing articles. Every path (API route, CLI, local server) goes through these.
 * Search runs on an in-memory index of the current articles (KnowledgeIndex), loaded once per process with
 * one index query and kept up to date by this process's saves; other writers' saves show after `ttlMs`.
 */
import {
  type Article,
  ArticleIdSchema,
  type ArticleInput,
  ArticleInputSchema,
  type KnowledgeSettings,
  type SearchHit,
} from '../../../schemas/knowledge.js';
import { KnowledgeIndex } from '../../core/knowledge/search-index.js';
import { segmenter } from '../../core/knowledge/tokenize.js';
import { KnowledgeConflictError, type KnowledgeRepository } from '../../ports/knowledge.js';

/** A rule about articles was broken (unknown category, bad id…): the author's mistake, told in one line. */
export class KnowledgeRuleError extends Error {
  override readonly name = 'KnowledgeRuleError';
}
export class ArticleNotFoundError extends Error {
  override readonly name = 'ArticleNotFoundError';
}

export interface KnowledgeDeps {
  readonly articles: KnowledgeRepository;
  readonly settings: KnowledgeSettings;
  readonly now?: () => Date;
  /** How long a loaded index is trusted before it is reloaded (other processes' saves). @default 60 s */
  readonly ttlMs?: number;
  /** The process's index cache (one per deps object). */
  readonly cache?: { index?: KnowledgeIndex; loadedAt?: number };
}

async function indexOf(deps: KnowledgeDeps): Promise<KnowledgeIndex> {
  const cache = deps.cache ?? {};
  const now = Date.now();
  if (!cache.index || now - (cache.loadedAt ?? 0) > (deps.ttlMs ?? 60_000)) {
    cache.index = new KnowledgeIndex(await deps.articles.listCurrent());
    cache.loadedAt = now;
  }
  return cache.index;
}

export function newKnowledgeDeps(
  articles: KnowledgeRepository,
  settings: KnowledgeSettings,
  opts: { now?: () => Date; ttlMs?: number } = {},
): KnowledgeDeps {
  return { articles, settings, cache: {}, ...opts };
}

export interface SearchResult {
  readonly hits: SearchHit[];
  readonly total: number;
  readonly mode: 'search' | 'suggestions';
  readonly segmenter: 'jieba' | 'icu';
}

/** Ranked search; with an empty query and a menu key, the articles suggested for that menu choice. */
export async function searchArticles(
  deps: KnowledgeDeps,
  query: { q?: string; category?: string; menuKey?: string; limit?: number },
): Promise<SearchResult> {
  const index = await indexOf(deps);
  const limit = query.limit ?? 10;
  if (!query.q?.trim()) {
    const sug = query.menuKey ? deps.settings.suggestions[query.menuKey] : undefined;
    const hits = sug ? index.suggest(sug.categories, sug.tags, limit) : [];
    return { hits, total: hits.length, mode: 'suggestions', segmenter: segmenter() };
  }
  const hits = index.search(query.q, {
    limit,
    ...(query.category ? { category: query.category } : {}),
  });
  return { hits, total: hits.length, mode: 'search', segmenter: segmenter() };
}

export async function getArticle(deps: KnowledgeDeps, articleId: string): Promise<Article> {
  const a = await deps.articles.get(articleId);
  if (!a) throw new ArticleNotFoundError(`no article "${articleId}"`);
  return a;
}

export interface SaveArticleResult {
  readonly article: Article;
  readonly before?: Article;
  readonly result: 'created' | 'updated' | 'unchanged';
}

const SAME_FIELDS = ['title', 'body', 'category', 'tags', 'language', 'owner', 'spoken'] as const;

export interface SaveArticleOptions {
  /**
   * The version the author edited (the editor's "base"): the save is refused with KnowledgeConflictError when
   * the article has moved on since, so a second editor never silently overwrites the first. 0: it must be new.
   */
  readonly expectedVersion?: number;
}

/** `at`, or `earliest` when `at` is before it. */
const notBefore = (at: Date, earliest: string | undefined): Date =>
  earliest !== undefined && Date.parse(earliest) > at.getTime() ? new Date(earliest) : at;

/** Create or update an article: a new version when anything changed, nothing written when nothing did. */
export async function saveArticle(
  deps: KnowledgeDeps,
  articleId: string,
  raw: ArticleInput,
  by: string,
  opts: SaveArticleOptions = {},
): Promise<SaveArticleResult> {
  const id = ArticleIdSchema.safeParse(articleId);
  if (!id.success) throw new KnowledgeRuleError(`article id "${articleId}": ${id.error.issues[0]?.message}`);
  const input = ArticleInputSchema.parse(raw);
  if (!deps.settings.categories.some((c) => c.key === input.category))
    throw new KnowledgeRuleError(
      `unknown category "${input.category}": one of ${deps.settings.categories.map((c) => c.key).join(', ')}`,
    );
  const before = await deps.articles.get(articleId);
  if (opts.expectedVersion !== undefined && (before?.version ?? 0) !== opts.expectedVersion)
    throw new KnowledgeConflictError(
      before
        ? opts.expectedVersion === 0
          ? `article "${articleId}" already exists (version ${before.version})`
          : `article "${articleId}" is at version ${before.version} now, not ${opts.expectedVersion}: reload it and edit again`
        : `article "${articleId}" does not exist any more`,
    );
  // `spoken`: absent keeps the current one (imports without the column), "" removes it.
  const spoken = input.spoken === undefined ? before?.spoken : input.spoken || undefined;
  const candidate = {
    title: input.title,
    body: input.body,
    category: input.category,
    tags: [...new Set(input.tags)],
    language: input.language,
    owner: input.owner ?? before?.owner ?? by,
    ...(spoken ? { spoken } : {}),
  };
  if (before && SAME_FIELDS.every((f) => JSON.stringify(before[f]) === JSON.stringify(candidate[f])))
    return { article: before, before, result: 'unchanged' };
  const article: Article = {
    articleId,
    ...candidate,
    version: (before?.version ?? 0) + 1,
    // Never before the version it replaces (a console clock moved back, a seed on another clock): the versions read
    // in number order are then in time order too.
    updatedAt: notBefore((deps.now ?? (() => new Date()))(), before?.updatedAt).toISOString(),
    updatedBy: by,
  };
  await deps.articles.save(article, before?.version ?? 0);
  if (deps.cache?.index) deps.cache.index.put(article);
  return before ? { article, before, result: 'updated' } : { article, result: 'created' };
}

export interface ImportRow {
  readonly line: number;
  readonly articleId: string;
  readonly input: ArticleInput;
}

export interface KnowledgeImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; reason: string }[];
}

/** Save each row; a bad row is reported with its line and skipped, the good ones kept. Re-importing changes nothing. */
export async function importArticles(
  deps: KnowledgeDeps,
  rows: Iterable<ImportRow | { line: number; error: string }>,
  by: string,
): Promise<KnowledgeImportSummary> {
  const summary: KnowledgeImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  for (const row of rows) {
    if ('error' in row) {
      summary.rejected.push({ line: row.line, reason: row.error });
      continue;
    }
    try {
      const r = await saveArticle(deps, row.articleId, row.input, by);
      summary[r.result]++;
    } catch (err) {
      const reason =
        err instanceof Error && 'issues' in err
          ? (err as unknown as { issues: { path: PropertyKey[]; message: string }[] }).issues
              .map((i) => `${i.path.join('.')}: ${i.message}`)
              .join('; ')
          : err instanceof Error
            ? err.message
            : String(err);
      summary.rejected.push({ line: row.line, reason });
    }
  }
  return summary;
}
