import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatCliError } from '../../bin/errors.js';
import { UsageError } from '../../bin/options.js';
import { InvalidItemError } from '../../functions/adapters/dynamodb/checked-item.js';
import { DateInputError } from '../../functions/core/date-input.js';
import { TicketRuleError } from '../../functions/core/tickets.js';
import { CreateTicketInputSchema } from '../../schemas/ticket.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-errors-'));
const caught = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('formatCliError: one line naming the field and the limit, and the exit code of the rule', () => {
  it('turns a ZodError into the field and its limit, never the JSON zod prints', () => {
    const parsed = CreateTicketInputSchema.safeParse({
      category: 'complaint',
      source: 'cli',
      createdBy: 'x',
      description: 'd'.repeat(2001),
      customerId: 'bad id!',
    });
    expect(parsed.success).toBe(false);
    const out = formatCliError(parsed.error);
    expect(out).toEqual({
      message:
        'description: at most 2000 characters; customerId: letters, digits, "-" or "_", at most 64 characters',
      exitCode: 2,
    });
    const record = z.object({ variables: z.record(z.string(), z.string().max(200)) });
    const r = record.safeParse({ variables: { offer: 'o'.repeat(3000) } }, { reportInput: true });
    expect(formatCliError(r.error).message).toBe('variables.offer: at most 200 characters (got 3000)');
  });

  it('turns Node system errors into sentences about the path (usage errors)', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    mkdirSync(join(dir, 'folder'));
    const cases: [Promise<unknown>, string][] = [
      [caught(readFile(join(dir, 'missing.csv'))), `"${join(dir, 'missing.csv')}" does not exist`],
      [caught(readFile(join(dir, 'folder'))), 'a folder was given where a file is needed'],
      [
        caught(writeFile(join(dir, 'file', 'x'), '')),
        `"${join(dir, 'file', 'x')}" is not a folder (a part of it is a file)`,
      ],
    ];
    for (const [p, message] of cases) {
      const out = formatCliError(await p);
      expect(out).toEqual({ message, exitCode: 2 });
    }
    const exists = Object.assign(new Error("EEXIST: file already exists, mkdir '/a'"), {
      code: 'EEXIST',
      path: '/a',
      syscall: 'mkdir',
    });
    expect(formatCliError(exists).message).toBe('"/a" already exists');
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES', path: '/root/x', syscall: 'open' });
    expect(formatCliError(denied).message).toBe('no permission to use "/root/x"');
    const full = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', path: '/x', syscall: 'write' });
    expect(formatCliError(full)).toEqual({
      message: 'no space left on the device (writing "/x")',
      exitCode: 1,
    });
  });

  it('gives 2 for usage errors, 1 for refusals and failures, and one line whatever the message holds', () => {
    expect(formatCliError(new UsageError('--limit must be a positive number')).exitCode).toBe(2);
    expect(formatCliError(new DateInputError('--at "-1" is not a date')).exitCode).toBe(2);
    expect(formatCliError(new InvalidItemError('ticket T1', new z.ZodError([]))).exitCode).toBe(2);
    expect(formatCliError(new TicketRuleError('no ticket T20200101-0001')).exitCode).toBe(1);
    expect(formatCliError(new Error('DynamoDB is down')).exitCode).toBe(1);
    expect(formatCliError(new Error('first\n  second\n\tthird')).message).toBe('first second third');
    expect(formatCliError(new Error('x'.repeat(2000))).message.length).toBeLessThanOrEqual(500);
    expect(formatCliError('a string').message).toBe('a string');
  });
});
