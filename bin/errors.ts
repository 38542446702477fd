/**
 * How the `hotline` CLI reports a failure: one line, `hotline: error: …`, and one exit-code rule for
 * every command (README, "Exit codes"):
 *
 * - 0: done (also when there was nothing to change);
 * - 1: refused or partly done: the command was well-formed, but the data or the environment said no
 *   (no such ticket, a reference that does not exist, a transition not allowed, rows rejected, the
 *   database or AWS failing);
 * - 2: usage error: the command line itself is wrong, whatever the data (unknown command or option,
 *   a missing argument, a value of the wrong form or over its limit, a file that cannot be read).
 */
import { z } from 'zod';
import { InvalidItemError } from '../functions/adapters/dynamodb/checked-item.js';
import { CustomerFileError } from '../functions/adapters/files/customer-file.js';
import { DateInputError } from '../functions/core/date-input.js';
import { describeZodError } from '../functions/core/describe-error.js';
import { SmsTemplateError } from '../functions/core/sms.js';
import { TicketInputError } from '../functions/core/tickets.js';
import { ListSourceError } from '../functions/ports/dialling-list-source.js';
import { CrmInputError } from '../functions/use-cases/manage-crm.js';
import { HomeError } from '../infra/local/home.js';
import { UsageError } from './options.js';

export const EXIT = { done: 0, refused: 1, usage: 2 } as const;

/** The command was understood, and the data or a rule said no: exit 1. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

/** The sentence for a Node system error about a path; undefined for another error. */
export function describeSystemError(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as NodeJS.ErrnoException & { dest?: string; address?: string; hostname?: string };
  if (typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code)) return undefined;
  const path = e.path ?? e.dest;
  const p = path ? `"${path}"` : 'the path';
  switch (e.code) {
    case 'ENOENT':
      return `${p} does not exist`;
    case 'EISDIR':
      return path ? `${p} is a folder; give a file` : 'a folder was given where a file is needed';
    case 'ENOTDIR':
      return `${p} is not a folder (a part of it is a file)`;
    case 'EEXIST':
      return `${p} already exists`;
    case 'ENOTEMPTY':
      return `${p} is a folder that is not empty`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to ${e.syscall === 'open' || !e.syscall ? 'use' : e.syscall} ${p}`;
    case 'EROFS':
      return `${p} is on a read-only file system`;
    case 'ENOSPC':
      return `no space left on the device${path ? ` (writing ${p})` : ''}`;
    case 'ENAMETOOLONG':
      return `${p} is too long a path`;
    case 'ELOOP':
      return `${p} has a loop of symbolic links`;
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
      return `cannot reach ${e.address ?? e.hostname ?? 'the service'} (${e.code})`;
    default:
      return undefined;
  }
}

/** Errors about a path the operator gave (exit 2); others (no space, network) are the environment (1). */
const PATH_CODES = new Set([
  'ENOENT',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'ENOTEMPTY',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENAMETOOLONG',
  'ELOOP',
]);

const isUsage = (err: unknown): boolean =>
  err instanceof UsageError ||
  err instanceof DateInputError ||
  err instanceof TicketInputError ||
  err instanceof HomeError ||
  err instanceof z.ZodError ||
  err instanceof InvalidItemError ||
  err instanceof CrmInputError ||
  err instanceof CustomerFileError ||
  err instanceof SmsTemplateError ||
  err instanceof ListSourceError ||
  (err instanceof Error && PATH_CODES.has(String((err as NodeJS.ErrnoException).code)));

/** One line, at most 500 characters, whatever the message holds (zod's JSON, stack-like text). */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 497)}…` : flat;
}

/** The line to print (without the `hotline: error: ` prefix) and the exit code, for any thrown value. */
/**
 * The sentence for an error an AWS SDK client gave up with (DynamoDB, DynamoDB Local, S3…): what the service
 * said and after how many attempts, and that running the command again is safe (every write is idempotent).
 */
export function describeServiceError(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string };
  if (!e.$metadata || typeof e.$metadata !== 'object') return undefined;
  const status = e.$metadata.httpStatusCode;
  const attempts = e.$metadata.attempts;
  const throttled = /throttl|slowdown|toomanyrequests|limitexceeded/i.test(`${e.name} ${e.message}`);
  const what = throttled
    ? `is throttling requests (${e.name})`
    : status && status >= 500
      ? `failed with a server error (HTTP ${status}${e.name && !/^Unknown/.test(e.name) ? `, ${e.name}` : ''})`
      : /socket hang up|ECONNRESET|EPIPE/i.test(`${e.message} ${(e as { code?: string }).code ?? ''}`)
        ? 'dropped the connection'
        : e.name === 'TimeoutError' || /timed? ?out|timeout/i.test(e.message)
          ? 'did not answer in time'
          : undefined;
  if (!what) return undefined;
  const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  return `the database ${what}${tries}; what was written is kept, and running the same command again is safe`;
}

export function formatCliError(err: unknown): { message: string; exitCode: 1 | 2 } {
  let message: string;
  if (err instanceof z.ZodError) message = describeZodError(err);
  else if (err instanceof Error && err.cause instanceof z.ZodError)
    message = `${err.message}: ${describeZodError(err.cause)}`;
  else
    message =
      describeServiceError(err) ??
      describeSystemError(err) ??
      (err instanceof Error ? err.message : String(err));
  if (!message.trim()) message = err instanceof Error ? err.name : 'unknown error';
  return { message: oneLine(message), exitCode: isUsage(err) ? EXIT.usage : EXIT.refused };
}
