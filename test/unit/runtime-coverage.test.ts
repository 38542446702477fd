import { describe, expect, it } from 'vitest';
import {
  type CallOptions,
  ContactCentreRuntime,
  CoverageTracker,
  type LambdaInvoker,
} from '../../contact-flows/runtime/index.js';
import inboundJson from '../fixtures/flows/reference-inbound.json' with { type: 'json' };
import queueJson from '../fixtures/flows/reference-queue.json' with { type: 'json' };

const I = 'arn:aws:connect:us-east-1:111122223333:instance/i';
const INBOUND = `${I}/contact-flow/inbound`;
const QUEUE_FLOW = `${I}/contact-flow/qf`;
const QUEUE = `${I}/queue/q`;
const HOURS = `${I}/operating-hours/office`;
const MONDAY_10 = '2024-05-06T02:00:00Z';
const FLOWS = new Map([
  [INBOUND, { content: inboundJson, name: 'Inbound' }],
  [QUEUE_FLOW, { content: queueJson, name: 'Queue' }],
]);

/** One scenario: the lookup's answer, whether alice is logged in, the queue's state, the call. */
async function scenario(
  lookup: LambdaInvoker,
  {
    aliceOnline = true,
    full = false,
    ...call
  }: Partial<CallOptions> & { aliceOnline?: boolean; full?: boolean } = {},
) {
  const slot = { start: '09:00', end: '18:00' };
  const rt = new ContactCentreRuntime({
    flows: FLOWS,
    lambdas: { lookup },
    hours: [{ arn: HOURS, name: 'Office', timeZone: 'Asia/Shanghai', days: { MONDAY: slot } }],
    queues: [{ arn: QUEUE, name: 'General', hoursArn: HOURS, maxContacts: 1 }],
    agents: [
      {
        id: 'alice',
        username: 'alice',
        state: aliceOnline ? 'Available' : 'Offline',
        routingProfile: { queues: [{ queueArn: QUEUE, priority: 1 }] },
      },
    ],
    clock: MONDAY_10,
  });
  if (full) rt.acd.addWaitingContact({ contactId: 'x', queue: QUEUE, enqueuedAt: MONDAY_10 });
  return rt.call({ entryFlowArn: INBOUND, from: '+8613800138000', at: MONDAY_10, ...call });
}

const vip: LambdaInvoker = () => ({ tier: 'VIP' });

describe('CoverageTracker', () => {
  it('reports every transition, what was taken, and the percentages', async () => {
    const tracker = new CoverageTracker(FLOWS);
    expect(tracker.summary()).toMatchObject({ total: 31, taken: 0, percent: 0 });

    const calls = await Promise.all([
      scenario(vip),
      scenario(() => ({ tier: 'standard' })),
      scenario(vip, { at: '2024-05-06T12:00:00Z' }),
      scenario(() => Promise.reject(new Error('down'))),
      scenario(vip, { full: true, aliceOnline: false }),
      scenario(vip, { aliceOnline: false, inputs: [null, '1'] }),
      scenario(vip, { aliceOnline: false, inputs: ['7'], patienceSeconds: 90 }),
    ]);
    for (const c of calls) tracker.record(c);
    const summary = tracker.summary();
    expect(summary.flows.map((f) => [f.name, f.taken, f.total, f.percent])).toEqual([
      ['Inbound', 16, 23, 69.6],
      ['Queue', 5, 8, 62.5],
    ]);
    expect(summary).toMatchObject({ taken: 21, total: 31, percent: 67.7 });
    expect(tracker.calls).toBe(7);

    // Not applicable: NextAction shadowed by NoMatchingCondition / exhaustive conditions, or after a transfer.
    expect(
      tracker
        .rows()
        .filter((r) => !r.applicable)
        .map((r) => `${r.action} ${r.branch}`),
    ).toEqual(['IsVip NextAction', 'Hours NextAction', 'Xfer NextAction', 'Offer NextAction']);

    // A chat contact covers the loop's error branch; a fault covers Save's.
    tracker.record(await scenario(vip, { aliceOnline: false, channel: 'CHAT', patienceSeconds: 10 }));
    tracker.record(await scenario(vip, { faults: [{ action: 'Save', error: 'NoMatchingError' }] }));
    expect(tracker.summary()).toMatchObject({ taken: 23, total: 31, percent: 74.2 });
    expect(tracker.missed().map((r) => `${r.flowName}: ${r.action} ${r.branch} -> ${r.to}`)).toEqual([
      'Inbound: SetQueue Error:NoMatchingError -> Sorry',
      'Inbound: Hours Error:NoMatchingError -> Sorry',
      'Inbound: QFlow Error:NoMatchingError -> Xfer',
      'Inbound: Xfer Error:NoMatchingError -> Sorry',
      'Inbound: Closed Error:NoMatchingError -> Bye',
      'Inbound: Sorry Error:NoMatchingError -> Bye',
      'Queue: Offer Error:NoMatchingError -> Loop',
      'Queue: Cb Error:NoMatchingError -> Loop',
    ]);
    expect(tracker.summary().flows.map((f) => f.actions)).toEqual([
      { total: 13, visited: 13 },
      { total: 5, visited: 5 },
    ]);
  });

  it('prints a readable table', async () => {
    const tracker = new CoverageTracker(FLOWS);
    tracker.record(await scenario(vip));
    const text = tracker.format();
    expect(text).toContain(`Inbound (${INBOUND}): 10/23 branches (43.5%), 10/13 actions visited`);
    expect(text).toMatch(/ {6}1 {2}IsVip +Compare +Condition:Equals VIP +-> Prio/);
    expect(text).toMatch(/ {4}n\/a {2}IsVip +Compare +NextAction +-> SetQueue/);
    expect(text).toMatch(/ {4}- {2}IsVip +Compare +Error:NoMatchingCondition +-> SetQueue/);
    expect(text.split('\n').at(-1)).toBe('Branch coverage: 10/31 (32.3%) over 1 call(s)');
  });
});
