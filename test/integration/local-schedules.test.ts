/**
 * The schedules of `npm start` (infra/local/schedules.ts): what EventBridge runs every few minutes in AWS, run on a
 * timer and on the console's clock. The overdue pickups' sweep (carrier) escalates each pickup not collected by the
 * end of its slot once, when the console's clock passes it; runs never overlap; a stopped sweep runs nothing. The
 * tickets' escalations remind the department at the reminder time and the supervisors at the deadline, once each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { notificationsPath } from '../../functions/adapters/local/outbox.js';
import { pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import { ticketDepsFromEnv } from '../../functions/shared/ticket-deps.js';
import { bookPickup } from '../../functions/use-cases/pickups/pickups.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import type { EscalationSummary } from '../../functions/use-cases/tickets/escalate-tickets.js';
import {
  type LocalContactCentre,
  localTicketEnv,
  openLocalContactCentre,
} from '../../infra/local/contact-centre.js';
import { type PickupSweep, startPickupSweep } from '../../infra/local/pickup-sweep.js';
import { startTicketEscalations } from '../../infra/local/ticket-escalations.js';

const logistics = getProfile('logistics');
const clock = { now: new Date('2026-11-23T10:00:00+08:00') };
let home: string;
let cc: LocalContactCentre;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotline-schedules-'));
  cc = await openLocalContactCentre({ home, profile: 'logistics', seed: false });
  await cc.data.crm.saveCustomer(
    {
      customerId: 'C-SWEEP',
      name: '王芳',
      phones: ['+8613900004444'],
      tier: 'standard',
      vip: false,
      language: 'zh-CN',
      branch: 'ningbo',
      pickupAddress: '宁波市北仑区港城大道199号',
    },
    undefined,
    new Date(),
  );
}, 120_000);

afterAll(async () => {
  await cc?.close();
  rmSync(home, { recursive: true, force: true });
});

const notices = async () =>
  (await readFile(notificationsPath(home), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { topic: string; subject: string });

describe('the overdue pickups sweep of npm start', { timeout: 60_000 }, () => {
  it('escalates a pickup not collected by the end of its slot once, when the console clock passes it', async () => {
    const deps = pickupDepsFromEnv(
      { ...localTicketEnv(logistics, cc.data), PICKUP_BUDGET_MS: '7000' },
      { now: () => clock.now },
    );
    if ('configError' in deps) throw new Error(deps.configError);
    const booked = await bookPickup(deps, {
      customerId: 'C-SWEEP',
      slotId: 'ningbo#20261123#pm',
      language: 'zh-CN',
      contactId: 'sweep-1',
      source: 'ivr',
      by: 'ivr',
    });
    deps.close();
    if (booked.status !== 'ok') throw new Error(booked.status);
    const id = booked.pickup.pickupId;
    const swept: PickupSweep[] = [];
    // An hour between timer runs: only the ticks below run (as `:time` makes the console run them).
    const sweep = startPickupSweep({
      profile: logistics,
      env: cc.data,
      now: () => clock.now,
      onSwept: (s) => swept.push(s),
      intervalMs: 3_600_000,
    });
    if (!sweep) throw new Error('no sweep for the carrier');
    try {
      clock.now = new Date('2026-11-23T17:59:00+08:00');
      expect((await sweep.tick())?.escalated).toEqual([]);
      clock.now = new Date('2026-11-23T18:05:00+08:00');
      // Two ticks at once (the timer and `:time`): they run one after the other, and the pickup is escalated once.
      const [first, second] = await Promise.all([sweep.tick(), sweep.tick()]);
      expect(first?.escalated.map((p) => p.pickupId)).toEqual([id]);
      expect(second?.escalated).toEqual([]);
      expect(swept.map((s) => s.escalated.map((p) => p.pickupId))).toEqual([[id]]);
      const sent = (await notices()).filter((n) => n.subject.startsWith(`Pickup overdue ${id}`));
      expect(sent.map((n) => n.topic).sort()).toEqual(['dispatch:ningbo', 'supervisor']);
    } finally {
      await sweep.stop();
    }
    // Stopped: a tick runs nothing.
    expect(await sweep.tick()).toBeUndefined();
  });

  it('does not run for a profile that books no pickups', () => {
    expect(
      startPickupSweep({
        profile: getProfile('auto-dealer'),
        env: cc.data,
        now: () => clock.now,
        onSwept: () => undefined,
      }),
    ).toBeUndefined();
  });
});

describe('the ticket escalations of npm start', { timeout: 60_000 }, () => {
  it('remind the department at the reminder time and the supervisors at the deadline, once each', async () => {
    clock.now = new Date('2026-11-23T10:00:00+08:00');
    const deps = ticketDepsFromEnv(localTicketEnv(logistics, cc.data), { now: () => clock.now });
    if ('configError' in deps) throw new Error(deps.configError);
    const { ticket } = await createTicket(deps, {
      category: 'delivery-complaint',
      source: 'cli',
      createdBy: 'cli',
    });
    deps.close();
    const heard: EscalationSummary[] = [];
    const escalations = startTicketEscalations({
      profile: logistics,
      env: cc.data,
      now: () => clock.now,
      onEscalated: (s) => heard.push(s),
      intervalMs: 3_600_000,
    });
    const at = async (time: string) => {
      clock.now = new Date(time);
      return (await escalations.tick())?.escalated;
    };
    try {
      const reminder = new Date(ticket.remindAt);
      const due = new Date(ticket.dueAt);
      expect(await at(new Date(reminder.getTime() - 60_000).toISOString())).toEqual([]);
      expect(await at(new Date(reminder.getTime() + 60_000).toISOString())).toEqual([
        { ticketId: ticket.ticketId, level: 1 },
      ]);
      expect(await at(new Date(reminder.getTime() + 120_000).toISOString())).toEqual([]);
      expect(await at(new Date(due.getTime() + 60_000).toISOString())).toEqual([
        { ticketId: ticket.ticketId, level: 2 },
      ]);
      expect(heard.flatMap((h) => h.escalated.map((e) => e.level))).toEqual([1, 2]);
      const sent = (await notices()).filter((n) => n.subject.includes(ticket.ticketId));
      expect(sent.map((n) => n.topic)).toEqual(['reminder', 'supervisor']);
    } finally {
      await escalations.stop();
    }
  });
});
