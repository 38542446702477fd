import type { Construct } from 'constructs';
import type { z } from 'zod';
import { CONFIG_KEYS, type Config, ConfigSchema } from '../schemas/config.js';

/** Bad deployment context: the message names each bad key, the value given and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

const ARTICLE: Record<string, string> = { number: 'a number', int: 'an integer', string: 'a string' };

/** What is allowed, in words, for one zod issue. Schema messages are written as noun phrases. */
function allowed(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map(show).join(', ')}`;
    case 'too_small':
      return `expected at least ${show(issue.minimum)}`;
    case 'too_big':
      return `expected at most ${show(issue.maximum)}`;
    case 'invalid_type':
      return `expected ${ARTICLE[issue.expected] ?? issue.expected}`;
    default:
      return `expected ${issue.message}`;
  }
}

/**
 * Read every key of CONFIG_KEYS from CDK context (`-c key=value` or cdk.json "context"),
 * validate it with ConfigSchema and return the Config. Throws a ConfigError that lists
 * every problem, e.g.
 * `Invalid context: -c profile=foo: expected one of auto-dealer, logistics, distribution, outsourced-crm`.
 */
export function loadConfig(scope: Construct): Config {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = scope.node.tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }

  const problems: string[] = [];
  // A key in the wrong case is ignored by tryGetContext, so the default would silently win.
  const known = new Map(CONFIG_KEYS.map((k) => [k.toLowerCase(), k]));
  for (const [key, value] of Object.entries(scope.node.getAllContext())) {
    const meant = known.get(key.toLowerCase());
    if (meant && meant !== key) {
      problems.push(`-c ${key}=${show(value)}: unknown key; did you mean ${meant}?`);
    }
  }

  const both = raw.instanceAlias !== undefined && raw.instanceArn !== undefined;
  if (both) {
    problems.push(
      `-c instanceAlias=${show(raw.instanceAlias)} and -c instanceArn=${show(raw.instanceArn)}: ` +
        'give either instanceAlias (create an instance) or instanceArn (use an existing one), not both',
    );
  }

  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      // The schema's own both-given check (the ARN's format error is `invalid_format`): reported above.
      if (both && issue.code === 'custom' && key === 'instanceArn') continue;
      problems.push(`-c ${key}=${show(raw[key])}: ${allowed(issue)}`);
    }
  }

  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(`Invalid context: ${problems.join('; ')}`);
  }
  return parsed.data;
}
