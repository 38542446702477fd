/**
 * Refresh the wallboard (F17): read the source's snapshot, compute the tiles, and notify the supervisors of
 * each breach once. The same use case serves the CLI (`hotline wallboard`), the console and, later, the API.
 * A breach is claimed in the ledger before its notice is published (conditional write: two refreshes at once
 * notify once); a breach that has ended is closed, so the next one notifies again.
 */
import type { Breach, Wallboard, WallboardSettings } from '../../../schemas/supervision.js';
import {
  breachNotice,
  closedBreaches,
  computeWallboard,
  openedBreaches,
} from '../../core/supervision/wallboard.js';
import type { Notifier } from '../../ports/sms.js';
import type { BreachLedger, WallboardSource } from '../../ports/supervision.js';

export interface RefreshWallboardDeps {
  readonly source: WallboardSource;
  readonly settings: WallboardSettings;
  /** Absent: compute only, notify nobody (a read-only view). */
  readonly alerts?: {
    readonly ledger: BreachLedger;
    readonly notifier: Notifier;
    /** The supervisors' topic (SNS topic ARN in AWS; a name locally). */
    readonly topic: string;
    readonly profileTitle: string;
  };
  readonly now?: () => Date;
}

export interface RefreshResult {
  readonly board: Wallboard;
  /** Breaches notified by this refresh. */
  readonly notified: readonly Breach[];
}

export async function refreshWallboard(deps: RefreshWallboardDeps): Promise<RefreshResult> {
  const now = (deps.now ?? (() => new Date()))();
  const board = computeWallboard(await deps.source.snapshot(now), deps.settings);
  const alerts = deps.alerts;
  if (!alerts) return { board, notified: [] };
  const open = await alerts.ledger.openKeys();
  const notified: Breach[] = [];
  for (const breach of openedBreaches(board.breaches, open)) {
    if (!(await alerts.ledger.claim(breach, now))) continue;
    await alerts.notifier.notify({ topic: alerts.topic, ...breachNotice(breach, alerts.profileTitle) });
    notified.push(breach);
  }
  await alerts.ledger.close(closedBreaches(board.breaches, open));
  return { board, notified };
}
