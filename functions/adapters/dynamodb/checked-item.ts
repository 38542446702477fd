/**
 * The write guard every DynamoDB repository uses: an item is validated with the same zod schema that
 * reads it back, before it is written. A write the read side would refuse (a note over its limit, an id
 * in the wrong form) is refused here with one readable line, instead of breaking every later read of
 * that item (show, list, escalation, export).
 */
import type { z } from 'zod';
import { describeZodError } from '../../core/describe-error.js';

/** An item that its own read schema would refuse: nothing was written. */
export class InvalidItemError extends Error {
  override readonly name = 'InvalidItemError';
  constructor(
    /** What the item is, for people: "ticket T20261123-0001". */
    readonly what: string,
    readonly issues: z.ZodError,
  ) {
    super(`${what} not saved: ${describeZodError(issues)}`);
  }
}

/**
 * `item`, unchanged, once `schema` (the schema the repository reads it with) accepts it; else an
 * InvalidItemError. The item is written as given, not as parsed, so defaults never sneak in.
 */
export function checkedItem<T>(schema: z.ZodType, item: T, what: string): T {
  const parsed = schema.safeParse(item, { reportInput: true });
  if (!parsed.success) throw new InvalidItemError(what, parsed.error);
  return item;
}
