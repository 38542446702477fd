import type { Action } from '../../schemas/flow.js';

export interface Position {
  readonly x: number;
  readonly y: number;
}

const ORIGIN = { x: 40, y: 40 } as const;
const COLUMN = 300;
const ROW = 200;

/**
 * Layout-only `Metadata` so the console can open the flow: a grid where the column is the distance from the
 * start (breadth-first) and the row is the order within that column. Unreachable actions go in a last column.
 * Uses the lowercase keys of console exports (`entryPointPosition`, `ActionMetadata.<id>.position`).
 */
export function layout(start: string, actions: readonly Action[]): Record<string, unknown> {
  const byId = new Map(actions.map((a) => [a.Identifier, a]));
  const depth = new Map<string, number>();
  if (byId.has(start)) depth.set(start, 0);
  const queue = byId.has(start) ? [start] : [];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const t = byId.get(id)?.Transitions;
    const d = depth.get(id) ?? 0;
    const targets = [
      t?.NextAction,
      ...(t?.Conditions ?? []).map((c) => c.NextAction),
      ...(t?.Errors ?? []).map((e) => e.NextAction),
    ];
    for (const target of targets) {
      if (target !== undefined && byId.has(target) && !depth.has(target)) {
        depth.set(target, d + 1);
        queue.push(target);
      }
    }
  }
  const last = Math.max(-1, ...depth.values()) + 1;
  const rows = new Map<number, number>();
  const positions: Array<[string, { position: Position }]> = [];
  for (const a of actions) {
    if (positions.some(([id]) => id === a.Identifier)) continue;
    const column = depth.get(a.Identifier) ?? last;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.push([
      a.Identifier,
      { position: { x: ORIGIN.x + COLUMN * (column + 1), y: ORIGIN.y + ROW * row } },
    ]);
  }
  return { entryPointPosition: { ...ORIGIN }, ActionMetadata: Object.fromEntries(positions) };
}
