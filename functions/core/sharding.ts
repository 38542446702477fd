/**
 * Write sharding for hot keys (issue 17): a key that every busy-day write would hit (one index partition for all
 * open tickets…) is spread over N sub-keys chosen by a stable hash, and readers query all N and merge. DynamoDB
 * allows 1,000 writes/s per partition (GSI partitions included), so N sub-keys take N× that.
 */

/** FNV-1a (32-bit) of a string: stable across processes and runtimes. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The shard (0 … shards−1) of an item, from its own id. */
export const shardOf = (id: string, shards: number): number => hash32(id) % shards;

/** `base#0` … `base#(shards−1)`. */
export const shardKeys = (base: string, shards: number): string[] =>
  Array.from({ length: shards }, (_, i) => `${base}#${i}`);

/**
 * Merge lists that are each sorted ascending by `keyOf` into one sorted list of at most `limit` items (what one
 * unsharded query with that limit would have answered).
 */
export function mergeSorted<T>(
  lists: readonly (readonly T[])[],
  keyOf: (item: T) => string,
  limit: number,
): T[] {
  return lists
    .flat()
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
    .slice(0, limit);
}
