/**
 * Refreshing the wallboard on DynamoDB Local: each breach is notified to the supervisors once (outbox), a breach
 * that ends and comes back is a new one, and the console's ACD state file is what `hotline wallboard` reads.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localQueueArn } from '../../contact-flows/flows/refs.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { DynamoSupervisionRepository } from '../../functions/adapters/dynamodb/supervision-repository.js';
import {
  LocalAcdWallboardSource,
  loadAcdState,
  profileAcd,
  saveAcdState,
} from '../../functions/adapters/local/acd-wallboard.js';
import { notificationsPath, OutboxNotifier } from '../../functions/adapters/local/outbox.js';
import { refreshWallboard } from '../../functions/use-cases/supervision/refresh-wallboard.js';
import { SUPERVISION_TABLE } from '../../schemas/tables.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const profile = getProfile('auto-dealer');
const settings = supervisionOf('auto-dealer').wallboard;
let tables: TestTables;
let home: string;
beforeAll(async () => {
  tables = await createTestTables();
  home = mkdtempSync(join(tmpdir(), 'hotline-wallboard-'));
});

const notices = () =>
  readFileSync(notificationsPath(home), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { topic: string; subject: string; body: string });

describe('refreshWallboard', () => {
  it('notifies each breach once, and again only after it ended and came back', async () => {
    const acd = profileAcd(profile);
    const t0 = Date.parse('2026-11-23T02:00:00Z');
    let now = t0;
    const ledger = new DynamoSupervisionRepository(
      tables.doc,
      tables.env[SUPERVISION_TABLE.envVar] as string,
    );
    const refresh = () =>
      refreshWallboard({
        source: new LocalAcdWallboardSource(async () => ({ acd, at: new Date(now) })),
        settings,
        alerts: {
          ledger,
          notifier: new OutboxNotifier(home),
          topic: 'supervisor',
          profileTitle: profile.title,
        },
        now: () => new Date(now),
      });

    acd.enqueue({ contactId: 'w1', queue: localQueueArn('club'), enqueuedAt: t0 });
    acd.setAgentState('agent-hu', 'AfterContactWork', t0);
    expect((await refresh()).notified).toEqual([]);

    now = t0 + (settings.queueWaitSeconds + 1) * 1000;
    expect((await refresh()).notified.map((b) => b.key)).toEqual(['queue_wait#club']);
    // Still breaching, several refreshes (and two at once): no second notice.
    const again = await Promise.all([refresh(), refresh()]);
    expect(again.flatMap((r) => r.notified)).toEqual([]);

    now = t0 + (settings.agentAcwSeconds + 1) * 1000;
    const acw = await refresh();
    expect(acw.notified.map((b) => b.kind)).toEqual(['agent_acw']);
    expect(acw.board.agents.find((a) => a.id === 'agent-hu')?.breach).toBe(true);

    // The caller is answered, the agent leaves ACW: both breaches close…
    acd.remove('w1');
    acd.setAgentState('agent-hu', 'Available', now);
    expect((await refresh()).board.breaches).toEqual([]);
    expect(await ledger.openKeys()).toEqual(new Set());
    // …and the next caller who waits too long is a new breach.
    acd.enqueue({ contactId: 'w2', queue: localQueueArn('club'), enqueuedAt: now });
    now += (settings.queueWaitSeconds + 5) * 1000;
    expect((await refresh()).notified.map((b) => b.key)).toEqual(['queue_wait#club']);

    const lines = notices();
    expect(lines.map((l) => JSON.parse(l.body).breach.kind)).toEqual([
      'queue_wait',
      'agent_acw',
      'queue_wait',
    ]);
    expect(lines[0]).toMatchObject({ topic: 'supervisor' });
    expect(lines[0]?.subject).toContain('queue waiting too long');
  });

  it('reads the console’s ACD from the state file, its clock carried forward', async () => {
    const acd = profileAcd(profile);
    const t0 = Date.parse('2026-11-23T02:00:00Z');
    acd.setAgentState('agent-liu', 'Busy', t0 - 30_000);
    acd.enqueue({ contactId: 'w9', queue: localQueueArn('repair'), enqueuedAt: t0 - 10_000 });
    await saveAcdState(home, profile, acd, new Date(t0));
    const loaded = await loadAcdState(home, profile);
    expect(loaded.at.getTime()).toBeGreaterThanOrEqual(t0);
    expect(loaded.acd.agent('agent-liu')?.state).toBe('Busy');
    expect(loaded.acd.waiting().map((w) => w.contactId)).toEqual(['w9']);
    // Another profile's file is not this profile's ACD.
    const other = await loadAcdState(home, getProfile('logistics'));
    expect(other.acd.waiting()).toEqual([]);
  });
});
