/**
 * One readable line for a validation failure: which field, what the limit is, and what was given.
 * Used by the repositories' write guard (functions/adapters/dynamodb/checked-item.ts) and by the
 * operators' CLI (bin/errors.ts), so both say the same thing for the same mistake.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** `history[3].note`, `phones[0]`, or '' for the value itself. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

const unit = (origin: unknown): string =>
  origin === 'string' ? 'characters' : origin === 'array' || origin === 'set' ? 'items' : '';

const FORMATS: Record<string, string> = {
  datetime: 'must be an ISO time with an offset, such as 2026-11-23T10:00:00+08:00',
  date: 'must be a date such as 2026-11-23',
  email: 'must be an e-mail address',
  url: 'must be a URL',
};

/** The limit an issue names, in words: "at most 1000 characters". */
export function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'too_big': {
      const u = unit(issue.origin);
      return `at most ${String(issue.maximum)}${u ? ` ${u}` : ''}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    }
    case 'too_small': {
      const u = unit(issue.origin);
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `at least ${String(issue.minimum)}${u ? ` ${u}` : ''}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${issue.expected}`;
    case 'invalid_format':
      // A regex's message says the expected form ("an E.164 number such as …"); else name the format.
      if (issue.message && !issue.message.startsWith('Invalid')) return issue.message;
      return FORMATS[issue.format] ?? `must be a ${issue.format}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** Length of a string or array as given, for "(got 1001)". */
function given(issue: Issue): string {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return '';
  const input = (issue as { input?: unknown }).input;
  if (typeof input === 'string' || Array.isArray(input)) return ` (got ${input.length})`;
  if (typeof input === 'number') return ` (got ${input})`;
  return '';
}

/**
 * `note: at most 1000 characters (got 1001)`; several problems joined with "; " (at most three,
 * then "and N more"). `label` renames the root path (e.g. "ticket T20261123-0001").
 */
export function describeZodError(error: z.ZodError, opts: { label?: string } = {}): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = fieldPath(issue.path);
    const where = [opts.label, path].filter(Boolean).join(' ');
    return `${where ? `${where}: ` : ''}${describeIssue(issue)}${given(issue)}`;
  });
  const more = error.issues.length - 3;
  return `${parts.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
