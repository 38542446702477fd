/**
 * Outbound campaigns end to end on DynamoDB Local, through the use cases `hotline campaigns` calls and the local
 * dialler (the offline interpreter running the campaign's flows, the profile's agents, scripted answers):
 * - a return-visit campaign from resolved complaints keeps to its calling window and to do-not-call checked at
 *   dial time, retries a no-answer, and closes or reopens the complaints;
 * - an agentless pickup reminder confirms or cancels by key;
 * - an outbound ordering campaign places orders through the order centre;
 * - a telesales campaign dials the outsourcer's leads and moves them along their lifecycle;
 * - results are kept per attempt and per contact, and a replay changes nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignPreset, DEFAULT_RETRY, defaultWindow } from '../../contact-flows/profiles/campaigns.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { SimulatedClock } from '../../contact-flows/runtime/time.js';
import { localParts, zonedTime } from '../../functions/core/business-time.js';
import type { ScriptedAnswers } from '../../functions/core/campaigns/answer-model.js';
import { inWindow } from '../../functions/core/campaigns/scheduler.js';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';
import { recordOutcome } from '../../functions/use-cases/campaigns/dial.js';
import {
  campaignResults,
  createCampaign,
  setCampaignStatus,
} from '../../functions/use-cases/campaigns/manage-campaigns.js';
import { runCampaign } from '../../functions/use-cases/campaigns/run-campaign.js';
import { captureLead } from '../../functions/use-cases/leads/leads.js';
import { importOrderData } from '../../functions/use-cases/orders/import-order-data.js';
import { bookPickup } from '../../functions/use-cases/pickups/pickups.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import { updateTicket } from '../../functions/use-cases/tickets/manage-tickets.js';
import { openLocalDialler } from '../../infra/local/campaign-dialler.js';
import { type CampaignRuntime, campaignRuntimeOn } from '../../infra/local/campaign-runtime.js';
import { seedOnce } from '../../infra/local/seed.js';
import type { Campaign, CampaignPurpose, ListSource } from '../../schemas/campaigns.js';
import type { ProfileId } from '../../schemas/profile.js';
import { createTestTables } from '../support/dynamo.js';

interface Setup {
  readonly rt: CampaignRuntime;
  readonly clock: SimulatedClock;
  readonly home: string;
  readonly profileId: ProfileId;
  readonly tables: Record<string, string>;
  readonly endpoint: string;
}

async function setup(profileId: ProfileId, start: Date): Promise<Setup> {
  const t = await createTestTables();
  const home = mkdtempSync(join(tmpdir(), 'hotline-campaigns-'));
  const profile = getProfile(profileId);
  await seedOnce(home, profile, t.crm);
  const clock = new SimulatedClock(start);
  const rt = await campaignRuntimeOn(
    { home, endpoint: t.endpoint, tableEnv: t.env, doc: t.doc, crm: t.crm, close: async () => {} },
    { profile, region: profile.phoneRegion, now: () => clock.now() },
  );
  return { rt, clock, home, profileId, tables: t.env, endpoint: t.endpoint };
}

async function newCampaign(
  s: Setup,
  name: string,
  purpose: CampaignPurpose,
  source?: ListSource,
): Promise<Campaign> {
  const preset = campaignPreset(s.profileId, purpose);
  const profile = getProfile(s.profileId);
  const created = await createCampaign(
    {
      campaigns: s.rt.campaigns,
      phoneRegion: profile.phoneRegion,
      defaultLanguage: profile.defaultLanguage,
      now: () => s.clock.now(),
    },
    {
      name,
      profile: s.profileId,
      purpose,
      mode: preset.mode,
      source: source ?? preset.source,
      ...(preset.queue ? { queue: preset.queue } : {}),
      window: defaultWindow(s.profileId),
      retry: { ...DEFAULT_RETRY },
      maxAttempts: 3,
      pacing:
        preset.mode === 'agent'
          ? { kind: 'progressive', linesPerAgent: 1 }
          : { kind: 'rate', callsPerMinute: 10 },
      dispositions: [...preset.dispositions],
      script: preset.script,
      ...(preset.keys ? { keys: { ...preset.keys } } : {}),
      createdBy: 'test',
    },
    s.rt.sourceOf(source ?? preset.source),
  );
  return created.campaign;
}

async function run(s: Setup, campaign: Campaign, from: Date, until: Date, scripted: ScriptedAnswers) {
  const dialler = openLocalDialler({
    profile: getProfile(s.profileId),
    data: { tableEnv: s.tables, endpoint: s.endpoint, home: s.home },
    campaign,
    seed: 7,
    scripted,
    timeZone: campaign.window.timeZone,
    clock: s.clock,
  });
  return runCampaign({ campaigns: s.rt.campaigns, dnc: s.rt.dnc, feed: s.rt.feed, dialler }, campaign.name, {
    from,
    until,
    onTick: (t) => s.clock.set(t),
  });
}

/** 07:00 in Shanghai on the first Monday at least two days after now (tickets are made now: the `day` index). */
function nextMondayMorning(): Date {
  let at = new Date(Date.now() + 2 * 86_400_000);
  for (let i = 0; i < 7; i++) {
    const p = localParts(at, 'Asia/Shanghai');
    const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
    if (weekday === 1) return zonedTime('Asia/Shanghai', p.year, p.month, p.day, 7 * 60);
    at = new Date(at.getTime() + 86_400_000);
  }
  throw new Error('no Monday');
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

async function* rows(list: Array<Record<string, unknown>>): AsyncGenerator<CustomerSourceRow> {
  let line = 2;
  for (const fields of list) yield { line: line++, fields };
}

// Each test drives dozens of DynamoDB Local writes and simulated calls: on a loaded machine they take more than 30 s.
describe('a return-visit campaign built from resolved complaints (auto-dealer, agent-assisted)', {
  timeout: 180_000,
}, () => {
  it('keeps to the window and to do-not-call at dial time, retries a no-answer, and closes or reopens the complaints', async () => {
    const s = await setup('auto-dealer', new Date());
    const make = async (phone: string, category = 'complaint', resolve = true) => {
      const { ticket } = await createTicket(s.rt.tickets, {
        category,
        source: 'cli',
        createdBy: 'test',
        phone,
        confirmBySms: false,
      });
      if (resolve)
        await updateTicket(must(s.rt.feed.tickets), ticket.ticketId, { status: 'resolved', by: 'test' });
      return ticket.ticketId;
    };
    const retried = await make('13800138000'); // AD-0001: no answer first, then satisfied
    const reopened = await make('13520003003'); // AD-0003: unsatisfied
    const blocked = await make('13710006006'); // AD-0006: blacklisted after the list was loaded
    const optedOut = await make('15810005005'); // AD-0005: opted out of SMS after loading
    const open = await make('13910002001', 'complaint', false); // not resolved: not on the list
    const praise = await make('18911007007', 'praise'); // no return visit for praise

    const campaign = await newCampaign(s, 'rv', 'return-visit');
    const listed = (await s.rt.campaigns.entries('rv')).map((e) =>
      e.ref.kind === 'ticket' ? e.ref.ticketId : '',
    );
    expect(listed.sort()).toEqual([retried, reopened, blocked, optedOut].sort());
    expect(listed).not.toContain(open);
    expect(listed).not.toContain(praise);

    // Do-not-call changes after loading: checked when dialling.
    await s.rt.data.crm.setBlock('+8613710006006', {
      reason: 'harassment',
      blockedBy: 'test',
      blockedAt: new Date().toISOString(),
    });
    await s.rt.tickets.sms.store.optOut({
      phone: '+8615810005005',
      at: new Date().toISOString(),
      via: 'operator',
      by: 'test',
    });

    const from = nextMondayMorning();
    const summary = await run(s, campaign, from, new Date(from.getTime() + 3 * 86_400_000), {
      '+8613800138000': ['no-answer', 'answered:satisfied'],
      '+8613520003003': ['answered:unsatisfied'],
      '+8613710006006': ['answered:satisfied'],
      '+8615810005005': ['answered:satisfied'],
    });
    expect(summary.completed).toBe(true);

    const r = await campaignResults({ campaigns: s.rt.campaigns }, 'rv');
    // Every dial inside the window (09:00–20:00 on working days, Shanghai); nothing before 09:00 that Monday.
    for (const a of r.attempts) expect(inWindow(campaign.window, new Date(a.at))).toBe(true);
    expect(Math.min(...r.attempts.map((a) => Date.parse(a.at)))).toBeGreaterThanOrEqual(
      from.getTime() + 2 * 3_600_000,
    );

    const byPhone = (p: string) => r.attempts.filter((a) => a.phone === p).sort((a, b) => a.n - b.n);
    const [first, second] = byPhone('+8613800138000');
    expect(first?.result).toBe('no-answer');
    expect(second?.result).toBe('answered');
    expect(Date.parse(second?.at ?? '') - Date.parse(first?.at ?? '')).toBeGreaterThanOrEqual(60 * 60_000);
    expect(second?.agentId).toMatch(/^agent-/);
    expect(byPhone('+8613710006006')).toMatchObject([{ result: 'dnc', reason: 'blacklist' }]);
    expect(byPhone('+8615810005005')).toMatchObject([{ result: 'dnc', reason: 'sms-opt-out' }]);
    expect(r.summary.byDisposition).toEqual({ satisfied: 1, unsatisfied: 1, blacklist: 1, 'sms-opt-out': 1 });

    const tickets = s.rt.tickets.tickets;
    expect(await tickets.get(retried)).toMatchObject({
      status: 'closed',
      returnVisit: { status: 'done', result: 'satisfied' },
    });
    expect(await tickets.get(reopened)).toMatchObject({
      status: 'in_progress',
      returnVisit: { status: 'done', result: 'unsatisfied' },
    });
    expect(await tickets.get(blocked)).toMatchObject({
      status: 'resolved',
      returnVisit: { status: 'pending' },
    });

    // Replays: the same attempt recorded again changes nothing; a completed campaign is not run again.
    const entry = (await s.rt.campaigns.entries('rv')).find((e) => e.phone === '+8613520003003');
    const replay = await recordOutcome(
      { campaigns: s.rt.campaigns, dnc: s.rt.dnc, feed: s.rt.feed },
      campaign,
      { ...must(entry), attempts: 0 },
      from,
      { result: 'answered', disposition: 'satisfied' },
    );
    expect(replay.recorded).toBe(false);
    expect((await campaignResults({ campaigns: s.rt.campaigns }, 'rv')).attempts).toHaveLength(
      r.attempts.length,
    );
    expect(await tickets.get(reopened)).toMatchObject({ status: 'in_progress' });
    await expect(run(s, campaign, from, new Date(from.getTime() + 86_400_000), {})).rejects.toThrow(
      /completed/,
    );
  });

  it('a paused campaign does not dial until resumed', async () => {
    const s = await setup('auto-dealer', new Date());
    const { ticket } = await createTicket(s.rt.tickets, {
      category: 'complaint',
      source: 'cli',
      createdBy: 'test',
      phone: '13800138000',
      confirmBySms: false,
    });
    await updateTicket(must(s.rt.feed.tickets), ticket.ticketId, { status: 'resolved', by: 'test' });
    const campaign = await newCampaign(s, 'paused-one', 'return-visit');
    await setCampaignStatus({ campaigns: s.rt.campaigns, now: () => new Date() }, 'paused-one', 'paused');
    const from = nextMondayMorning();
    await expect(run(s, campaign, from, new Date(from.getTime() + 86_400_000), {})).rejects.toThrow(/resume/);
    expect((await campaignResults({ campaigns: s.rt.campaigns }, 'paused-one')).attempts).toHaveLength(0);
    const resumed = await setCampaignStatus(
      { campaigns: s.rt.campaigns, now: () => new Date() },
      'paused-one',
      'active',
    );
    const summary = await run(s, resumed, from, new Date(from.getTime() + 86_400_000), {
      '+8613800138000': ['answered:satisfied'],
    });
    expect(summary).toMatchObject({ dialled: 1, answered: 1, completed: true });
  });
});

describe('an agentless pickup reminder (logistics)', { timeout: 180_000 }, () => {
  it('the IVR flow takes the key: 1 confirms, 2 cancels the pickup', async () => {
    const s = await setup('logistics', new Date('2026-11-30T10:00:00+08:00'));
    const pickups = must(s.rt.pickups);
    const book = async (customerId: string, slotId: string) => {
      const b = await bookPickup(pickups, {
        customerId,
        slotId,
        language: 'zh-CN',
        source: 'agent',
        by: 'test',
      });
      if (b.status !== 'ok') throw new Error(`not booked: ${JSON.stringify(b)}`);
      return b.pickup.pickupId;
    };
    const confirmed = await book('LG-1001', 'shanghai#20261202#am');
    const cancelled = await book('LG-1002', 'hangzhou#20261202#am');
    const campaign = await newCampaign(s, 'reminders', 'reminder', { kind: 'pickups', day: '2026-12-02' });
    expect(campaign.mode).toBe('agentless');
    const entries = await s.rt.campaigns.entries('reminders');
    const phoneOf = (id: string) =>
      entries.find((e) => e.ref.kind === 'pickup' && e.ref.pickupId === id)?.phone ?? '';
    await run(s, campaign, new Date('2026-12-01T08:00:00+08:00'), new Date('2026-12-02T00:00:00+08:00'), {
      [phoneOf(confirmed)]: ['answered:keys=1'],
      [phoneOf(cancelled)]: ['answered:keys=2'],
    });
    const r = await campaignResults({ campaigns: s.rt.campaigns }, 'reminders');
    expect(r.attempts.find((a) => a.phone === phoneOf(confirmed))).toMatchObject({
      keys: '1',
      disposition: 'confirmed',
    });
    expect(r.attempts.find((a) => a.phone === phoneOf(cancelled))).toMatchObject({
      keys: '2',
      disposition: 'cancelled',
    });
    expect(await pickups.pickups.get(confirmed)).toMatchObject({ status: 'booked' });
    expect(await pickups.pickups.get(cancelled)).toMatchObject({ status: 'cancelled' });
    expect(r.summary.conversion).toBe(0.5);
  });
});

describe('an outbound ordering campaign (distribution)', { timeout: 180_000 }, () => {
  it('retailers below their lower limit are called and their orders placed through the order centre, once', async () => {
    const s = await setup('distribution', new Date('2026-11-30T10:00:00+08:00'));
    const orders = must(s.rt.orders);
    await importOrderData(
      orders,
      'catalogue',
      rows([{ code: '1001', brand: '中华', specification: '（硬）', unit: '条', price: '450' }]),
    );
    await importOrderData(orders, 'supply', rows([{ period: '2026-W49', code: '1001', supplied: '100' }]));
    await importOrderData(orders, 'limits', rows([{ tier: 'standard', code: '1001', min: '1', max: '10' }]));
    const campaign = await newCampaign(s, 'top-up', 'ordering', { kind: 'shortfall', period: '2026-W49' });
    const entries = await s.rt.campaigns.entries('top-up');
    expect(entries.length).toBeGreaterThan(0);
    const first = must(entries[0]);
    expect(first.ref).toMatchObject({ kind: 'retailer', lines: [{ code: '1001', quantity: 1 }] });
    const scripted = Object.fromEntries(
      entries.map((e, i) => [e.phone, [i === 0 ? 'answered:ordered' : 'answered:declined']]),
    );
    await run(
      s,
      campaign,
      new Date('2026-12-01T08:00:00+08:00'),
      new Date('2026-12-02T00:00:00+08:00'),
      scripted,
    );
    const customerId = first.ref.kind === 'retailer' ? first.ref.customerId : '';
    const history = await orders.orders.listByCustomer(customerId, 10);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      source: 'campaign',
      period: '2026-W49',
      lines: [{ code: '1001', quantity: 1 }],
    });
    const r = await campaignResults({ campaigns: s.rt.campaigns }, 'top-up');
    expect(r.entries.find((e) => e.entryId === first.entryId)?.effect).toMatch(/^order O\d{8}-\d+ placed/);
    expect(r.summary.byDisposition.ordered).toBe(1);
  });
});

describe('a telesales campaign over the leads not yet contacted (outsourced-crm)', {
  timeout: 180_000,
}, () => {
  it('dials the leads that agreed to a call back and moves each along its lifecycle', async () => {
    const s = await setup('outsourced-crm', new Date('2026-11-30T10:00:00+08:00'));
    const leads = must(s.rt.leads);
    const capture = async (phone: string, consent: boolean) =>
      (
        await captureLead(leads, {
          interest: 'mobile',
          consent,
          source: 'ivr',
          phone,
          language: 'zh-CN',
          by: 'test',
        })
      ).lead.leadId;
    const interested = await capture('13800138000', true);
    const notInterested = await capture('13910002001', true);
    const wrong = await capture('13520003003', true);
    const noConsent = await capture('13711112222', false);
    const campaign = await newCampaign(s, 'new-leads', 'telesales');
    expect(campaign.source).toEqual({ kind: 'leads' });
    const entries = await s.rt.campaigns.entries('new-leads');
    expect(entries.map((e) => e.ref)).toEqual(
      [interested, notInterested, wrong].map((leadId) => ({ kind: 'lead', leadId })),
    );
    await run(s, campaign, new Date('2026-12-01T08:00:00+08:00'), new Date('2026-12-02T00:00:00+08:00'), {
      '+8613800138000': ['answered:interested'],
      '+8613910002001': ['answered:not-interested'],
      '+8613520003003': ['answered:wrong-number'],
    });
    const lead = async (id: string) => must(await leads.leads.get(id));
    expect((await lead(interested)).history.map((h) => [h.to, h.by])).toEqual([
      ['new', 'test'],
      ['contacted', 'campaign:new-leads'],
      ['qualified', 'campaign:new-leads'],
    ]);
    expect((await lead(notInterested)).history.map((h) => h.to)).toEqual(['new', 'contacted', 'lost']);
    expect((await lead(wrong)).history.map((h) => h.to)).toEqual(['new', 'lost']);
    expect((await lead(noConsent)).status).toBe('new');
    const r = await campaignResults({ campaigns: s.rt.campaigns }, 'new-leads');
    expect(r.entries.map((e) => e.effect)).toEqual([
      `lead ${interested} new → qualified (interested)`,
      `lead ${notInterested} new → lost (not interested)`,
      `lead ${wrong} new → lost (wrong number)`,
    ]);
    expect(r.summary.conversion).toBeCloseTo(1 / 3);
  });
});
