import type { Article } from '../../schemas/knowledge.js';

/** Raised when a save lost a race (the article changed since it was read). */
export class KnowledgeConflictError extends Error {
  override readonly name = 'KnowledgeConflictError';
}

/** Persistence of knowledge articles (port; DynamoDB adapter). */
export interface KnowledgeRepository {
  /** The current version of every article (an index query, no scan). */
  listCurrent(): Promise<Article[]>;
  get(articleId: string): Promise<Article | undefined>;
  /** Older and current versions of an article, oldest first. */
  versions(articleId: string): Promise<Article[]>;
  /**
   * Store `next` as the current version and as version `next.version`, in one transaction, only if the
   * current version is still `previousVersion` (0: the article must not exist). KnowledgeConflictError if not.
   */
  save(next: Article, previousVersion: number): Promise<void>;
}
