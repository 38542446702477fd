import { describe, expect, it } from 'vitest';
import {
  type CallOptions,
  ContactCentreRuntime,
  type ContactFlowEvent,
  type HoursOfOperation,
  idOf,
  type LambdaInvoker,
  type RuntimeOptions,
} from '../../contact-flows/runtime/index.js';
import { createCallerLookupHandler } from '../../functions/caller-lookup/handler.js';
import { createObservability } from '../../functions/shared/observability.js';
import { ConnectContactFlowEventSchema } from '../../schemas/connect-event.js';
import {
  type CallResult,
  CallResultSchema,
  ContactTraceRecordSchema,
  CTR_TIMESTAMP,
} from '../../schemas/contact-record.js';
import inboundJson from '../fixtures/flows/reference-inbound.json' with { type: 'json' };
import queueJson from '../fixtures/flows/reference-queue.json' with { type: 'json' };

// The reference flows (reference §9) run as deployed: their ARNs are the ones they refer to.
const I = 'arn:aws:connect:us-east-1:111122223333:instance/i';
const INBOUND = `${I}/contact-flow/inbound`;
const QUEUE_FLOW = `${I}/contact-flow/qf`;
const QUEUE = `${I}/queue/q`;
const HOURS = `${I}/operating-hours/office`;
const CALLER = '+8613800138000';
/** Monday 6 May 2024, 10:00 in Shanghai. */
const MONDAY_10 = '2024-05-06T02:00:00Z';
const slot = { start: '09:00', end: '18:00' };
const OFFICE: HoursOfOperation = {
  arn: HOURS,
  name: 'Office',
  timeZone: 'Asia/Shanghai',
  days: { MONDAY: slot, TUESDAY: slot, WEDNESDAY: slot, THURSDAY: slot, FRIDAY: slot },
};

function runtime(lookup: LambdaInvoker, over: Partial<RuntimeOptions> = {}): ContactCentreRuntime {
  return new ContactCentreRuntime({
    flows: new Map([
      [INBOUND, { content: inboundJson, name: 'Inbound' }],
      [QUEUE_FLOW, { content: queueJson, name: 'Queue' }],
    ]),
    lambdas: { lookup },
    hours: [OFFICE],
    queues: [{ arn: QUEUE, name: 'General', hoursArn: HOURS, maxContacts: 10 }],
    agents: [
      { id: 'alice', username: 'alice', routingProfile: { queues: [{ queueArn: QUEUE, priority: 1 }] } },
    ],
    clock: MONDAY_10,
    lambdaTimeScale: 0.01,
    ...over,
  });
}

const call = (rt: ContactCentreRuntime, over: Partial<CallOptions> = {}) =>
  rt.call({ entryFlowArn: INBOUND, from: CALLER, to: '+862120000000', at: MONDAY_10, ...over });

/** `flow/action: branch -> target`, one per step. */
const trace = (r: CallResult) =>
  r.path.map((s) => `${idOf(s.flow)}/${s.action}: ${s.branch}${s.to === undefined ? '' : ` -> ${s.to}`}`);

const tier =
  (value: string): LambdaInvoker =>
  () => ({ tier: value });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const UP_TO_HOURS = [
  'inbound/Log: NextAction -> Lookup',
  'inbound/Lookup: NextAction -> Save',
  'inbound/Save: NextAction -> IsVip',
];
const FROM_SET_QUEUE = [
  'inbound/SetQueue: NextAction -> Hours',
  'inbound/Hours: Condition:Equals True -> Rec',
  'inbound/Rec: NextAction -> QFlow',
  'inbound/QFlow: NextAction -> Xfer',
  'inbound/Xfer: Transfer',
];
const LOOKUP_FAILED = [
  'inbound/Log: NextAction -> Lookup',
  'inbound/Lookup: Error:NoMatchingError -> Sorry',
  'inbound/Sorry: NextAction -> Bye',
  'inbound/Bye: End',
];

describe('reference inbound flow', () => {
  it('VIP caller: priority 1, straight to the available agent', async () => {
    const r = await call(runtime(tier('VIP')));
    expect(trace(r)).toEqual([
      ...UP_TO_HOURS,
      'inbound/IsVip: Condition:Equals VIP -> Prio',
      'inbound/Prio: NextAction -> SetQueue',
      ...FROM_SET_QUEUE,
    ]);
    expect(r.prompts).toEqual([]);
    expect(r.attributes).toEqual({ tier: 'VIP' });
    expect(r.outcome).toEqual({
      type: 'agent',
      queue: { name: 'General', arn: QUEUE },
      priority: 1,
      agent: { id: 'alice', name: 'alice' },
    });
    expect(r.lambdas).toEqual([
      expect.objectContaining({
        name: 'lookup',
        arn: 'arn:aws:lambda:us-east-1:111122223333:function:lookup',
        response: { tier: 'VIP' },
      }),
    ]);
    expect(r.lambdas[0]?.error).toBeUndefined();
  });

  it('caller who is not VIP: NoMatchingCondition, default priority 5', async () => {
    const r = await call(runtime(tier('standard')));
    expect(trace(r)).toEqual([
      ...UP_TO_HOURS,
      'inbound/IsVip: Error:NoMatchingCondition -> SetQueue',
      ...FROM_SET_QUEUE,
    ]);
    expect(r.outcome).toMatchObject({ type: 'agent', priority: 5 });
  });

  it('closed: 20:00 in Shanghai is outside office hours', async () => {
    const r = await call(runtime(tier('VIP')), { at: '2024-05-06T12:00:00Z' });
    expect(trace(r).slice(-4)).toEqual([
      'inbound/SetQueue: NextAction -> Hours',
      'inbound/Hours: Condition:Equals False -> Closed',
      'inbound/Closed: NextAction -> Bye',
      'inbound/Bye: End',
    ]);
    expect(r.prompts).toEqual(['We are closed.']);
    expect(r.outcome).toEqual({
      type: 'disconnected',
      flow: 'Inbound',
      reason: 'disconnected by flow Inbound (DisconnectParticipant "Bye")',
    });
    expect(r.ctr.DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');
    expect(r.ctr.Queue).toBeNull();
    expect(r.ctr.Agent).toBeNull();
  });

  it('a Lambda that throws takes the error branch', async () => {
    const r = await call(
      runtime(() => {
        throw new Error('boom');
      }),
    );
    expect(trace(r)).toEqual(LOOKUP_FAILED);
    expect(r.path[1]?.error).toBe('NoMatchingError');
    expect(r.prompts).toEqual(['Sorry, something went wrong.']);
    expect(r.lambdas[0]?.error).toBe('threw: Error: boom');
    expect(r.attributes).toEqual({});
    expect(r.outcome.type).toBe('disconnected');
  });

  it('a Lambda slower than InvocationTimeLimitSeconds takes the error branch; its late answer is ignored', async () => {
    let remainingAtStart = -1;
    const slow: LambdaInvoker = async (_event, context) => {
      remainingAtStart = context.getRemainingTimeInMillis();
      await sleep(250); // the limit is 8 s × 0.01 = 80 ms of real time
      return { tier: 'VIP' };
    };
    const r = await call(runtime(slow));
    expect(trace(r)).toEqual(LOOKUP_FAILED);
    expect(r.lambdas[0]).toMatchObject({
      name: 'lookup',
      timedOut: true,
      error: 'timed out after 8 s (InvocationTimeLimitSeconds)',
    });
    expect(r.lambdas[0]?.latencyMs).toBeLessThan(250);
    // The context counts down from the action's limit, in unscaled milliseconds.
    expect(remainingAtStart).toBeGreaterThan(7000);
    expect(remainingAtStart).toBeLessThanOrEqual(8000);
    await sleep(300);
    expect(r.attributes).toEqual({});
  });

  it('a STRING_MAP answer with a non-string value is not understood: error branch', async () => {
    const r = await call(runtime(() => ({ tier: 1 })));
    expect(trace(r)).toEqual(LOOKUP_FAILED);
    expect(r.lambdas[0]).toMatchObject({
      error: 'STRING_MAP response: "tier" is a number, not a string',
      response: { tier: 1 },
    });
  });

  it('queue at capacity: QueueAtCapacity branch', async () => {
    const rt = runtime(tier('VIP'), {
      queues: [{ arn: QUEUE, name: 'General', hoursArn: HOURS, maxContacts: 1 }],
    });
    rt.acd.addWaitingContact({ contactId: 'earlier', queue: QUEUE, enqueuedAt: '2024-05-06T01:59:00Z' });
    rt.acd.setAgentState('alice', 'Busy');
    const r = await call(rt);
    expect(trace(r).slice(-3)).toEqual([
      'inbound/Xfer: Error:QueueAtCapacity -> Sorry',
      'inbound/Sorry: NextAction -> Bye',
      'inbound/Bye: End',
    ]);
    expect(r.prompts).toEqual(['Sorry, something went wrong.']);
    expect(rt.acd.waiting(QUEUE).map((w) => w.contactId)).toEqual(['earlier']);
  });

  it('sends Connect-shaped events with resolved parameters', async () => {
    let seen: ContactFlowEvent | undefined;
    const r = await call(
      runtime((event) => {
        seen = event;
        return { tier: 'VIP' };
      }),
      { attributes: { source: 'web' } },
    );
    expect(ConnectContactFlowEventSchema.safeParse(seen).success).toBe(true);
    expect(seen).toEqual({
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: { source: 'web' },
          Channel: 'VOICE',
          ContactId: r.contactId,
          CustomerEndpoint: { Address: CALLER, Type: 'TELEPHONE_NUMBER' },
          CustomerId: null,
          Description: null,
          InitialContactId: r.contactId,
          InitiationMethod: 'INBOUND',
          InstanceARN: I,
          LanguageCode: 'en-US',
          MediaStreams: { Customer: { Audio: null } },
          Name: 'ContactFlowEvent',
          PreviousContactId: null,
          Queue: null,
          References: {},
          SystemEndpoint: { Address: '+862120000000', Type: 'TELEPHONE_NUMBER' },
        },
        Parameters: { phone: CALLER },
      },
    });
  });

  it('runs a real handler (caller lookup, misconfigured: answers degraded)', async () => {
    const handler = createCallerLookupHandler({
      ...createObservability('test'),
      lookup: { configError: 'no table' },
    });
    const r = await call(runtime(handler));
    expect(r.lambdas[0]?.error).toBeUndefined();
    expect(r.lambdas[0]?.response).toMatchObject({ lookupStatus: 'degraded' });
    expect(r.path[1]).toMatchObject({ action: 'Lookup', branch: 'NextAction' });
  });

  it('produces a result and a contact record that match their schemas', async () => {
    const r = await call(runtime(tier('VIP')));
    expect(CallResultSchema.safeParse(r).success).toBe(true);
    expect(ContactTraceRecordSchema.safeParse(r.ctr).success).toBe(true);
    expect(r.ctr).toMatchObject({
      AWSAccountId: '111122223333',
      AWSContactTraceRecordFormatVersion: '2017-03-10',
      ContactId: r.contactId,
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      InitiationTimestamp: '2024-05-06T02:00:00Z',
      ConnectedToSystemTimestamp: '2024-05-06T02:00:00Z',
      DisconnectTimestamp: '2024-05-06T02:01:00Z',
      LastUpdateTimestamp: '2024-05-06T02:01:00Z',
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      CustomerEndpoint: { Address: CALLER, Type: 'TELEPHONE_NUMBER' },
      Attributes: { tier: 'VIP' },
      Queue: {
        ARN: QUEUE,
        Name: 'General',
        EnqueueTimestamp: '2024-05-06T02:00:00Z',
        DequeueTimestamp: '2024-05-06T02:00:00Z',
        Duration: 0,
      },
      Agent: {
        Username: 'alice',
        ConnectedToAgentTimestamp: '2024-05-06T02:00:00Z',
        AgentInteractionDuration: 60,
      },
      Recording: { Status: 'AVAILABLE', Type: 'AUDIO' },
    });
    for (const key of ['InitiationTimestamp', 'DisconnectTimestamp', 'LastUpdateTimestamp'] as const) {
      expect(r.ctr[key]).toMatch(CTR_TIMESTAMP);
    }
    expect(r.ctr.Recording?.Location).not.toMatch(/^s3:/);
  });
});

describe('reference customer queue flow', () => {
  const busy = () => {
    const rt = runtime(tier('VIP'));
    rt.acd.setAgentState('alice', 'Offline');
    return rt;
  };
  const QUEUED = [
    ...UP_TO_HOURS,
    'inbound/IsVip: Condition:Equals VIP -> Prio',
    'inbound/Prio: NextAction -> SetQueue',
    ...FROM_SET_QUEUE,
  ];

  it('interrupts every 60 s to offer a callback; the caller takes it', async () => {
    const r = await call(busy(), { inputs: [null, '1'] });
    expect(trace(r)).toEqual([
      ...QUEUED,
      'qf/Loop: Condition:Equals MessagesInterrupted -> Offer',
      'qf/Offer: Error:InputTimeLimitExceeded -> Loop',
      'qf/Loop: Condition:Equals MessagesInterrupted -> Offer',
      'qf/Offer: Condition:Equals 1 -> Cb',
      'qf/Cb: NextAction -> Bye',
      'qf/Bye: End',
    ]);
    expect(r.prompts).toEqual([
      'All agents are busy.',
      'Press 1 for a callback.',
      'All agents are busy.',
      'Press 1 for a callback.',
    ]);
    expect(r.inputs).toEqual([null, '1']);
    expect(r.outcome).toEqual({
      type: 'callback',
      queue: { name: 'General', arn: QUEUE },
      priority: 1,
      callbackNumber: CALLER,
      reason: 'disconnected by flow Queue (DisconnectParticipant "Bye")',
    });
    // 60 s of messages, 5 s waiting for a key, 60 s of messages again.
    expect(r.ctr.Queue).toMatchObject({ DequeueTimestamp: '2024-05-06T02:02:05Z', Duration: 125 });
    expect(r.ctr.DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');
  });

  it('an agent who becomes available interrupts the queue flow', async () => {
    const r = await call(busy(), {
      inputs: [null, '2'],
      agentEvents: [{ agent: 'alice', state: 'Available', afterSeconds: 150 }],
    });
    expect(trace(r).slice(QUEUED.length)).toEqual([
      'qf/Loop: Condition:Equals MessagesInterrupted -> Offer',
      'qf/Offer: Error:InputTimeLimitExceeded -> Loop',
      'qf/Loop: Condition:Equals MessagesInterrupted -> Offer',
      'qf/Offer: Error:NoMatchingCondition -> Loop',
      'qf/Loop: Interrupted',
    ]);
    expect(r.outcome).toMatchObject({ type: 'agent', agent: { id: 'alice' } });
    expect(r.ctr.Queue).toMatchObject({ Duration: 150 });
    expect(r.ctr.Agent).toMatchObject({ ConnectedToAgentTimestamp: '2024-05-06T02:02:30Z' });
  });

  it('a caller whose patience runs out abandons', async () => {
    const r = await call(busy(), { patienceSeconds: 100 });
    expect(r.prompts).toEqual(['All agents are busy.', 'Press 1 for a callback.', 'All agents are busy.']);
    expect(r.outcome).toEqual({
      type: 'abandoned',
      queue: { name: 'General', arn: QUEUE },
      priority: 1,
      reason: 'caller hung up after 100 s in queue (patience)',
    });
    expect(r.ctr).toMatchObject({
      Agent: null,
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      Queue: { Duration: 100 },
    });
  });

  it('stops at the wait cap with the contact still in queue', async () => {
    const r = await call(runtime(tier('VIP'), { maxQueueWaitSeconds: 200 }), {
      agentEvents: [{ agent: 'alice', state: 'Offline', afterSeconds: 0 }],
    });
    expect(r.outcome).toMatchObject({
      type: 'queue',
      reason: 'still waiting after 200 s (maxQueueWaitSeconds)',
    });
    expect(r.ctr).toMatchObject({ DisconnectTimestamp: null, Queue: { DequeueTimestamp: null } });
  });

  it('on chat the loop prompts take the error branch; the contact waits in silence', async () => {
    const r = await call(busy(), { channel: 'CHAT', patienceSeconds: 30 });
    expect(trace(r).slice(QUEUED.length)).toEqual(['qf/Loop: Error:NoMatchingError -> End', 'qf/End: End']);
    expect(r.outcome.type).toBe('abandoned');
  });
});
