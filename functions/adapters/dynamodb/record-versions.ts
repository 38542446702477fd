/**
 * Reading versioned call records: each CTR version of a contact is its own item (`RECORD#<version>`, keys.ts), and
 * a contact's record is its greatest record sk: the newest version, or the forgotten stub, which outranks them all.
 */
import { RECORD_PREFIX } from './keys.js';

export const isRecordSk = (sk: unknown): sk is string =>
  typeof sk === 'string' && (sk === RECORD_PREFIX || sk.startsWith(`${RECORD_PREFIX}#`));

/**
 * The record of a contact among items of its collection: the greatest record sk, i.e. the newest version, or the
 * forgotten stub, which outranks them all.
 */
export function newestRecord(items: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  let best: Record<string, unknown> | undefined;
  for (const item of items)
    if (isRecordSk(item.sk) && (!best || (item.sk as string) > (best.sk as string))) best = item;
  return best;
}

/**
 * Each contact once, its newest record item, in the order the contacts first appear. The versions of one contact
 * come together in a Query or Scan (one item collection; in an index, the same index keys), so this can stream.
 */
export async function* newestPerContact(
  items: AsyncIterable<Record<string, unknown>>,
): AsyncGenerator<Record<string, unknown>> {
  let current: Record<string, unknown> | undefined;
  for await (const item of items) {
    if (!isRecordSk(item.sk)) continue;
    if (current && current.pk !== item.pk) {
      yield current;
      current = undefined;
    }
    if (!current || (item.sk as string) > (current.sk as string)) current = item;
  }
  if (current) yield current;
}
