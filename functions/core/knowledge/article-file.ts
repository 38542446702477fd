/**
 * Knowledge articles from files (`hotline kb import`):
 * - Markdown: one or more articles, each opened by a front-matter block (`id`, `category`, `tags`, `owner`,
 *   `language`, optional `title` and `spoken`: the IVR's spoken answer, one line), then the body; the first
 *   `# heading` is the title when none is given.
 * - CSV with a header row: `id,title,category,tags,body[,owner,language,spoken]`, tags separated by `;` or `|`.
 * Each article comes with the line it starts on, or an error for that line. Pure: text in, rows out.
 */
import { parse } from 'csv-parse/sync';
import type { ArticleInput } from '../../../schemas/knowledge.js';

export type ArticleRow =
  | { line: number; articleId: string; input: ArticleInput }
  | { line: number; error: string };

const splitTags = (v: string): string[] =>
  v
    .replace(/^\[|\]$/g, '')
    .split(/[;|,，；]/)
    .map((t) => t.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);

export function parseMarkdownArticles(text: string): ArticleRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: ArticleRow[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]?.trim() !== '---') {
      if (lines[i]?.trim())
        rows.push({ line: i + 1, error: 'expected a front-matter block starting with ---' });
      // Skip to the next block.
      while (i < lines.length && lines[i]?.trim() !== '---') i++;
      continue;
    }
    const start = i + 1;
    const meta: Record<string, string> = {};
    i++;
    while (i < lines.length && lines[i]?.trim() !== '---') {
      const m = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(lines[i] ?? '');
      if (m?.[1]) meta[m[1].toLowerCase()] = (m[2] ?? '').trim();
      i++;
    }
    i++; // closing ---
    const body: string[] = [];
    while (i < lines.length && lines[i]?.trim() !== '---') body.push(lines[i++] ?? '');
    let title = meta.title;
    const bodyLines = [...body];
    const h = bodyLines.findIndex((l) => /^#\s+/.test(l));
    if (!title && h >= 0) {
      title = (bodyLines[h] ?? '').replace(/^#\s+/, '').trim();
      bodyLines.splice(h, 1);
    }
    if (!meta.id) {
      rows.push({ line: start, error: 'front matter: id is missing' });
      continue;
    }
    rows.push({
      line: start,
      articleId: meta.id,
      input: {
        title: title ?? '',
        body: bodyLines.join('\n').trim(),
        category: meta.category ?? '',
        tags: splitTags(meta.tags ?? ''),
        ...(meta.owner ? { owner: meta.owner } : {}),
        ...(meta.language ? { language: meta.language as 'zh-CN' } : {}),
        ...(meta.spoken ? { spoken: meta.spoken } : {}),
      },
    });
  }
  return rows;
}

export function parseCsvArticles(text: string): ArticleRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as typeof records;
  } catch (err) {
    return [{ line: 1, error: `not valid CSV: ${err instanceof Error ? err.message : String(err)}` }];
  }
  return records.map(({ record: r, info }) => {
    const line = info.lines;
    if (!r.id) return { line, error: 'id is missing' };
    return {
      line,
      articleId: r.id,
      input: {
        title: r.title ?? '',
        body: (r.body ?? '').replace(/\\n/g, '\n'),
        category: r.category ?? '',
        tags: splitTags(r.tags ?? ''),
        ...(r.owner ? { owner: r.owner } : {}),
        ...(r.language ? { language: r.language as 'zh-CN' } : {}),
        ...(r.spoken ? { spoken: r.spoken } : {}),
      },
    };
  });
}
