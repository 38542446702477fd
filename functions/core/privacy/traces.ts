/**
 * Traces of a person in stored data (issue 17, erasure): the written forms of their numbers, their customer id and
 * card number (identifiers: matched as whole tokens), and their name (matched anywhere, but only inside a record that
 * an identifier already tied to them: two customers may share a name). Pure.
 */

export const FORGOTTEN = '[forgotten]';

export interface Traces {
  /** Whole-token identifiers: numbers (E.164 and national digits), customer id, card number. */
  readonly ids: readonly string[];
  /** Free-text forms (the name): replaced only in a record that `ids` matched. */
  readonly names: readonly string[];
}

/** Forms a number is written in: E.164 and the national digits (`+8613800138000` → `13800138000`). */
export function numberForms(e164s: readonly string[]): string[] {
  return [
    ...new Set(
      e164s.flatMap((n) => [n, n.replace(/^\+86/, ''), n.replace(/^\+1/, '')]).filter((f) => f.length >= 7),
    ),
  ];
}

export function tracesOf(subject: {
  readonly customerId?: string;
  readonly numbers: readonly string[];
  readonly cardNumber?: string;
  readonly name?: string;
}): Traces {
  return {
    ids: [
      ...numberForms(subject.numbers),
      ...(subject.customerId ? [subject.customerId] : []),
      ...(subject.cardNumber ? [subject.cardNumber] : []),
    ],
    names: subject.name && subject.name.trim().length >= 2 ? [subject.name.trim()] : [],
  };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regex per kind: identifiers as whole tokens (not inside a longer id or number), names anywhere. */
function patterns(t: Traces): { ids?: RegExp; all?: RegExp } {
  const ids = t.ids.map(escapeRegex);
  const idSource = ids.length ? `(?<![\\p{L}\\p{N}_-])(?:${ids.join('|')})(?![\\p{L}\\p{N}_-])` : '';
  const nameSource = t.names.map(escapeRegex).join('|');
  return {
    ...(idSource ? { ids: new RegExp(idSource, 'u') } : {}),
    ...(idSource || nameSource
      ? { all: new RegExp([idSource, nameSource].filter(Boolean).join('|'), 'gu') }
      : {}),
  };
}

/** True when a string anywhere in the value (keys included) names one of the identifiers. */
export function mentions(value: unknown, t: Traces): boolean {
  const { ids } = patterns(t);
  if (!ids) return false;
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return ids.test(v);
    if (Array.isArray(v)) return v.some(walk);
    if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => ids.test(k) || walk(x));
    return false;
  };
  return walk(value);
}

/** The value with every identifier and name inside its strings (and keys) replaced by `[forgotten]`. */
export function redact<T>(value: T, t: Traces): T {
  const { all } = patterns(t);
  if (!all) return value;
  const str = (s: string) => s.replace(all, FORGOTTEN);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [str(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
