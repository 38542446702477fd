import { describe, expect, it } from 'vitest';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { parseCsvArticles, parseMarkdownArticles } from '../../functions/core/knowledge/article-file.js';
import { KnowledgeIndex } from '../../functions/core/knowledge/search-index.js';
import { segmenter, tokenize } from '../../functions/core/knowledge/tokenize.js';
import type { Article } from '../../schemas/knowledge.js';
import { KnowledgeSettingsSchema } from '../../schemas/knowledge.js';
import { PROFILE_IDS } from '../../schemas/profile.js';

const article = (
  id: string,
  title: string,
  body: string,
  category = 'faq',
  tags: string[] = [],
): Article => ({
  articleId: id,
  title,
  body,
  category,
  tags,
  language: 'zh-CN',
  owner: 'admin',
  version: 1,
  updatedAt: '2026-11-23T02:00:00.000Z',
  updatedBy: 'admin',
});

describe('word segmentation', () => {
  it('segments Chinese into words with jieba (not characters, not substrings)', () => {
    expect(segmenter()).toBe('jieba');
    const words = tokenize('保险理赔需要准备哪些材料');
    expect(words).toEqual(expect.arrayContaining(['保险', '理赔', '材料']));
    expect(words).not.toContain('赔');
  });

  it('lower-cases English, drops stop words and plural s', () => {
    expect(tokenize('How do I book the Services?')).toEqual(['book', 'service']);
  });
});

describe('KnowledgeIndex', () => {
  const index = new KnowledgeIndex([
    article('claims', '保险理赔需要准备哪些材料', '行驶证、驾驶证、事故认定书和维修发票。', 'insurance', [
      '理赔',
    ]),
    article('rescue', '道路救援服务流程', '爆胎、亏电可免费救援。', 'rescue', ['救援']),
    article('hours', 'Opening hours', 'The showroom opens at nine. 营业时间', 'faq'),
    article('pay', '货款结算方式', '银行代扣。材料费另计。', 'faq'),
  ]);

  it('ranks the article whose title and tags match above one that mentions a word in passing', () => {
    const hits = index.search('理赔材料');
    expect(hits.map((h) => h.articleId)).toEqual(['claims', 'pay']);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? 0);
    expect(hits[0]?.snippet).toContain('行驶证');
  });

  it('does not match a word by a shared character (real segmentation)', () => {
    // 赔 alone is no word of any article: 理赔 is.
    expect(index.search('赔')).toEqual([]);
  });

  it('finds English, filters by category, and updates in place', () => {
    expect(index.search('showroom hours')[0]?.articleId).toBe('hours');
    expect(index.search('材料', { category: 'faq' }).map((h) => h.articleId)).toEqual(['pay']);
    index.put(article('pay', '货款结算方式', '银行代扣。', 'faq'));
    expect(index.search('材料').map((h) => h.articleId)).toEqual(['claims']);
  });

  it('suggests the articles of a menu choice', () => {
    expect(index.suggest(['insurance'], ['理赔']).map((h) => h.articleId)).toEqual(['claims']);
  });
});

describe('article files', () => {
  it('reads Markdown articles with front matter, the first heading as title', () => {
    const rows = parseMarkdownArticles(
      '---\nid: a-1\ncategory: faq\ntags: 甲, 乙\n---\n# 标题\n\n正文\n---\ncategory: faq\n---\n# 没有编号\n',
    );
    expect(rows[0]).toEqual({
      line: 1,
      articleId: 'a-1',
      input: { title: '标题', body: '正文', category: 'faq', tags: ['甲', '乙'] },
    });
    expect(rows[1]).toEqual({ line: 9, error: 'front matter: id is missing' });
  });

  it('reads CSV with a header row, line numbers for each article', () => {
    const rows = parseCsvArticles(
      'id,title,category,tags,body\nx-1,T,faq,a;b,"line 1\\nline 2"\n,no id,faq,,b\n',
    );
    expect(rows[0]).toMatchObject({
      line: 2,
      articleId: 'x-1',
      input: { tags: ['a', 'b'], body: 'line 1\nline 2' },
    });
    expect(rows[1]).toEqual({ line: 3, error: 'id is missing' });
  });

  it('reads the IVR’s spoken answer: `spoken:` in front matter, a `spoken` column in CSV', () => {
    const md = parseMarkdownArticles(
      '---\nid: a-1\ncategory: faq\nspoken: 货款通过银行代扣结算。\n---\n# 标题\n正文\n',
    );
    expect(md[0]).toMatchObject({ articleId: 'a-1', input: { spoken: '货款通过银行代扣结算。' } });
    const csv = parseCsvArticles(
      'id,title,category,tags,body,spoken\nx-1,T,faq,,B,Paid by direct debit.\nx-2,T,faq,,B,\n',
    );
    expect(csv[0]).toMatchObject({ input: { spoken: 'Paid by direct debit.' } });
    expect(csv[1]).not.toHaveProperty('input.spoken');
  });
});

describe('spoken FAQ settings', () => {
  it('refuses a duplicate topic key, key 0 and an empty topic list', () => {
    const base = { categories: [{ key: 'faq', label: { 'zh-CN': 'FAQ', 'en-US': 'FAQ' } }], suggestions: {} };
    const topic = (key: string) => ({
      key,
      label: { 'zh-CN': '付款', 'en-US': 'payment' },
      articles: { 'zh-CN': 'pay', 'en-US': 'pay-en' },
    });
    const ok = (topics: unknown[]) =>
      KnowledgeSettingsSchema.safeParse({ ...base, ivrFaq: { menuKey: '4', topics } }).success;
    expect(ok([topic('1'), topic('2')])).toBe(true);
    expect(ok([topic('1'), topic('1')])).toBe(false);
    expect(ok([topic('0')])).toBe(false);
    expect(ok([])).toBe(false);
  });
});

describe('knowledge settings', () => {
  it('gives distribution the seven categories of seed 004 and every profile suggestions for its menu', () => {
    expect(knowledgeOf('distribution').categories.map((c) => c.label['zh-CN'])).toEqual([
      '产品',
      '品牌',
      '营销',
      '物流',
      '系统操作',
      '业务',
      'FAQ',
    ]);
    for (const id of PROFILE_IDS) expect(Object.keys(knowledgeOf(id).suggestions).length).toBeGreaterThan(0);
  });
});
