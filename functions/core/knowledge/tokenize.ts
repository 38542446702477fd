/**
 * Word segmentation for knowledge search, Chinese and English alike. Chinese is segmented into real words
 * with jieba (@node-rs/jieba, search mode: "车辆保养" also yields "车辆", "保养"); where its native binding
 * cannot load (a platform the registry has no binary for, or a Lambda bundle without it), ICU's dictionary
 * word segmenter (Intl.Segmenter) is used instead. A process uses one segmenter for indexing and queries
 * alike, so scores stay consistent. English words are lower-cased and lightly stemmed (plural "s").
 */
import { createRequire } from 'node:module';

type Segment = (text: string) => string[];

const STOP = new Set([
  '的',
  '了',
  '和',
  '与',
  '是',
  '在',
  '吗',
  '呢',
  '吧',
  '啊',
  '请',
  '我',
  '您',
  '你',
  '怎么',
  '如何',
  '什么',
  '哪些',
  'a',
  'an',
  'the',
  'of',
  'to',
  'and',
  'or',
  'is',
  'are',
  'in',
  'on',
  'for',
  'how',
  'what',
  'do',
  'i',
  'my',
  'can',
]);

function loadJieba(): Segment | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    const jieba = Jieba.withDict(dict);
    return (text) => jieba.cutForSearch(text, true);
  } catch {
    return undefined;
  }
}

function icuSegmenter(): Segment {
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  return (text) => [...seg.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

let segment: Segment | undefined;
let segmenterName: 'jieba' | 'icu' = 'icu';

/** Which segmenter this process uses: `jieba`, or `icu` where jieba's native binding is missing. */
export function segmenter(): 'jieba' | 'icu' {
  getSegment();
  return segmenterName;
}

function getSegment(): Segment {
  if (!segment) {
    const jieba = process.env.HOTLINE_KB_SEGMENTER === 'icu' ? undefined : loadJieba();
    segmenterName = jieba ? 'jieba' : 'icu';
    segment = jieba ?? icuSegmenter();
  }
  return segment;
}

const WORD = /[\p{L}\p{N}]/u;

function normalizeTerm(raw: string): string | undefined {
  const t = raw.trim().toLowerCase();
  if (!t || !WORD.test(t) || STOP.has(t)) return undefined;
  if (/^[a-z]+$/.test(t) && t.length > 3 && t.endsWith('s') && !t.endsWith('ss')) return t.slice(0, -1);
  return t;
}

/** The search terms of a text, in order, with repeats (term frequency counts them). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of getSegment()(text.normalize('NFKC'))) {
    const term = normalizeTerm(word);
    if (term) out.push(term);
  }
  return out;
}
