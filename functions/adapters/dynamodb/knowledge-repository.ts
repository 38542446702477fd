import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Article, ArticleSchema } from '../../../schemas/knowledge.js';
import { KnowledgeConflictError, type KnowledgeRepository } from '../../ports/knowledge.js';
import { queryAll } from './query-all.js';

const keys = {
  current: (id: string) => ({ pk: `ARTICLE#${id}`, sk: 'CURRENT' }),
  version: (id: string, v: number) => ({ pk: `ARTICLE#${id}`, sk: `V#${String(v).padStart(6, '0')}` }),
};

const toArticle = (item: Record<string, unknown>): Article => ArticleSchema.parse(item);

export class DynamoKnowledgeRepository implements KnowledgeRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  listCurrent(): Promise<Article[]> {
    return queryAll(
      this.doc,
      this.table,
      {
        IndexName: 'current',
        KeyConditionExpression: 'curpk = :p',
        ExpressionAttributeValues: { ':p': 'ARTICLE' },
      },
      toArticle,
    );
  }

  async get(articleId: string): Promise<Article | undefined> {
    const r = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: keys.current(articleId), ConsistentRead: true }),
    );
    return r.Item ? toArticle(r.Item) : undefined;
  }

  async versions(articleId: string): Promise<Article[]> {
    const out = await queryAll(
      this.doc,
      this.table,
      {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':p': `ARTICLE#${articleId}`, ':v': 'V#' },
      },
      toArticle,
    );
    // By version number (the keys sort so too, up to 999999 versions; this says it whatever the key).
    return out.sort((a, b) => a.version - b.version);
  }

  async save(next: Article, previousVersion: number): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...next, ...keys.current(next.articleId), curpk: 'ARTICLE', cursk: next.articleId },
                ...(previousVersion === 0
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: 'version = :v',
                      ExpressionAttributeValues: { ':v': previousVersion },
                    }),
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...next, ...keys.version(next.articleId, next.version) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (err instanceof Error && err.name === 'TransactionCanceledException')
        throw new KnowledgeConflictError(
          `article ${next.articleId} changed since version ${previousVersion}: reload it and try again`,
        );
      throw err;
    }
  }
}
