import { describe, expect, it } from 'vitest';
import {
  type AgentConfig,
  type CallOptions,
  ContactCentreRuntime,
  idOf,
  LocalAcd,
  type RuntimeOptions,
} from '../../contact-flows/runtime/index.js';
import type { CallResult } from '../../schemas/contact-record.js';
import type { Action } from '../../schemas/flow.js';

const I = 'arn:aws:connect:us-east-1:111122223333:instance/i';
const Q1 = `${I}/queue/sales`;
const Q2 = `${I}/queue/service`;
const VOICEMAIL = `${I}/queue/voicemail`;
const BY_QUEUE = `${I}/contact-flow/by-queue`;
const BY_AGENT = `${I}/contact-flow/by-agent`;
const WITH_HOOKS = `${I}/contact-flow/with-hooks`;
const OVERFLOW = `${I}/contact-flow/overflow`;
const WHISPER = `${I}/contact-flow/agent-whisper`;
const GREET = `${I}/contact-flow/customer-whisper`;
const SURVEY = `${I}/contact-flow/survey`;
const METRICS = `${I}/contact-flow/metrics`;
const T0 = '2024-05-06T02:00:00Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString().replace('.000Z', 'Z');

// ---- flows -----------------------------------------------------------------------------------------------------

const errorTo = (next: string) => [{ ErrorType: 'NoMatchingError', NextAction: next }];
const say = (id: string, text: string, next: string): Action => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: next, Errors: errorTo(next) },
});
const bye: Action = { Identifier: 'Bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const end: Action = { Identifier: 'End', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} };
const hook = (id: string, key: string, arn: string, next: string): Action => ({
  Identifier: id,
  Type: 'UpdateContactEventHooks',
  Parameters: { EventHooks: { [key]: arn } },
  Transitions: { NextAction: next, Errors: errorTo(next) },
});
const transfer: Action = {
  Identifier: 'Xfer',
  Type: 'TransferContactToQueue',
  Parameters: {},
  Transitions: {
    NextAction: 'Sorry',
    Errors: [
      { ErrorType: 'QueueAtCapacity', NextAction: 'Sorry' },
      { ErrorType: 'NoMatchingError', NextAction: 'Sorry' },
    ],
  },
};
const doc = (actions: Action[]) => ({
  Version: '2019-10-30',
  StartAction: actions[0]?.Identifier ?? '',
  Metadata: {},
  Actions: actions,
});

const FLOWS = {
  [BY_QUEUE]: doc([
    {
      Identifier: 'IsVip',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Attributes.vip' },
      Transitions: {
        NextAction: 'SetQueue',
        Conditions: [{ NextAction: 'Prio', Condition: { Operator: 'Equals', Operands: ['yes'] } }],
        Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'SetQueue' }],
      },
    },
    {
      Identifier: 'Prio',
      Type: 'UpdateContactRoutingBehavior',
      Parameters: { QueuePriority: '1' },
      Transitions: { NextAction: 'SetQueue' },
    },
    {
      Identifier: 'SetQueue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: '$.Attributes.queue' },
      Transitions: { NextAction: 'Xfer', Errors: errorTo('Sorry') },
    },
    transfer,
    say('Sorry', 'sorry', 'Bye'),
    bye,
  ]),
  [BY_AGENT]: doc([
    {
      Identifier: 'SetAgent',
      Type: 'UpdateContactTargetQueue',
      Parameters: { AgentId: '$.Attributes.agent' },
      Transitions: { NextAction: 'Hours', Errors: errorTo('Sorry') },
    },
    {
      Identifier: 'Hours',
      Type: 'CheckHoursOfOperation',
      Parameters: {},
      Transitions: {
        NextAction: 'Xfer',
        Conditions: [
          { NextAction: 'Xfer', Condition: { Operator: 'Equals', Operands: ['True'] } },
          { NextAction: 'Xfer', Condition: { Operator: 'Equals', Operands: ['False'] } },
        ],
        Errors: errorTo('NoHours'),
      },
    },
    say('NoHours', 'Connecting you to $.Queue.Name.', 'Xfer'),
    transfer,
    say('Sorry', 'sorry', 'Bye'),
    bye,
  ]),
  [WITH_HOOKS]: doc([
    {
      Identifier: 'SetQueue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: Q1 },
      Transitions: { NextAction: 'H1', Errors: errorTo('Sorry') },
    },
    hook('H1', 'AgentWhisper', WHISPER, 'H2'),
    hook('H2', 'CustomerWhisper', GREET, 'H3'),
    hook('H3', 'CustomerRemaining', SURVEY, 'H4'),
    hook('H4', 'CustomerQueue', OVERFLOW, 'Xfer'),
    transfer,
    say('Sorry', 'sorry', 'Bye'),
    bye,
  ]),
  [OVERFLOW]: doc([
    {
      Identifier: 'Hold',
      Type: 'MessageParticipantIteratively',
      Parameters: { Messages: [{ Text: 'Please hold.' }], InterruptFrequencySeconds: '60' },
      Transitions: {
        Conditions: [
          { NextAction: 'Move', Condition: { Operator: 'Equals', Operands: ['MessagesInterrupted'] } },
        ],
        Errors: errorTo('End'),
      },
    },
    {
      Identifier: 'Move',
      Type: 'DequeueContactAndTransferToQueue',
      Parameters: { QueueId: Q2 },
      Transitions: {
        Errors: [
          { ErrorType: 'QueueAtCapacity', NextAction: 'Full' },
          { ErrorType: 'NoMatchingError', NextAction: 'End' },
        ],
      },
    },
    say('Full', 'Service is full too.', 'End'),
    end,
  ]),
  [WHISPER]: doc([
    say('Tell', 'Caller $.CustomerEndpoint.Address for $.Agent.UserName from $.Queue.Name', 'End'),
    end,
  ]),
  [GREET]: doc([say('Greet', 'You are speaking with $.Agent.UserName.', 'End'), end]),
  [SURVEY]: doc([
    {
      Identifier: 'Ask',
      Type: 'GetParticipantInput',
      Parameters: {
        Text: 'Rate us from 1 to 5.',
        StoreInput: 'True',
        InputTimeLimitSeconds: '5',
        InputValidation: { CustomValidation: { MaximumLength: '1' } },
      },
      Transitions: { NextAction: 'Save', Errors: errorTo('Bye') },
    },
    {
      Identifier: 'Save',
      Type: 'UpdateContactAttributes',
      Parameters: { Attributes: { csat: '$.StoredCustomerInput' }, TargetContact: 'Current' },
      Transitions: { NextAction: 'Bye', Errors: errorTo('Bye') },
    },
    bye,
  ]),
  [METRICS]: doc([
    {
      Identifier: 'SetQueue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: Q1 },
      Transitions: { NextAction: 'Get', Errors: errorTo('Bye') },
    },
    {
      Identifier: 'Get',
      Type: 'GetMetricData',
      Parameters: {},
      Transitions: { NextAction: 'Say', Errors: errorTo('Bye') },
    },
    say(
      'Say',
      '$.Metrics.Queue.Name: $.Metrics.Queue.Size waiting, oldest $.Metrics.Queue.OldestContactAge s; agents online $.Metrics.Agents.Online.Count, available $.Metrics.Agents.Available.Count, staffed $.Metrics.Agents.Staffed.Count, busy $.Metrics.Agents.Busy.Count, non-productive $.Metrics.Agents.NonProductive.Count.',
      'Staffed',
    ),
    {
      Identifier: 'Staffed',
      Type: 'CheckMetricData',
      Parameters: { MetricType: 'NumberOfAgentsAvailable' },
      Transitions: {
        NextAction: 'NoAgent',
        Conditions: [{ NextAction: 'Long', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
        Errors: errorTo('Bye'),
      },
    },
    say('NoAgent', 'nobody available', 'Long'),
    {
      Identifier: 'Long',
      Type: 'CheckMetricData',
      Parameters: { MetricType: 'OldestContactInQueueAgeSeconds', QueueId: Q1 },
      Transitions: {
        NextAction: 'Short',
        Conditions: [
          { NextAction: 'Wait long', Condition: { Operator: 'NumberGreaterOrEqualTo', Operands: ['120'] } },
        ],
        Errors: [
          { ErrorType: 'NoMatchingCondition', NextAction: 'Short' },
          { ErrorType: 'NoMatchingError', NextAction: 'Bye' },
        ],
      },
    },
    say('Wait long', 'long wait', 'Bye'),
    say('Short', 'short wait', 'Bye'),
    bye,
  ]),
};

const agent = (
  id: string,
  queues: Array<[string, number, number?]>,
  over: Partial<AgentConfig> = {},
): AgentConfig => ({
  id,
  username: id,
  routingProfile: {
    name: `${id} profile`,
    queues: queues.map(([queueArn, priority, delay]) => ({ queueArn, priority, delay })),
  },
  lastActivityAt: '2024-05-06T01:00:00Z',
  ...over,
});

function runtime(agents: AgentConfig[], over: Partial<RuntimeOptions> = {}) {
  return new ContactCentreRuntime({
    flows: new Map(Object.entries(FLOWS).map(([arn, d]) => [arn, { content: d, name: idOf(arn) }])),
    queues: [
      { arn: Q1, name: 'Sales' },
      { arn: Q2, name: 'Service', maxContacts: 2 },
      { arn: VOICEMAIL, name: 'Voicemail', voicemail: true },
    ],
    agents,
    clock: T0,
    ...over,
  });
}
const call = (rt: ContactCentreRuntime, over: Partial<CallOptions> = {}) =>
  rt.call({ entryFlowArn: BY_QUEUE, from: '+14155550100', attributes: { queue: Q1 }, ...over });
const who = (r: CallResult) => r.outcome.agent?.id;

describe('local ACD: which agent takes a new contact', () => {
  it('prefers the routing profile that ranks the queue first, over a longer idle agent', async () => {
    const rt = runtime([
      agent('alice', [[Q1, 2]], { lastActivityAt: '2024-05-06T00:00:00Z' }),
      agent('bob', [[Q1, 1]], { lastActivityAt: '2024-05-06T01:59:00Z' }),
    ]);
    expect(who(await call(rt, { at: T0 }))).toBe('bob');
  });

  it('then the agent idle longest; agents stay busy for the talk time, across calls', async () => {
    const rt = runtime([
      agent('carol', [[Q1, 1]], { lastActivityAt: '2024-05-06T00:00:00Z' }),
      agent('dave', [[Q1, 1]], { lastActivityAt: '2024-05-06T01:30:00Z' }),
    ]);
    expect(who(await call(rt, { at: T0 }))).toBe('carol');
    expect(rt.acd.stateAt('carol', Date.parse(at(59))).state).toBe('Busy');
    expect(rt.acd.stateAt('carol', Date.parse(at(60)))).toEqual({
      state: 'Available',
      lastActivityAt: Date.parse(at(60)),
    });
    // The next call starts before the first one ended: carol is still on it.
    expect(who(await call(rt, { at: at(10) }))).toBe('dave');
    // carol is free again at +60 (idle since then), dave at +70: carol has been idle longer at +80.
    expect(who(await call(rt, { at: at(80) }))).toBe('carol');
  });

  it('only serves queues in the agent’s routing profile, after the profile’s delay', async () => {
    const rt = runtime([agent('erin', [[Q2, 1]]), agent('frank', [[Q1, 1, 20]])]);
    const r = await call(rt, { at: T0 });
    expect(who(r)).toBe('frank');
    expect(r.ctr.Queue).toMatchObject({ Duration: 20 });
  });

  it('a contact for an agent queue goes to that agent only, when it is free', async () => {
    const rt = runtime([agent('alice', [[Q1, 1]]), agent('bob', [[Q1, 1]])]);
    rt.acd.setAgentState('alice', 'Busy');
    const r = await rt.call({
      entryFlowArn: BY_AGENT,
      at: T0,
      attributes: { agent: 'alice' },
      agentEvents: [{ agent: 'alice', state: 'Available', afterSeconds: 45 }],
    });
    expect(r.path.map((s) => `${s.action}: ${s.branch}`)).toEqual([
      'SetAgent: NextAction',
      'Hours: Error:NoMatchingError',
      'NoHours: NextAction',
      'Xfer: Transfer',
    ]);
    expect(r.prompts).toEqual(['Connecting you to alice.']);
    expect(r.outcome).toMatchObject({
      type: 'agent',
      agent: { id: 'alice' },
      queue: { name: 'alice', arn: `${I}/queue/agent/alice` },
    });
    expect(r.ctr.Queue).toMatchObject({ Duration: 45 });
    expect(rt.acd.agent('bob')?.state).toBe('Available');
  });

  it('a waiting contact with a better priority is served first; the caller gets the next agent', async () => {
    const rt = runtime([
      agent('alice', [[Q1, 1]], { state: 'Offline' }),
      agent('bob', [[Q1, 1]], { state: 'Offline' }),
    ]);
    rt.acd.addWaitingContact({ contactId: 'vip-earlier', queue: Q1, priority: 1, enqueuedAt: at(10) });
    const r = await call(rt, {
      at: T0,
      agentEvents: [
        { agent: 'alice', state: 'Available', afterSeconds: 30 },
        { agent: 'bob', state: 'Available', afterSeconds: 90 },
      ],
    });
    expect(
      r.events.filter((e) => e.text.includes('took waiting contact')).map((e) => [e.at, e.text]),
    ).toEqual([['2024-05-06T02:00:30.000Z', 'agent alice took waiting contact vip-earlier']]);
    expect(r.outcome).toMatchObject({ type: 'agent', agent: { id: 'bob' } });
    expect(r.ctr.Queue).toMatchObject({ Duration: 90 });
  });

  it('the VIP priority set by the flow puts the caller ahead of older contacts', async () => {
    const rt = runtime([agent('alice', [[Q1, 1]], { state: 'Offline' })]);
    rt.acd.addWaitingContact({ contactId: 'older', queue: Q1, enqueuedAt: '2024-05-06T01:50:00Z' });
    const r = await call(rt, {
      at: T0,
      attributes: { queue: Q1, vip: 'yes' },
      agentEvents: [{ agent: 'alice', state: 'Available', afterSeconds: 5 }],
    });
    expect(r.outcome).toMatchObject({ type: 'agent', priority: 1, agent: { id: 'alice' } });
    // When the call ends (5 s + 60 s of talk) alice takes the older contact.
    expect(r.events.filter((e) => e.text.includes('took')).map((e) => [e.at, e.text])).toEqual([
      ['2024-05-06T02:01:05.000Z', 'agent alice took waiting contact older'],
    ]);
    expect(rt.acd.waiting(Q1)).toEqual([]);
  });
});

describe('local ACD: state and routing rules', () => {
  const acd = () =>
    new LocalAcd({
      instanceArn: I,
      queues: [
        { arn: Q1, name: 'Sales' },
        { arn: Q2, name: 'Service' },
      ],
      agents: [
        agent(
          'gus',
          [
            [Q1, 2],
            [Q2, 1],
          ],
          { state: 'Offline' },
        ),
      ],
    });

  it('an agent takes the queue its profile ranks first, then priority, then age (time adjustment counts)', () => {
    const a = acd();
    a.addWaitingContact({ contactId: 'sales-old', queue: Q1, enqueuedAt: '2024-05-06T01:00:00Z' });
    a.addWaitingContact({ contactId: 'service-new', queue: Q2, enqueuedAt: '2024-05-06T01:59:00Z' });
    a.addWaitingContact({
      contactId: 'service-prio',
      queue: Q2,
      priority: 2,
      enqueuedAt: '2024-05-06T01:59:30Z',
    });
    a.addWaitingContact({
      contactId: 'service-adjusted',
      queue: Q2,
      enqueuedAt: '2024-05-06T01:59:50Z',
      timeAdjustmentSeconds: 600,
    });
    expect(a.waiting(Q2).map((w) => w.contactId)).toEqual([
      'service-prio',
      'service-adjusted',
      'service-new',
    ]);
    expect(a.position('service-new')).toBe(3);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      a.setAgentState('gus', 'Available', Date.parse(T0) + i * 1000);
      order.push(...a.dispatch(Date.parse(T0) + i * 1000).map((x) => x.contactId));
    }
    expect(order).toEqual(['service-prio', 'service-adjusted', 'service-new', 'sales-old']);
  });

  it('counts agents and contacts for metrics', () => {
    const a = acd();
    a.addAgent(agent('hal', [[Q1, 1]], { state: 'NonProductive' }));
    a.addAgent(agent('ida', [[Q1, 1]], { state: 'Busy' }));
    a.addAgent(agent('jo', [[Q1, 1]], { state: 'Available' }));
    a.addAgent(agent('kim', [[Q2, 1]], { state: 'Available' }));
    expect(a.agentMetrics(Q1, Date.parse(T0))).toEqual({
      online: 3,
      available: 1,
      staffed: 2,
      afterContactWork: 0,
      busy: 1,
      missed: 0,
      nonProductive: 1,
    });
    a.addWaitingContact({ contactId: 'x', queue: Q1, enqueuedAt: '2024-05-06T01:58:00Z' });
    expect(a.queueMetrics(Q1, Date.parse(T0))).toEqual({ size: 1, oldestAgeSeconds: 120 });
    expect(a.queueMetrics(Q2, Date.parse(T0))).toEqual({ size: 0, oldestAgeSeconds: undefined });
  });

  it('GetMetricData and CheckMetricData read the ACD', async () => {
    const rt = runtime([
      agent('hal', [[Q1, 1]], { state: 'NonProductive' }),
      agent('ida', [[Q1, 1]], { state: 'Busy' }),
      agent('jo', [[Q1, 1]], { state: 'Offline' }),
    ]);
    rt.acd.addWaitingContact({ contactId: 'a', queue: Q1, enqueuedAt: '2024-05-06T01:57:00Z' });
    rt.acd.addWaitingContact({ contactId: 'b', queue: Q1, enqueuedAt: '2024-05-06T01:59:00Z' });
    const r = await rt.call({ entryFlowArn: METRICS, at: T0 });
    expect(r.prompts).toEqual([
      'Sales: 2 waiting, oldest 180 s; agents online 2, available 0, staffed 1, busy 1, non-productive 1.',
      'nobody available',
      'long wait',
    ]);
  });
});

describe('local ACD: hooks and queue flows', () => {
  it('runs the agent whisper, customer whisper and disconnect (survey) flows', async () => {
    const rt = runtime([agent('alice', [[Q1, 1]])], { talkSeconds: 120 });
    const r = await rt.call({ entryFlowArn: WITH_HOOKS, from: '+14155550100', at: T0, inputs: ['5'] });
    expect(r.prompts).toEqual([
      '[agent] Caller +14155550100 for alice from Sales',
      'You are speaking with alice.',
      'Rate us from 1 to 5.',
    ]);
    expect(r.attributes).toEqual({ csat: '5' });
    expect(r.outcome).toMatchObject({ type: 'agent', agent: { id: 'alice' } });
    expect(r.ctr).toMatchObject({ DisconnectReason: 'AGENT_DISCONNECT', DisconnectTimestamp: at(120) });
    expect([...new Set(r.path.map((s) => idOf(s.flow)))]).toEqual([
      'with-hooks',
      'agent-whisper',
      'customer-whisper',
      'survey',
    ]);
  });

  it('a customer queue flow moves the contact to another queue after a minute', async () => {
    const rt = runtime([agent('alice', [[Q1, 1]], { state: 'Offline' }), agent('sam', [[Q2, 1]])]);
    const r = await rt.call({ entryFlowArn: WITH_HOOKS, at: T0 });
    expect(r.path.filter((s) => idOf(s.flow) === 'overflow').map((s) => `${s.action}: ${s.branch}`)).toEqual([
      'Hold: Condition:Equals MessagesInterrupted',
      'Move: Interrupted',
    ]);
    expect(r.outcome).toMatchObject({ type: 'agent', agent: { id: 'sam' }, queue: { name: 'Service' } });
    expect(r.ctr.Queue).toMatchObject({ Name: 'Service', EnqueueTimestamp: at(60) });
  });

  it('DequeueContactAndTransferToQueue reports a full queue', async () => {
    const rt = runtime([agent('alice', [[Q1, 1]], { state: 'Offline' })]);
    rt.acd.addWaitingContact({ contactId: 'one', queue: Q2, enqueuedAt: T0 });
    rt.acd.addWaitingContact({ contactId: 'two', queue: Q2, enqueuedAt: T0 });
    const r = await rt.call({ entryFlowArn: WITH_HOOKS, at: T0, patienceSeconds: 90 });
    expect(r.prompts).toEqual(['Please hold.', 'Service is full too.']);
    expect(r.outcome).toMatchObject({ type: 'abandoned', queue: { name: 'Sales' } });
    expect(rt.acd.isWaiting(r.contactId)).toBe(false);
  });

  it('a voicemail queue ends the call as voicemail', async () => {
    const r = await call(runtime([agent('alice', [[VOICEMAIL, 1]])]), {
      at: T0,
      attributes: { queue: VOICEMAIL },
    });
    expect(r.outcome).toMatchObject({ type: 'voicemail', queue: { name: 'Voicemail' } });
  });
});
