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
  readonly slot: number;
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

/**
 * Postings map each term to the slots of the documents holding it and the term's weighted frequency there.
 * Scores are summed into one typed array per search and only the best `limit` are kept (no full sort), so a
 * query costs about the total length of its terms' postings.
 */
export class KnowledgeIndex {
  private readonly docs = new Map<string, Doc>();
  private readonly slots: (Doc | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private scores = new Float64Array(0);

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
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const doc: Doc = { slot, article, length, terms };
    this.slots[slot] = doc;
    this.docs.set(article.articleId, doc);
    this.totalLength += length;
    for (const [t, tf] of terms) {
      let list = this.postings.get(t);
      if (!list) {
        list = new Map();
        this.postings.set(t, list);
      }
      list.set(slot, tf);
    }
  }

  remove(articleId: string): void {
    const doc = this.docs.get(articleId);
    if (!doc) return;
    for (const t of doc.terms.keys()) {
      const list = this.postings.get(t);
      list?.delete(doc.slot);
      if (list?.size === 0) this.postings.delete(t);
    }
    this.totalLength -= doc.length;
    this.docs.delete(articleId);
    this.slots[doc.slot] = undefined;
    this.freeSlots.push(doc.slot);
  }

  get(articleId: string): Article | undefined {
    return this.docs.get(articleId)?.article;
  }

  all(): Article[] {
    return [...this.docs.values()].map((d) => d.article);
  }

  /** How many articles hold a term (0 for none): a bare lookup in the index. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  /** Articles matching any word of the query, best first (BM25); ties by article id. */
  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const terms = [...new Set(tokenize(query))];
    const limit = opts.limit ?? 10;
    const n = this.docs.size;
    if (terms.length === 0 || n === 0) return [];
    const avg = this.totalLength / n;
    if (this.scores.length < this.slots.length) this.scores = new Float64Array(this.slots.length * 2);
    const scores = this.scores;
    const touched: number[] = [];
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.size + 0.5) / (list.size + 0.5));
      for (const [slot, tf] of list) {
        const doc = this.slots[slot] as Doc;
        const s = (idf * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * doc.length) / avg));
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] = (scores[slot] as number) + s;
      }
    }
    // Keep the best `limit` (insertion into a short sorted list).
    const best: { slot: number; score: number }[] = [];
    for (const slot of touched) {
      const score = scores[slot] as number;
      scores[slot] = 0;
      const doc = this.slots[slot] as Doc;
      if (opts.category && doc.article.category !== opts.category) continue;
      if (best.length === limit && score <= (best[best.length - 1]?.score ?? 0)) continue;
      let i = best.length;
      while (
        i > 0 &&
        ((best[i - 1]?.score ?? 0) < score ||
          ((best[i - 1]?.score ?? 0) === score &&
            (this.slots[best[i - 1]?.slot ?? 0] as Doc).article.articleId > doc.article.articleId))
      )
        i--;
      best.splice(i, 0, { slot, score });
      if (best.length > limit) best.pop();
    }
    return best.map((b) => toHit((this.slots[b.slot] as Doc).article, terms, b.score));
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
