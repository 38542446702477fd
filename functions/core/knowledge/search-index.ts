/**
 * Ranked full-text search over knowledge articles (F13): an in-memory inverted index with BM25 scoring over
 * segmented words (tokenize.ts), title and tags weighted above the body. Built from the current version of
 * every article; rebuilt or updated when an article is saved. Pure: no I/O.
 */
import type { Article, SearchHit } from '../../../schemas/knowledge.js';
import { tokenize } from './tokenize.js';

const FIELD_WEIGHT = { title: 3, tags: 2, body: 1 } as const;
const K1 = 1.2;
const B = 0.75;

interface Doc {
  readonly article: Article;
  /** Weighted length (title and tags count by their weight). */
  readonly length: number;
  readonly terms: ReadonlyMap<string, number>;
}

export interface SearchOptions {
  readonly category?: string;
  readonly tags?: readonly string[];
  readonly limit?: number;
}

export class KnowledgeIndex {
  private readonly docs = new Map<string, Doc>();
  private readonly postings = new Map<string, Set<string>>();
  private totalLength = 0;

  constructor(articles: Iterable<Article> = []) {
    for (const a of articles) this.put(a);
  }

  get size(): number {
    return this.docs.size;
  }

  /** Add or replace an article. */
  put(article: Article): void {
    this.remove(article.articleId);
    const terms = new Map<string, number>();
    let length = 0;
    const add = (text: string, weight: number) => {
      for (const t of tokenize(text)) {
        terms.set(t, (terms.get(t) ?? 0) + weight);
        length += weight;
      }
    };
    add(article.title, FIELD_WEIGHT.title);
    add(article.tags.join(' '), FIELD_WEIGHT.tags);
    add(article.body, FIELD_WEIGHT.body);
    this.docs.set(article.articleId, { article, length, terms });
    this.totalLength += length;
    for (const t of terms.keys()) {
      let set = this.postings.get(t);
      if (!set) {
        set = new Set();
        this.postings.set(t, set);
      }
      set.add(article.articleId);
    }
  }

  remove(articleId: string): void {
    const doc = this.docs.get(articleId);
    if (!doc) return;
    for (const t of doc.terms.keys()) {
      const set = this.postings.get(t);
      set?.delete(articleId);
      if (set?.size === 0) this.postings.delete(t);
    }
    this.totalLength -= doc.length;
    this.docs.delete(articleId);
  }

  get(articleId: string): Article | undefined {
    return this.docs.get(articleId)?.article;
  }

  all(): Article[] {
    return [...this.docs.values()].map((d) => d.article);
  }

  /** Articles matching any word of the query, best first (BM25); ties by title. */
  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const terms = [...new Set(tokenize(query))];
    const limit = opts.limit ?? 10;
    if (terms.length === 0 || this.docs.size === 0) return [];
    const n = this.docs.size;
    const avg = this.totalLength / n;
    const scores = new Map<string, number>();
    for (const term of terms) {
      const ids = this.postings.get(term);
      if (!ids) continue;
      const idf = Math.log(1 + (n - ids.size + 0.5) / (ids.size + 0.5));
      for (const id of ids) {
        const doc = this.docs.get(id) as Doc;
        if (opts.category && doc.article.category !== opts.category) continue;
        const tf = doc.terms.get(term) ?? 0;
        const s = (idf * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * doc.length) / avg));
        scores.set(id, (scores.get(id) ?? 0) + s);
      }
    }
    return [...scores.entries()]
      .sort(
        (a, b) =>
          b[1] - a[1] ||
          (this.docs.get(a[0]) as Doc).article.title.localeCompare(
            (this.docs.get(b[0]) as Doc).article.title,
          ),
      )
      .slice(0, limit)
      .map(([id, score]) => toHit((this.docs.get(id) as Doc).article, terms, score));
  }

  /** Articles of the given categories or tags (suggestions for a call's menu choice), most recently updated first. */
  suggest(categories: readonly string[], tags: readonly string[], limit = 5): SearchHit[] {
    const cats = new Set(categories);
    const tagSet = new Set(tags);
    return [...this.docs.values()]
      .map((d) => ({
        a: d.article,
        score: (cats.has(d.article.category) ? 1 : 0) + d.article.tags.filter((t) => tagSet.has(t)).length,
      }))
      .filter((x) => x.score > 0)
      .sort((x, y) => y.score - x.score || y.a.updatedAt.localeCompare(x.a.updatedAt))
      .slice(0, limit)
      .map((x) => toHit(x.a, [], x.score));
  }
}

function toHit(a: Article, terms: readonly string[], score: number): SearchHit {
  return {
    articleId: a.articleId,
    title: a.title,
    category: a.category,
    tags: a.tags,
    snippet: snippet(a.body, terms),
    score: Math.round(score * 1000) / 1000,
  };
}

/** About 80 characters of the body around the first query word found in it. */
export function snippet(body: string, terms: readonly string[], width = 80): string {
  const flat = body
    .replace(/\s+/g, ' ')
    .replace(/[#*_`>]/g, '')
    .trim();
  const lower = flat.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = Math.max(0, at - Math.floor(width / 4));
  const text = flat.slice(start, start + width);
  return `${start > 0 ? '…' : ''}${text}${start + width < flat.length ? '…' : ''}`;
}
