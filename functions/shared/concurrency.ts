/** Bounded concurrency for batch work (no dependency: a few lines). */

/**
 * Run `fn` over `items` with at most `limit` calls in flight; results in input order. A rejected call rejects the
 * whole (callers that want per-item outcomes catch inside `fn`).
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Split into chunks of at most `size` items and at most `maxBytes` of estimated size each. */
export function chunk<T>(
  items: readonly T[],
  size: number,
  maxBytes = Number.POSITIVE_INFINITY,
  sizeOf: (item: T) => number = () => 0,
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const b = sizeOf(item);
    if (current.length > 0 && (current.length >= size || bytes + b > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += b;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Jittered exponential pause (full jitter), capped. */
export const backoff = (attempt: number, baseMs = 10, capMs = 500): Promise<void> =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(capMs, baseMs * 2 ** attempt)));

/** Run `fn` on every item, at most `limit` at once; the first failure stops new work and is thrown. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
