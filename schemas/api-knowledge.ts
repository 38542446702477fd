/** Bodies and answers of the knowledge base's admin routes (functions/api/routes/knowledge-admin.ts). */
import { z } from 'zod';
import { ArticleIdSchema, ArticleInputSchema, ArticleSchema } from './knowledge.js';

/** A new article: its id and its first version. */
export const CreateArticleBodySchema = ArticleInputSchema.extend({ articleId: ArticleIdSchema });

/** A new version of an article: the content, and the version the editor started from. */
export const PublishVersionBodySchema = ArticleInputSchema.extend({
  /** The version shown in the editor: refused (409) when someone published another version since. */
  baseVersion: z.number().int().positive(),
});

export const SaveArticleResultSchema = z.object({
  article: ArticleSchema,
  /** `unchanged`: nothing differed from the current version, no version was written. */
  result: z.enum(['created', 'updated', 'unchanged']),
});

export const ArticleVersionsSchema = z.object({
  articleId: ArticleIdSchema,
  /** Every version in full, newest first. */
  versions: z.array(ArticleSchema),
});
