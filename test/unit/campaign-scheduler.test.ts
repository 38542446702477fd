/**
 * The outbound dialler's rules (functions/core/campaigns/scheduler.ts and the run loop over them), as properties
 * over random windows, time zones, holidays, retry rules, pacing, answers and do-not-call lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerOf } from '../../functions/core/campaigns/answer-model.js';
import {
  afterAttempt,
  dialCapacity,
  inWindow,
  nextWindowStart,
  selectDials,
} from '../../functions/core/campaigns/scheduler.js';
import { recordOutcome } from '../../functions/use-cases/campaigns/dial.js';
import { runCampaign } from '../../functions/use-cases/campaigns/run-campaign.js';
import {
  type CallingWindow,
  type Campaign,
  type DialResult,
  type ListEntry,
  RETRYABLE_RESULTS,
} from '../../schemas/campaigns.js';
import { MemoryCampaignRepository } from '../support/campaigns.js';

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Sydney'] as const;
const T0 = Date.parse('2026-03-01T00:00:00Z');

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const windowArb: fc.Arbitrary<CallingWindow> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.subarray(['1', '2', '3', '4', '5', '6', '7'] as const, { minLength: 1 }),
    start: fc.integer({ min: 0, max: 22 * 60 }),
    length: fc.integer({ min: 30, max: 12 * 60 }),
    holidays: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 5 }),
  })
  .map(({ timeZone, days, start, length, holidays }) => ({
    timeZone,
    days: Object.fromEntries(
      days.map((d) => [d, { start: hhmm(start), end: hhmm(Math.min(start + length, 24 * 60)) }]),
    ),
    holidays: holidays.map((d) => new Date(T0 + d * 86_400_000).toISOString().slice(0, 10)),
  }));

const instantArb = fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => new Date(T0 + m * 60_000));

const campaignOf = (over: Partial<Campaign> = {}): Campaign => ({
  name: 'prop',
  profile: 'auto-dealer',
  purpose: 'return-visit',
  mode: 'agentless',
  source: { kind: 'csv', file: 'x.csv' },
  window: { timeZone: 'Asia/Shanghai', days: { '1': { start: '09:00', end: '18:00' } }, holidays: [] },
  retry: {
    'no-answer': { afterMinutes: 60, maxAttempts: 3 },
    busy: { afterMinutes: 15, maxAttempts: 3 },
    voicemail: { afterMinutes: 120, maxAttempts: 2 },
  },
  maxAttempts: 3,
  pacing: { kind: 'rate', callsPerMinute: 5 },
  dispositions: [
    { key: 'satisfied', label: 'satisfied', effect: 'done', success: true },
    { key: 'unsatisfied', label: 'unsatisfied', effect: 'done', success: false },
    { key: 'call-back', label: 'call back', effect: 'callback', success: false },
    { key: 'do-not-call', label: 'no more calls', effect: 'dnc', success: false },
  ],
  script: 'hello',
  keys: { '1': 'satisfied', '2': 'unsatisfied', '9': 'do-not-call' },
  status: 'active',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  createdBy: 'test',
  loaded: 0,
  skipped: 0,
  ...over,
});

const entryOf = (i: number, over: Partial<ListEntry> = {}): ListEntry => ({
  campaign: 'prop',
  entryId: String(i + 1).padStart(4, '0'),
  phone: `+861380000${String(1000 + i)}`,
  language: 'zh-CN',
  ref: { kind: 'none' },
  status: 'pending',
  attempts: 0,
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...over,
});

describe('calling windows', () => {
  it('the next window start is in the window, not before the asked time, and the earliest such minute', () => {
    fc.assert(
      fc.property(windowArb, instantArb, (w, at) => {
        const next = nextWindowStart(w, at);
        if (!next) return;
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(inWindow(w, next)).toBe(true);
        const before = new Date(next.getTime() - 60_000);
        if (before.getTime() >= at.getTime()) expect(inWindow(w, before)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a window swallowed by a daylight-saving gap opens on the next day that has it (found by the property above)', () => {
    // London, Sundays 01:00–01:30: on 2026-03-29 the clocks jump from 01:00 to 02:00, so that Sunday has no window.
    const w: CallingWindow = {
      timeZone: 'Europe/London',
      days: { '7': { start: '01:00', end: '01:30' } },
      holidays: [],
    };
    expect(nextWindowStart(w, new Date('2026-03-22T01:30:00.000Z'))?.toISOString()).toBe(
      '2026-04-05T00:00:00.000Z',
    );
  });

  it('a holiday has no calling time, whatever its weekday', () => {
    fc.assert(
      fc.property(windowArb, fc.integer({ min: 0, max: 24 * 60 - 1 }), (w, minute) => {
        const holiday = w.holidays[0];
        if (!holiday) return;
        // The holiday's local wall clock at `minute`, probed across the zones' offsets (±14 h).
        for (let h = -14; h <= 14; h++) {
          const at = new Date(Date.parse(`${holiday}T00:00:00Z`) + minute * 60_000 + h * 3_600_000);
          const local = new Intl.DateTimeFormat('en-CA', { timeZone: w.timeZone }).format(at);
          if (local === holiday) expect(inWindow(w, at)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('retry rules', () => {
  it('a retryable result is tried again after its minutes while under both its and the campaign’s attempts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RETRYABLE_RESULTS),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        instantArb,
        (result, after, ruleMax, campaignMax, n, at) => {
          const c = campaignOf({
            retry: { [result]: { afterMinutes: after, maxAttempts: ruleMax } },
            maxAttempts: campaignMax,
          });
          const d = afterAttempt(c, n, result, at);
          if (n < Math.min(ruleMax, campaignMax)) {
            expect(d).toEqual({ kind: 'retry', nextAt: new Date(at.getTime() + after * 60_000) });
          } else {
            expect(d).toEqual({ kind: 'done', status: 'failed', disposition: 'unreachable' });
          }
        },
      ),
    );
  });

  it('a result without a rule is never retried', () => {
    const c = campaignOf({ retry: {} });
    expect(afterAttempt(c, 1, 'busy', new Date(T0))).toEqual({
      kind: 'done',
      status: 'failed',
      disposition: 'unreachable',
    });
  });
});

describe('pacing and selection', () => {
  it('selects only due entries, at most what pacing allows, and none outside the window or when paused', () => {
    fc.assert(
      fc.property(
        windowArb,
        instantArb,
        fc.array(
          fc.record({
            attempts: fc.integer({ min: 0, max: 4 }),
            status: fc.constantFrom('pending', 'done', 'failed', 'dnc'),
            wait: fc.option(fc.integer({ min: -600, max: 600 }), { nil: undefined }),
          }),
          { maxLength: 30 },
        ),
        fc.oneof(
          fc.record({
            kind: fc.constant('progressive' as const),
            linesPerAgent: fc.integer({ min: 1, max: 3 }),
          }),
          fc.record({ kind: fc.constant('rate' as const), callsPerMinute: fc.integer({ min: 1, max: 20 }) }),
        ),
        fc.record({
          availableAgents: fc.integer({ min: 0, max: 5 }),
          linesInUse: fc.integer({ min: 0, max: 10 }),
          dialsLastMinute: fc.integer({ min: 0, max: 25 }),
        }),
        fc.boolean(),
        (window, now, specs, pacing, state, paused) => {
          const c = campaignOf({ window, pacing, status: paused ? 'paused' : 'active' });
          const entries = specs.map((s, i) =>
            entryOf(i, {
              attempts: s.attempts,
              status: s.status,
              ...(s.wait === undefined
                ? {}
                : { nextAt: new Date(now.getTime() + s.wait * 60_000).toISOString() }),
            }),
          );
          const picked = selectDials(c, entries, now, state);
          expect(picked.length).toBeLessThanOrEqual(dialCapacity(pacing, state));
          if (paused || !inWindow(window, now)) expect(picked).toEqual([]);
          for (const e of picked) {
            expect(e.status).toBe('pending');
            expect(e.attempts).toBeLessThan(c.maxAttempts);
            if (e.nextAt) expect(Date.parse(e.nextAt)).toBeLessThanOrEqual(now.getTime());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a campaign run (the scheduler over time, with the in-memory repository)', () => {
  it('dials only in the window, never a do-not-call number, respects attempts, retry gaps and the rate cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        windowArb,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
        async (window, size, cpm, maxAttempts, seed, blockedFlags) => {
          const repo = new MemoryCampaignRepository();
          const c = campaignOf({ window, maxAttempts, pacing: { kind: 'rate', callsPerMinute: cpm } });
          const entries = Array.from({ length: size }, (_, i) => entryOf(i));
          await repo.create(c, entries);
          const blocked = new Set(
            entries.filter((_, i) => blockedFlags[i % blockedFlags.length]).map((e) => e.phone),
          );
          // Blocked *after* loading: the check is at dial time.
          const dials: Array<{ phone: string; at: number; n: number; result: DialResult }> = [];
          await runCampaign(
            {
              campaigns: repo,
              dnc: { blocked: async (p) => blocked.has(p), smsOptedOut: async () => false },
              feed: {},
              dialler: {
                availableAgents: () => 0,
                dial: async ({ entry, n, at }) => {
                  const a = answerOf({
                    seed,
                    campaign: c.name,
                    purpose: c.purpose,
                    mode: 'agentless',
                    entryId: entry.entryId,
                    phone: entry.phone,
                    attempt: n,
                    dispositions: c.dispositions.map((d) => d.key),
                    menuKeys: ['1', '2'],
                  });
                  const disposition = a.keys ? c.keys?.[a.keys] : undefined;
                  dials.push({ phone: entry.phone, at: at.getTime(), n, result: a.result });
                  return {
                    result: a.result,
                    ringSeconds: a.ringSeconds,
                    ...(disposition ? { disposition } : {}),
                  };
                },
              },
            },
            c.name,
            { from: new Date(T0), until: new Date(T0 + 3 * 86_400_000) },
          );
          for (const d of dials) {
            expect(inWindow(window, new Date(d.at))).toBe(true);
            expect(blocked.has(d.phone)).toBe(false);
            expect(d.n).toBeLessThanOrEqual(maxAttempts);
            expect(dials.filter((x) => x.at > d.at - 60_000 && x.at <= d.at).length).toBeLessThanOrEqual(cpm);
          }
          const attempts = await repo.attempts(c.name);
          for (const e of entries) {
            const mine = attempts.filter((a) => a.entryId === e.entryId).sort((a, b) => a.n - b.n);
            if (blocked.has(e.phone)) expect(mine.every((a) => a.result === 'dnc')).toBe(true);
            for (let i = 1; i < mine.length; i++) {
              const prev = mine[i - 1] as (typeof mine)[number];
              const rule = prev.result === 'answered' ? c.retry['no-answer'] : c.retry[prev.result as 'busy'];
              if (prev.disposition === 'call-back') continue;
              expect(rule).toBeDefined();
              expect(
                Date.parse((mine[i] as (typeof mine)[number]).at) - Date.parse(prev.at),
              ).toBeGreaterThanOrEqual((rule?.afterMinutes ?? 0) * 60_000);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('progressive pacing never dials more lines than available agents × lines per agent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 15 }),
        async (agents, lines, size) => {
          const repo = new MemoryCampaignRepository();
          const c = campaignOf({
            mode: 'agent',
            queue: 'complaints',
            pacing: { kind: 'progressive', linesPerAgent: lines },
            window: { timeZone: 'UTC', days: { '7': { start: '00:00', end: '24:00' } }, holidays: [] },
          });
          await repo.create(
            c,
            Array.from({ length: size }, (_, i) => entryOf(i)),
          );
          const perTick = new Map<number, number>();
          await runCampaign(
            {
              campaigns: repo,
              dnc: { blocked: async () => false, smsOptedOut: async () => false },
              feed: {},
              dialler: {
                availableAgents: () => agents,
                dial: async ({ at }) => {
                  perTick.set(at.getTime(), (perTick.get(at.getTime()) ?? 0) + 1);
                  return { result: 'no-answer', ringSeconds: 30 };
                },
              },
            },
            c.name,
            { from: new Date(T0), until: new Date(T0 + 6 * 3_600_000) },
          );
          for (const n of perTick.values()) expect(n).toBeLessThanOrEqual(agents * lines);
          if (agents === 0) expect(perTick.size).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a replayed attempt changes nothing (recorded once, the entry not moved twice)', async () => {
    const repo = new MemoryCampaignRepository();
    const c = campaignOf();
    const e = entryOf(0);
    await repo.create(c, [e]);
    const deps = {
      campaigns: repo,
      dnc: { blocked: async () => false, smsOptedOut: async () => false },
      feed: {},
    };
    const at = new Date('2026-03-02T02:00:00Z');
    const first = await recordOutcome(deps, c, e, at, { result: 'no-answer' });
    const replay = await recordOutcome(deps, c, e, at, { result: 'no-answer' });
    expect(first.recorded).toBe(true);
    expect(replay.recorded).toBe(false);
    expect(await repo.attempts(c.name)).toHaveLength(1);
    expect((await repo.entries(c.name))[0]?.attempts).toBe(1);
  });
});

describe('the answer model', () => {
  it('is deterministic per seed, entry and attempt, and gives keys only to agentless answers', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 5 }),
        (seed, id, n) => {
          const q = {
            seed,
            campaign: 'c',
            purpose: 'return-visit' as const,
            mode: 'agent' as const,
            entryId: String(id).padStart(4, '0'),
            phone: '+8613800138000',
            attempt: n,
            dispositions: ['satisfied', 'unsatisfied', 'call-back', 'wrong-number'],
            menuKeys: [],
          };
          const a = answerOf(q);
          expect(answerOf(q)).toEqual(a);
          expect(a.keys).toBeUndefined();
          if (a.result === 'answered') expect(q.dispositions).toContain(a.disposition);
        },
      ),
    );
  });
});
