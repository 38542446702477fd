/**
 * Editing the knowledge base in the workspace (F13), for admins only: create an article, publish a new
 * version of it (refused when someone published another since the editor opened it), read every version in
 * full, and publish an old version again. Every write goes through the knowledge use cases and the audit log.
 */
import { z } from '@hono/zod-openapi';
import {
  ArticleVersionsSchema,
  CreateArticleBodySchema,
  PublishVersionBodySchema,
  SaveArticleResultSchema,
} from '../../../schemas/api-knowledge.js';
import { type Article, ArticleIdSchema } from '../../../schemas/knowledge.js';
import { ArticleNotFoundError, saveArticle } from '../../use-cases/knowledge/knowledge-base.js';
import { changesOf, json, type RouteKit } from '../route-kit.js';

const AUDITED = ['title', 'body', 'category', 'tags', 'owner', 'language', 'spoken', 'version'];

const ArticleParams = z.object({ articleId: ArticleIdSchema });
const VersionParams = ArticleParams.extend({ version: z.coerce.number().int().positive() });

/** The content fields of a stored version, as an author would type them. */
const inputOf = (a: Article) => ({
  title: a.title,
  body: a.body,
  category: a.category,
  tags: a.tags,
  language: a.language,
  owner: a.owner,
  spoken: a.spoken ?? '',
});

export function registerKnowledgeAdminRoutes({ app, route, audit, deps }: RouteKit): void {
  const body = <T extends z.ZodType>(schema: T) => ({
    body: { required: true, content: { 'application/json': { schema } } },
  });

  app.openapi(
    route('admin', {
      method: 'post',
      path: '/api/kb/articles',
      operationId: 'createArticle',
      summary: 'Create an article (version 1); 409 when the id is taken',
      request: body(CreateArticleBodySchema),
      responses: json(SaveArticleResultSchema),
    }),
    async (c) => {
      const { articleId, ...input } = c.req.valid('json');
      const r = await saveArticle(deps.knowledge, articleId, input, c.get('user').username, {
        expectedVersion: 0,
      });
      await audit(c, 'createArticle', `article:${articleId}`, changesOf(undefined, r.article, AUDITED));
      return c.json({ article: r.article, result: r.result }, 200);
    },
  );

  app.openapi(
    route('admin', {
      method: 'post',
      path: '/api/kb/articles/{articleId}/versions',
      operationId: 'publishArticleVersion',
      summary: 'Publish a new version of an article (409 when it changed since `baseVersion`)',
      description:
        'Agents see the new version at once. Nothing is written when nothing changed (`result: unchanged`).',
      request: { params: ArticleParams, ...body(PublishVersionBodySchema) },
      responses: json(SaveArticleResultSchema),
    }),
    async (c) => {
      const { articleId } = c.req.valid('param');
      const { baseVersion, ...input } = c.req.valid('json');
      if (!(await deps.knowledge.articles.get(articleId)))
        throw new ArticleNotFoundError(`no article "${articleId}"`);
      const r = await saveArticle(deps.knowledge, articleId, input, c.get('user').username, {
        expectedVersion: baseVersion,
      });
      if (r.result !== 'unchanged')
        await audit(
          c,
          'publishArticleVersion',
          `article:${articleId}`,
          changesOf(r.before, r.article, AUDITED),
        );
      return c.json({ article: r.article, result: r.result }, 200);
    },
  );

  app.openapi(
    route('admin', {
      method: 'get',
      path: '/api/kb/articles/{articleId}/versions',
      operationId: 'listArticleVersions',
      summary: "An article's versions in full, newest first",
      request: { params: ArticleParams },
      responses: json(ArticleVersionsSchema),
    }),
    async (c) => {
      const { articleId } = c.req.valid('param');
      const versions = await deps.knowledge.articles.versions(articleId);
      if (versions.length === 0) throw new ArticleNotFoundError(`no article "${articleId}"`);
      return c.json({ articleId, versions: [...versions].sort((a, b) => b.version - a.version) }, 200);
    },
  );

  app.openapi(
    route('admin', {
      method: 'post',
      path: '/api/kb/articles/{articleId}/versions/{version}/restore',
      operationId: 'restoreArticleVersion',
      summary: "Publish an old version's content again, as a new version",
      request: { params: VersionParams, ...body(z.object({ baseVersion: z.number().int().positive() })) },
      responses: json(SaveArticleResultSchema),
    }),
    async (c) => {
      const { articleId, version } = c.req.valid('param');
      const { baseVersion } = c.req.valid('json');
      const old = (await deps.knowledge.articles.versions(articleId)).find((v) => v.version === version);
      if (!old) throw new ArticleNotFoundError(`article "${articleId}" has no version ${version}`);
      const r = await saveArticle(deps.knowledge, articleId, inputOf(old), c.get('user').username, {
        expectedVersion: baseVersion,
      });
      if (r.result !== 'unchanged')
        await audit(c, 'restoreArticleVersion', `article:${articleId}`, {
          ...changesOf(r.before, r.article, AUDITED),
          restoredFrom: { after: version },
        });
      return c.json({ article: r.article, result: r.result }, 200);
    },
  );
}
