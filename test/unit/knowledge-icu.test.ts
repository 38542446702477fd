/**
 * The knowledge search as it runs in the Lambda bundle: jieba's native binding is not in the asset (see the
 * README, "Knowledge base"), so the API segments Chinese with ICU's word segmenter (Intl.Segmenter). This file
 * runs in its own module graph with the fallback forced, and checks that Chinese search still works by words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../schemas/knowledge.js';

let tokenize: typeof import('../../functions/core/knowledge/tokenize.js').tokenize;
let segmenter: typeof import('../../functions/core/knowledge/tokenize.js').segmenter;
let KnowledgeIndex: typeof import('../../functions/core/knowledge/search-index.js').KnowledgeIndex;

beforeAll(async () => {
  process.env.HOTLINE_KB_SEGMENTER = 'icu';
  ({ tokenize, segmenter } = await import('../../functions/core/knowledge/tokenize.js'));
  ({ KnowledgeIndex } = await import('../../functions/core/knowledge/search-index.js'));
});

const article = (articleId: string, title: string, body: string, tags: string[] = []): Article => ({
  articleId,
  title,
  body,
  category: 'faq',
  tags,
  language: 'zh-CN',
  owner: 'admin',
  version: 1,
  updatedAt: '2026-11-23T02:00:00.000Z',
  updatedBy: 'admin',
});

describe('search without jieba (ICU word segmentation)', () => {
  it('says it is the fallback, and still cuts common Chinese words whole (rarer ones may split)', () => {
    expect(segmenter()).toBe('icu');
    const words = tokenize('保险理赔需要准备哪些材料');
    expect(words).toEqual(expect.arrayContaining(['保险', '需要', '准备', '材料']));
    // ICU's dictionary lacks 理赔: it splits into 理 and 赔, where jieba keeps the word (knowledge.test.ts).
    expect(words.length).toBeLessThan([...'保险理赔需要准备哪些材料'].length);
  });

  it('ranks the article whose words match first, and does not match on single characters', () => {
    const index = new KnowledgeIndex([
      article('claim-documents', '保险理赔需要准备哪些材料', '请准备行驶证、驾驶证、事故认定书和维修发票。', [
        '理赔',
      ]),
      article('service-interval', '多久做一次保养', '一般每行驶一万公里或一年保养一次。', ['保养']),
      article('compensation', '赔偿标准', '快件丢失按声明价值赔偿。'),
    ]);
    const hits = index.search('理赔需要什么材料', { limit: 5 });
    expect(hits[0]?.articleId).toBe('claim-documents');
    expect(hits.map((h) => h.articleId)).not.toContain('compensation');
    expect(index.search('保养', { limit: 5 })[0]?.articleId).toBe('service-interval');
  });
});
