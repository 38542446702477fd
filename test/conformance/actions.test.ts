/**
 * Conformance of the offline runtime and the validator with the Flow Language reference: one case (or more)
 * per documented action type, written from the API Reference action pages ("Parameter object", "Results and
 * conditions", "Errors", "Restrictions") and the fact sheet (`amazon-connect.md` §3). Each case builds the
 * smallest flow that exercises the action, checks that the validator accepts it as Connect would, runs it, and
 * checks the branch taken and the action's effect on the contact.
 *
 * Where the semantics need a service with no emulator (Lex, Customer Profiles, Cases, Voice ID, views, third
 * parties) the cases use the documented local models (`contact-flows/runtime/services.ts`).
 */
import { describe, expect, it } from 'vitest';
import { validateFlow } from '../../contact-flows/builder/validate.js';
import {
  type CallOptions,
  ContactCentreRuntime,
  type RuntimeOptions,
} from '../../contact-flows/runtime/index.js';
import type { RuntimeServices } from '../../contact-flows/runtime/services.js';
import type { CallResult } from '../../schemas/contact-record.js';
import {
  type Action,
  DOCUMENTED_ACTION_TYPES,
  type FlowKind,
  isKnownActionType,
} from '../../schemas/flow.js';

const I = 'arn:aws:connect:us-east-1:111122223333:instance/i';
const MAIN = `${I}/contact-flow/main`;
const OTHER = `${I}/contact-flow/other`;
const QFLOW = `${I}/contact-flow/queue-flow`;
const MODULE = `${I}/flow-module/greeting`;
const QUEUE = `${I}/queue/general`;
const QUEUE2 = `${I}/queue/sales`;
const HOURS = `${I}/operating-hours/office`;
const AT = '2024-05-06T02:00:00Z'; // a Monday, 10:00 in Shanghai
const CALLER = '+14155550100';

// ---- harness ---------------------------------------------------------------------------------------------------

const bye: Action = { Identifier: 'Bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const say = (id: string, text: string, next = 'Bye'): Action => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: next },
});
const cond = (operand: string, next: string, operator = 'Equals') => ({
  NextAction: next,
  Condition: { Operator: operator, Operands: [operand] },
});
const err = (type: string, next = 'Failed') => ({ ErrorType: type, NextAction: next });

/** A document from actions; every target that is not an action becomes a prompt saying its name, then Bye. */
function doc(actions: Action[], terminal: Action = bye) {
  const ids = new Set(actions.map((a) => a.Identifier));
  const targets = actions.flatMap((a) => [
    a.Transitions.NextAction,
    ...(a.Transitions.Errors ?? []).map((e) => e.NextAction),
    ...(a.Transitions.Conditions ?? []).map((c) => c.NextAction),
  ]);
  const marks: Action[] = [];
  for (const t of targets) {
    if (t === undefined || ids.has(t) || t === terminal.Identifier) continue;
    ids.add(t);
    marks.push(say(t, t, terminal.Identifier));
  }
  return {
    Version: '2019-10-30',
    StartAction: actions[0]?.Identifier ?? '',
    Metadata: {},
    Actions: [...actions, ...marks, terminal],
  };
}

interface FlowSpec {
  readonly actions: Action[];
  readonly kind?: FlowKind;
  readonly terminal?: Action;
}

interface Run {
  readonly flows: Record<string, FlowSpec>;
  readonly entry?: string;
  readonly call?: Partial<CallOptions>;
  readonly rt?: Partial<RuntimeOptions>;
  readonly services?: RuntimeServices;
}

const OFFICE = {
  arn: HOURS,
  name: 'Office',
  timeZone: 'Asia/Shanghai',
  days: { MONDAY: [{ start: '09:00', end: '18:00' }] },
};

async function run(spec: Run): Promise<CallResult> {
  const flows = new Map(
    Object.entries(spec.flows).map(([arn, f]) => {
      const content = doc(f.actions, f.terminal);
      // What Connect accepts, the validator accepts: no error-level problem for any flow of the suite.
      const kind = f.kind ?? 'CONTACT_FLOW';
      expect(
        validateFlow(content, kind, { ignore: ['unreachable'] }).filter((p) => p.severity === 'error'),
        `${arn} as ${kind}`,
      ).toEqual([]);
      return [arn, { content, ...(f.kind ? { type: f.kind } : {}) }] as const;
    }),
  );
  const runtime = new ContactCentreRuntime({
    flows,
    clock: AT,
    hours: [OFFICE as never],
    queues: [
      { arn: QUEUE, name: 'General', hoursArn: HOURS, maxContacts: 5 },
      { arn: QUEUE2, name: 'Sales', hoursArn: HOURS },
    ],
    agents: [
      { id: 'alice', username: 'alice', routingProfile: { queues: [{ queueArn: QUEUE, priority: 1 }] } },
    ],
    lambdaTimeScale: 0.01,
    validation: { ignore: ['unreachable'] },
    ...(spec.services ? { services: spec.services } : {}),
    ...spec.rt,
  });
  return runtime.call({ entryFlowArn: spec.entry ?? MAIN, from: CALLER, at: AT, ...spec.call });
}

/** Runs one action `X` in an inbound flow (after optional setup actions that lead to it). */
const one = (
  x: Omit<Action, 'Identifier'>,
  extra: Partial<Run> & { setup?: Action[]; kind?: FlowKind } = {},
) =>
  run({
    flows: {
      [MAIN]: {
        actions: [...(extra.setup ?? []), { Identifier: 'X', ...x }],
        ...(extra.kind ? { kind: extra.kind } : {}),
      },
    },
    ...extra,
  });

const branch = (r: CallResult, action = 'X') => r.path.filter((s) => s.action === action).at(-1)?.branch;
const ok = { NextAction: 'Done', Errors: [err('NoMatchingError')] };

const covered = new Set<string>();
function conform(type: (typeof DOCUMENTED_ACTION_TYPES)[number], title: string, body: () => Promise<void>) {
  covered.add(type);
  it(`${type}: ${title}`, body);
}

// ---- participant actions ---------------------------------------------------------------------------------------

describe('participant actions', () => {
  conform('MessageParticipant', 'plays text with paths filled in; no error branch is needed', async () => {
    const r = await one(
      {
        Type: 'MessageParticipant',
        Parameters: { Text: 'Hi $.Attributes.name.' },
        Transitions: { NextAction: 'Bye' },
      },
      { call: { attributes: { name: 'Ann' } } },
    );
    expect(r.prompts).toEqual(['Hi Ann.']);
    expect(branch(r)).toBe('NextAction');
  });

  conform(
    'GetParticipantInput',
    'a key picks its condition; no key InputTimeLimitExceeded; other keys NoMatchingCondition',
    async () => {
      const menu = {
        Type: 'GetParticipantInput',
        Parameters: { Text: 'Press 1', StoreInput: 'False', InputTimeLimitSeconds: '5' },
        Transitions: {
          NextAction: 'Other',
          Conditions: [cond('1', 'One')],
          Errors: [
            err('InputTimeLimitExceeded', 'Silence'),
            err('NoMatchingCondition', 'Other'),
            err('NoMatchingError'),
          ],
        },
      };
      expect(branch(await one(menu, { call: { inputs: ['1'] } }))).toBe('Condition:Equals 1');
      expect(branch(await one(menu, { call: { inputs: ['7'] } }))).toBe('Error:NoMatchingCondition');
      const silent = await one(menu, { call: { inputs: [null] } });
      expect(branch(silent)).toBe('Error:InputTimeLimitExceeded');
      expect(silent.ctr.DisconnectTimestamp).toBe('2024-05-06T02:00:05Z');
    },
  );

  conform('GetParticipantInput', 'stored input with no key continues on Success with "Timeout"', async () => {
    const echo = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'GetParticipantInput',
              Parameters: {
                Text: 'Your account?',
                StoreInput: 'True',
                InputTimeLimitSeconds: '5',
                InputValidation: { CustomValidation: { MaximumLength: '8' } },
              },
              Transitions: { NextAction: 'Echo', Errors: [err('NoMatchingError')] },
            },
            say('Echo', 'got $.StoredCustomerInput'),
          ],
        },
      },
      call: { inputs: [null] },
    });
    expect(branch(echo)).toBe('NextAction');
    expect(echo.prompts).toEqual(['Your account?', 'got Timeout']);
  });

  conform(
    'MessageParticipantIteratively',
    'a hold flow plays its messages and ends without hanging up',
    async () => {
      const r = await run({
        flows: {
          [MAIN]: {
            kind: 'CUSTOMER_HOLD',
            actions: [
              {
                Identifier: 'X',
                Type: 'MessageParticipantIteratively',
                Parameters: { Messages: [{ Text: 'Please hold.' }, { Text: 'Still there.' }] },
                Transitions: {},
              },
            ],
          },
        },
      });
      expect(r.prompts).toEqual(['Please hold.', 'Still there.']);
      expect(r.outcome.type).toBe('ended');
      expect(r.ctr.DisconnectReason).toBeNull();
    },
  );

  conform('DisconnectParticipant', 'hangs up: outcome disconnected by that flow', async () => {
    const r = await one({ Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
    expect(r.outcome).toMatchObject({ type: 'disconnected', flow: 'main' });
    expect(r.ctr.DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');
  });

  conform('ConnectParticipantWithLexBot', 'the intent is the result; slots under $.Lex', async () => {
    const lex = {
      Type: 'ConnectParticipantWithLexBot',
      Parameters: {
        Text: 'How can I help?',
        LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOT1/ALIAS1' },
      },
      Transitions: {
        NextAction: 'Other',
        Conditions: [cond('Balance', 'Bal')],
        Errors: [
          err('NoMatchingCondition', 'Other'),
          err('InputTimeLimitExceeded', 'Silence'),
          err('NoMatchingError'),
        ],
      },
    };
    const services: RuntimeServices = {
      lex: { BOT1: { utterances: { 'my balance': { intent: 'Balance', slots: { account: 'savings' } } } } },
    };
    const r = await run({
      flows: { [MAIN]: { actions: [{ Identifier: 'X', ...lex }, say('Bal', '$.Lex.Slots.account')] } },
      services,
      call: { inputs: ['My Balance'] },
    });
    expect(branch(r)).toBe('Condition:Equals Balance');
    expect(r.prompts.at(-1)).toBe('savings');
    expect(branch(await one(lex, { services, call: { inputs: ['hello'] } }))).toBe(
      'Error:NoMatchingCondition',
    );
    expect(branch(await one(lex, { services, call: { inputs: [null] } }))).toBe(
      'Error:InputTimeLimitExceeded',
    );
  });

  conform('ShowView', 'chat only: the selection is the result; no selection TimeLimitExceeded', async () => {
    const view = {
      Type: 'ShowView',
      Parameters: {
        ViewResource: { Id: 'arn:aws:connect:us-east-1:111122223333:instance/i/view/form', Version: '1' },
      },
      Transitions: {
        NextAction: 'Other',
        Conditions: [cond('Submit', 'Submitted')],
        Errors: [
          err('NoMatchingCondition', 'Other'),
          err('TimeLimitExceeded', 'Late'),
          err('NoMatchingError'),
        ],
      },
    };
    expect(
      branch(await one(view, { call: { channel: 'CHAT' }, services: { views: { form: 'Submit' } } })),
    ).toBe('Condition:Equals Submit');
    expect(branch(await one(view, { call: { channel: 'CHAT' } }))).toBe('Error:TimeLimitExceeded');
    expect(await one(view, { services: { views: { form: 'Submit' } } }).then((r) => r.path[0]?.error)).toBe(
      'NoMatchingError',
    );
  });

  conform(
    'TransferParticipantToThirdParty',
    'answered without ContinueFlowExecution: outcome third-party',
    async () => {
      const transfer = (continueFlow: string) => ({
        Type: 'TransferParticipantToThirdParty',
        Parameters: {
          ThirdPartyPhoneNumber: '+442071838750',
          ThirdPartyConnectionTimeoutSeconds: '20',
          ContinueFlowExecution: continueFlow,
        },
        Transitions: {
          NextAction: 'After',
          Errors: [
            err('CallFailed', 'Busy'),
            err('ConnectionTimeLimitExceeded', 'NoAnswer'),
            err('NoMatchingError'),
          ],
        },
      });
      const gone = await one(transfer('False'));
      expect(gone.outcome).toMatchObject({ type: 'third-party', thirdPartyNumber: '+442071838750' });
      expect(gone.ctr.TransferredToEndpoint?.Address).toBe('+442071838750');
      const back = await one(transfer('True'));
      expect(branch(back)).toBe('NextAction');
      expect(back.prompts).toEqual(['After']);
      expect(branch(await one(transfer('False'), { services: { thirdParty: { '*': 'busy' } } }))).toBe(
        'Error:CallFailed',
      );
      const late = await one(transfer('False'), {
        services: { thirdParty: { '+442071838750': 'no-answer' } },
      });
      expect(branch(late)).toBe('Error:ConnectionTimeLimitExceeded');
    },
  );

  conform('Wait', 'time passes; the result is WaitCompleted', async () => {
    const r = await one({
      Type: 'Wait',
      Parameters: { TimeoutSeconds: '30' },
      Transitions: {
        NextAction: 'Done',
        Conditions: [cond('WaitCompleted', 'Done')],
        Errors: [err('NoMatchingError')],
      },
    });
    expect(branch(r)).toBe('Condition:Equals WaitCompleted');
    expect(r.ctr.DisconnectTimestamp).toBe('2024-05-06T02:00:30Z');
  });
});

// ---- contact actions -------------------------------------------------------------------------------------------

const noEffect = (type: (typeof DOCUMENTED_ACTION_TYPES)[number], parameters: Record<string, unknown>) =>
  conform(type, 'succeeds and leaves the simulated contact as it was (noted)', async () => {
    const r = await one({ Type: type, Parameters: parameters, Transitions: ok });
    expect(branch(r)).toBe('NextAction');
    expect(r.prompts).toEqual(['Done']);
  });

const setQueue = (queue = QUEUE, next = 'X'): Action => ({
  Identifier: 'Set queue',
  Type: 'UpdateContactTargetQueue',
  Parameters: { QueueId: queue },
  Transitions: { NextAction: next, Errors: [err('NoMatchingError')] },
});
const toQueue: Omit<Action, 'Identifier'> = {
  Type: 'TransferContactToQueue',
  Parameters: {},
  Transitions: { NextAction: 'Failed', Errors: [err('QueueAtCapacity', 'Full'), err('NoMatchingError')] },
};

describe('contact actions', () => {
  noEffect('CompleteOutboundCall', { CallerId: { Number: '+14155550199' } });
  noEffect('StartOutboundChatContact', {});
  noEffect('UpdateContactMediaProcessing', { ChatProcessor: { Enabled: 'True' } });
  noEffect('UpdateContactMediaStreamingBehavior', {
    MediaStreamingState: 'Enabled',
    MediaStreamType: 'Audio',
  });
  noEffect('ResumeContact', {});
  noEffect('UpdatePreviousContactParticipantState', { PreviousContactParticipantState: 'AgentOnHold' });

  conform('CreateCase', 'creates a case in the local store and fills $.Case; no store: error', async () => {
    const cases: Array<Record<string, unknown>> = [];
    const create = {
      Type: 'CreateCase',
      Parameters: {
        CaseTemplateId: 'complaint',
        LinkContactToCase: 'true',
        CaseRequestFields: { title: 'Call from $.CustomerEndpoint.Address' },
      },
      Transitions: { NextAction: 'Said', Errors: [err('ContactNotLinked'), err('NoMatchingError')] },
    };
    const r = await run({
      flows: { [MAIN]: { actions: [{ Identifier: 'X', ...create }, say('Said', '$.Case.title')] } },
      services: { cases },
    });
    expect(r.prompts).toEqual([`Call from ${CALLER}`]);
    expect(cases).toEqual([
      expect.objectContaining({ template_id: 'complaint', title: `Call from ${CALLER}` }),
    ]);
    expect((await one(create)).path[0]?.error).toBe('NoMatchingError');
  });

  conform('GetCase', 'finds a case by id; none: NoneFoundError', async () => {
    const cases = [{ case_id: 'c-1', title: 'Broken pump', status: 'open' }];
    const get = (id: string) => ({
      Type: 'GetCase',
      Parameters: { CaseId: id },
      Transitions: { NextAction: 'Done', Errors: [err('NoneFoundError', 'None'), err('NoMatchingError')] },
    });
    const found = await run({
      flows: { [MAIN]: { actions: [{ Identifier: 'X', ...get('c-1') }, say('Done', '$.Case.status')] } },
      services: { cases },
    });
    expect(found.prompts).toEqual(['open']);
    expect(branch(await one(get('c-9'), { services: { cases } }))).toBe('Error:NoneFoundError');
  });

  conform('UpdateCase', 'updates the fields of a case', async () => {
    const cases = [{ case_id: 'c-1', status: 'open' }];
    await one(
      {
        Type: 'UpdateCase',
        Parameters: { CaseId: 'c-1', CaseRequestFields: { status: 'closed' } },
        Transitions: ok,
      },
      { services: { cases } },
    );
    expect(cases[0]?.status).toBe('closed');
  });

  conform('CreateTask', 'creates a task (recorded) and continues', async () => {
    const r = await one({
      Type: 'CreateTask',
      Parameters: { Name: 'Call back $.CustomerEndpoint.Address' },
      Transitions: ok,
    });
    expect(r.events.some((e) => e.text.startsWith(`task "Call back ${CALLER}" created`))).toBe(true);
  });

  conform('CreateWisdomSession', 'creates a session: $.Wisdom.SessionArn', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'CreateWisdomSession',
              Parameters: { WisdomAssistantArn: 'arn:aws:wisdom:us-east-1:111122223333:assistant/a1' },
              Transitions: { NextAction: 'Said', Errors: [err('NoMatchingError')] },
            },
            say('Said', '$.Wisdom.SessionArn'),
          ],
        },
      },
    });
    expect(r.prompts[0]).toMatch(/^arn:aws:wisdom:us-east-1:111122223333:session\/a1\//);
  });

  conform('TagContact', 'sets tags on the contact', async () => {
    const r = await one({
      Type: 'TagContact',
      Parameters: { Tags: { dept: 'sales', caller: '$.CustomerEndpoint.Address' } },
      Transitions: ok,
    });
    expect(r.tags).toEqual({ dept: 'sales', caller: CALLER });
  });

  conform('UnTagContact', 'removes tags', async () => {
    const r = await one(
      { Type: 'UnTagContact', Parameters: { TagKeys: ['dept'] }, Transitions: ok },
      {
        setup: [
          {
            Identifier: 'Tag',
            Type: 'TagContact',
            Parameters: { Tags: { dept: 'sales', keep: 'yes' } },
            Transitions: { NextAction: 'X' },
          },
        ],
      },
    );
    expect(r.tags).toEqual({ keep: 'yes' });
  });

  conform(
    'TransferContactToQueue',
    'ends the flow in queue; an agent answers; full: QueueAtCapacity',
    async () => {
      const r = await one(toQueue, { setup: [setQueue()] });
      expect(branch(r)).toBe('Transfer');
      expect(r.outcome).toMatchObject({ type: 'agent', queue: { name: 'General' }, agent: { id: 'alice' } });
      expect(branch(await one(toQueue))).toBe('Error:NoMatchingError');
      const full = await one(toQueue, {
        setup: [setQueue()],
        rt: { queues: [{ arn: QUEUE, name: 'General', maxContacts: 0 }] },
      });
      expect(branch(full)).toBe('Error:QueueAtCapacity');
    },
  );

  conform(
    'DequeueContactAndTransferToQueue',
    'in a customer queue flow: moves the contact to another queue',
    async () => {
      const r = await run({
        flows: {
          [MAIN]: {
            actions: [
              {
                Identifier: 'Hook',
                Type: 'UpdateContactEventHooks',
                Parameters: { EventHooks: { CustomerQueue: QFLOW } },
                Transitions: { NextAction: 'Set queue', Errors: [err('NoMatchingError')] },
              },
              setQueue(QUEUE, 'To queue'),
              { Identifier: 'To queue', ...toQueue },
            ],
          },
          [QFLOW]: {
            kind: 'CUSTOMER_QUEUE',
            actions: [
              {
                Identifier: 'X',
                Type: 'DequeueContactAndTransferToQueue',
                Parameters: { QueueId: QUEUE2 },
                Transitions: {
                  NextAction: 'Failed',
                  Errors: [err('QueueAtCapacity'), err('NoMatchingError')],
                },
              },
            ],
            terminal: { Identifier: 'Bye', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
          },
        },
        rt: {
          agents: [
            {
              id: 'alice',
              username: 'alice',
              state: 'Offline',
              routingProfile: { queues: [{ queueArn: QUEUE, priority: 1 }] },
            },
            { id: 'bob', username: 'bob', routingProfile: { queues: [{ queueArn: QUEUE2, priority: 1 }] } },
          ],
        },
      });
      // bob (Sales) is free: he takes the contact the moment it arrives, which cuts the queue flow short.
      expect(branch(r)).toBe('Interrupted');
      expect(r.events.some((e) => e.text === 'moved to queue Sales')).toBe(true);
      expect(r.outcome).toMatchObject({ type: 'agent', queue: { name: 'Sales' }, agent: { id: 'bob' } });
    },
  );

  conform(
    'TransferContactToAgent',
    "a transfer-to-agent flow puts the contact in the agent's queue",
    async () => {
      const r = await run({
        flows: {
          [MAIN]: {
            kind: 'AGENT_TRANSFER',
            actions: [
              {
                Identifier: 'Set agent',
                Type: 'UpdateContactTargetQueue',
                Parameters: { AgentId: 'alice' },
                Transitions: { NextAction: 'X', Errors: [err('NoMatchingError')] },
              },
              { Identifier: 'X', Type: 'TransferContactToAgent', Parameters: {}, Transitions: {} },
            ],
          },
        },
      });
      expect(r.outcome).toMatchObject({ type: 'agent', agent: { id: 'alice' } });
    },
  );

  conform('UpdateContactAttributes', 'sets attributes (all or nothing); Related: error', async () => {
    const r = await one({
      Type: 'UpdateContactAttributes',
      Parameters: {
        Attributes: { from: '$.CustomerEndpoint.Address', lang: 'en' },
        TargetContact: 'Current',
      },
      Transitions: ok,
    });
    expect(r.attributes).toEqual({ from: CALLER, lang: 'en' });
    expect(r.ctr.Attributes).toEqual({ from: CALLER, lang: 'en' });
    const related = await one({
      Type: 'UpdateContactAttributes',
      Parameters: { Attributes: { a: 'b' }, TargetContact: 'Related' },
      Transitions: ok,
    });
    expect(related.path[0]?.error).toBe('NoMatchingError');
  });

  conform(
    'UpdateContactCallbackNumber',
    'a dialable number is kept; otherwise InvalidCallbackNumber',
    async () => {
      const set = () => ({
        Type: 'UpdateContactCallbackNumber',
        Parameters: { CallbackNumber: '$.Attributes.cb' },
        Transitions: {
          NextAction: 'Done',
          Errors: [err('InvalidCallbackNumber', 'Invalid'), err('CallbackNumberNotDialable', 'Invalid')],
        },
      });
      expect(branch(await one(set(), { call: { attributes: { cb: '+14155550123' } } }))).toBe('NextAction');
      expect(branch(await one(set(), { call: { attributes: { cb: '12' } } }))).toBe(
        'Error:InvalidCallbackNumber',
      );
    },
  );

  conform('UpdateContactData', 'sets system fields: $.LanguageCode, $.Name', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'UpdateContactData',
              Parameters: { LanguageCode: 'fr-FR', Name: 'Claim' },
              Transitions: { NextAction: 'Said', Errors: [err('NoMatchingError')] },
            },
            say('Said', '$.LanguageCode $.Name'),
          ],
        },
      },
    });
    expect(r.prompts).toEqual(['fr-FR Claim']);
  });

  conform(
    'UpdateContactEventHooks',
    'sets the customer queue flow that runs while waiting; unknown flow: error',
    async () => {
      const hook = (flow: string): Action => ({
        Identifier: 'X',
        Type: 'UpdateContactEventHooks',
        Parameters: { EventHooks: { CustomerQueue: flow } },
        Transitions: { NextAction: 'Set queue', Errors: [err('NoMatchingError')] },
      });
      const flows = (flow: string): Run['flows'] => ({
        [MAIN]: {
          actions: [hook(flow), setQueue(QUEUE, 'To queue'), { Identifier: 'To queue', ...toQueue }],
        },
        [QFLOW]: {
          kind: 'CUSTOMER_QUEUE',
          actions: [say('Hold', 'You are in the queue.', 'Bye')],
          terminal: { Identifier: 'Bye', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
        },
      });
      const rt = {
        agents: [
          {
            id: 'alice',
            username: 'alice',
            state: 'Busy' as const,
            routingProfile: { queues: [{ queueArn: QUEUE, priority: 1 }] },
          },
        ],
      };
      const r = await run({ flows: flows(QFLOW), rt, call: { patienceSeconds: 30 } });
      expect(r.prompts).toEqual(['You are in the queue.']);
      expect(r.outcome.type).toBe('abandoned');
      const bad = await run({ flows: flows(`${I}/contact-flow/missing`), rt, call: { patienceSeconds: 30 } });
      expect(bad.path[0]?.error).toBe('NoMatchingError');
    },
  );

  for (const type of [
    'UpdateContactRecordingBehavior',
    'UpdateContactRecordingAndAnalyticsBehavior',
  ] as const) {
    conform(type, 'records agent and customer: the contact record has the recording', async () => {
      const parameters =
        type === 'UpdateContactRecordingBehavior'
          ? { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } }
          : { VoiceBehavior: { VoiceRecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } } };
      const r = await run({
        flows: {
          [MAIN]: {
            actions: [
              {
                Identifier: 'X',
                Type: type,
                Parameters: parameters,
                Transitions: { NextAction: 'Set queue' },
              },
              setQueue(QUEUE, 'To queue'),
              { Identifier: 'To queue', ...toQueue },
            ],
          },
        },
      });
      expect(r.ctr.Recording?.Status).toBe('AVAILABLE');
    });
  }

  conform('UpdateContactRoutingBehavior', 'sets the priority the contact has in queue', async () => {
    const r = await one(toQueue, {
      setup: [
        {
          Identifier: 'Prio',
          Type: 'UpdateContactRoutingBehavior',
          Parameters: { QueuePriority: '1' },
          Transitions: { NextAction: 'Set queue' },
        },
        setQueue(),
      ],
    });
    expect(r.outcome.priority).toBe(1);
  });

  conform('UpdateContactTargetQueue', 'sets $.Queue; an unknown queue takes the error branch', async () => {
    const r = await run({
      flows: { [MAIN]: { actions: [setQueue(QUEUE, 'Said'), say('Said', '$.Queue.Name')] } },
    });
    expect(r.prompts).toEqual(['General']);
    const bad = await run({
      flows: { [MAIN]: { actions: [setQueue(`${I}/queue/nope`, 'Said'), say('Said', 'x')] } },
    });
    expect(bad.path[0]?.error).toBe('NoMatchingError');
  });

  conform('UpdateContactTextToSpeechVoice', 'sets $.TextToSpeechVoiceId', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'UpdateContactTextToSpeechVoice',
              Parameters: { TextToSpeechVoice: 'Zhiyu' },
              Transitions: { NextAction: 'Said' },
            },
            say('Said', '$.TextToSpeechVoiceId'),
          ],
        },
      },
    });
    expect(r.prompts).toEqual(['Zhiyu']);
  });

  conform('InvokeFlowModule', 'runs the module and continues; an unknown module: error', async () => {
    const flows: Run['flows'] = {
      [MAIN]: {
        actions: [
          {
            Identifier: 'X',
            Type: 'InvokeFlowModule',
            Parameters: { FlowModuleId: MODULE },
            Transitions: { NextAction: 'After', Errors: [err('NoMatchingError')] },
          },
        ],
      },
      [MODULE]: {
        kind: 'FLOW_MODULE',
        actions: [say('Hello', 'from the module', 'Return')],
        terminal: { Identifier: 'Return', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
      },
    };
    const r = await run({ flows });
    expect(r.prompts).toEqual(['from the module', 'After']);
    expect(branch(r)).toBe('NextAction');
    const missing = await run({ flows: { [MAIN]: flows[MAIN] as FlowSpec } });
    expect(branch(missing)).toBe('Error:NoMatchingError');
  });

  conform(
    'EndFlowModuleExecution',
    'a module run on its own ends: outcome ended, not disconnected',
    async () => {
      const r = await run({
        flows: {
          [MODULE]: {
            kind: 'FLOW_MODULE',
            actions: [say('Hello', 'hi', 'X')],
            terminal: { Identifier: 'X', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
          },
        },
        entry: MODULE,
      });
      expect(r.outcome.type).toBe('ended');
    },
  );
});

// ---- flow control ----------------------------------------------------------------------------------------------

describe('flow control actions', () => {
  noEffect('StartVoiceIdStream', {});
  noEffect('UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' });

  conform('UpdateRoutingCriteria', 'is recorded (the local ACD routes by queue and priority)', async () => {
    const r = await one({
      Type: 'UpdateRoutingCriteria',
      Parameters: { RoutingCriteria: { Steps: [] } },
      Transitions: ok,
    });
    expect(branch(r)).toBe('NextAction');
    expect(r.events.some((e) => e.text.includes('routing criteria recorded'))).toBe(true);
  });

  conform('CheckHoursOfOperation', 'True inside the hours, False outside', async () => {
    const check = {
      Type: 'CheckHoursOfOperation',
      Parameters: { HoursOfOperationId: HOURS },
      Transitions: {
        NextAction: 'Closed',
        Conditions: [cond('True', 'Open'), cond('False', 'Closed')],
        Errors: [err('NoMatchingError')],
      },
    };
    expect(branch(await one(check))).toBe('Condition:Equals True');
    expect(branch(await one(check, { call: { at: '2024-05-06T12:00:00Z' } }))).toBe('Condition:Equals False');
  });

  conform('CheckMetricData', 'agents available in the target queue', async () => {
    const check = {
      Type: 'CheckMetricData',
      Parameters: { MetricType: 'NumberOfAgentsAvailable', QueueId: QUEUE },
      Transitions: {
        NextAction: 'None',
        Conditions: [cond('0', 'Some', 'NumberGreaterThan')],
        Errors: [err('NoMatchingError')],
      },
    };
    expect(branch(await one(check))).toBe('Condition:NumberGreaterThan 0');
    const busy = {
      agents: [
        {
          id: 'alice',
          username: 'alice',
          state: 'Busy' as const,
          routingProfile: { queues: [{ queueArn: QUEUE, priority: 1 }] },
        },
      ],
    };
    expect(branch(await one(check, { rt: busy }))).toBe('NextAction');
  });

  conform('CheckOutboundCallStatus', 'outbound calls give their status; an inbound call: error', async () => {
    const check = {
      Type: 'CheckOutboundCallStatus',
      Parameters: {},
      Transitions: {
        NextAction: 'Other',
        Conditions: [cond('CallAnswered', 'Answered')],
        Errors: [err('NoMatchingCondition', 'Other'), err('NoMatchingError')],
      },
    };
    expect(branch(await one(check, { call: { initiationMethod: 'OUTBOUND' } }))).toBe(
      'Condition:Equals CallAnswered',
    );
    expect(branch(await one(check))).toBe('Error:NoMatchingError');
  });

  conform('CheckVoiceId', 'the scripted Voice ID result is compared', async () => {
    const check = {
      Type: 'CheckVoiceId',
      Parameters: { CheckVoiceId: 'VoiceAuthentication' },
      Transitions: {
        NextAction: 'Other',
        Conditions: [cond('AUTHENTICATED', 'Yes')],
        Errors: [err('NoMatchingCondition', 'Other'), err('NoMatchingError')],
      },
    };
    expect(branch(await one(check, { services: { voiceId: { authentication: 'AUTHENTICATED' } } }))).toBe(
      'Condition:Equals AUTHENTICATED',
    );
    expect(branch(await one(check))).toBe('Error:NoMatchingCondition');
  });

  conform('Compare', 'the first true condition wins, else NoMatchingCondition', async () => {
    const compare = {
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Attributes.tier' },
      Transitions: {
        NextAction: 'Other',
        Conditions: [cond('gold', 'Gold'), cond('g', 'G', 'TextStartsWith')],
        Errors: [err('NoMatchingCondition', 'Other')],
      },
    };
    expect(branch(await one(compare, { call: { attributes: { tier: 'gold' } } }))).toBe(
      'Condition:Equals gold',
    );
    expect(branch(await one(compare, { call: { attributes: { tier: 'green' } } }))).toBe(
      'Condition:TextStartsWith g',
    );
    expect(branch(await one(compare))).toBe('Error:NoMatchingCondition');
  });

  conform(
    'DistributeByPercentage',
    'a seeded draw picks a band; the rest is NoMatchingCondition',
    async () => {
      const split = {
        Type: 'DistributeByPercentage',
        Parameters: {},
        Transitions: {
          NextAction: 'B',
          Conditions: [cond('50', 'A', 'NumberLessThan')],
          Errors: [err('NoMatchingCondition', 'B')],
        },
      };
      const seen = new Set<string | undefined>();
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) seen.add(branch(await one(split, { rt: { seed } })));
      expect(seen).toEqual(new Set(['Condition:NumberLessThan 50', 'Error:NoMatchingCondition']));
    },
  );

  conform('EndFlowExecution', 'a whisper flow ends: outcome ended, nobody hung up', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          kind: 'AGENT_WHISPER',
          actions: [say('Whisper', 'VIP caller', 'X')],
          terminal: { Identifier: 'X', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
        },
      },
    });
    expect(r.outcome).toMatchObject({ type: 'ended', flow: 'main' });
  });

  conform('GetMetricData', 'fills $.Metrics for the queue', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'GetMetricData',
              Parameters: { QueueId: QUEUE },
              Transitions: { NextAction: 'Said', Errors: [err('NoMatchingError')] },
            },
            say('Said', '$.Metrics.Queue.Name $.Metrics.Queue.Size $.Metrics.Agents.Available.Count'),
          ],
        },
      },
    });
    expect(r.prompts).toEqual(['General 0 1']);
  });

  conform('Loop', 'ContinueLooping LoopCount times, then DoneLooping', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'Loop',
              Parameters: { LoopCount: '2' },
              Transitions: {
                NextAction: 'Done',
                Conditions: [cond('ContinueLooping', 'Again'), cond('DoneLooping', 'Done')],
              },
            },
            say('Again', 'again', 'X'),
          ],
        },
      },
    });
    expect(r.prompts).toEqual(['again', 'again', 'Done']);
  });

  conform('TransferToFlow', 'continues in the other flow; an unknown flow: error', async () => {
    const flows = (target: string): Run['flows'] => ({
      [MAIN]: {
        actions: [
          {
            Identifier: 'X',
            Type: 'TransferToFlow',
            Parameters: { ContactFlowId: target },
            Transitions: { NextAction: 'Failed', Errors: [err('NoMatchingError')] },
          },
        ],
      },
      [OTHER]: { actions: [say('There', 'in the other flow')] },
    });
    const r = await run({ flows: flows(OTHER) });
    expect(branch(r)).toBe('Transfer');
    expect(r.prompts).toEqual(['in the other flow']);
    expect(branch(await run({ flows: flows(`${I}/contact-flow/missing`) }))).toBe('Error:NoMatchingError');
  });

  conform('UpdateFlowAttributes', 'flow attributes live in this flow only', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'UpdateFlowAttributes',
              Parameters: { FlowAttributes: { greeting: { Value: 'Hello' } } },
              Transitions: { NextAction: 'Said' },
            },
            say('Said', '$.FlowAttributes.greeting', 'Go'),
            {
              Identifier: 'Go',
              Type: 'TransferToFlow',
              Parameters: { ContactFlowId: OTHER },
              Transitions: { NextAction: 'Failed', Errors: [err('NoMatchingError')] },
            },
          ],
        },
        [OTHER]: { actions: [say('There', '[$.FlowAttributes.greeting]')] },
      },
    });
    expect(r.prompts).toEqual(['Hello', '[]']);
    expect(r.attributes).toEqual({});
  });
});

// ---- interactions ----------------------------------------------------------------------------------------------

const PROFILES = () => [
  { ProfileId: 'p1', FirstName: 'Ann', PhoneNumber: CALLER, AccountNumber: 'A-1' },
  { ProfileId: 'p2', FirstName: 'Bo', PhoneNumber: '+14155550111', AccountNumber: 'A-2' },
  { ProfileId: 'p3', FirstName: 'Cy', PhoneNumber: '+14155550111', AccountNumber: 'A-3' },
];
const profileErrors = [
  err('NoneFoundError', 'None'),
  err('MultipleFoundError', 'Many'),
  err('NoMatchingError'),
];

describe('interactions', () => {
  conform('InvokeLambdaFunction', 'the answer is $.External; no function: error branch', async () => {
    const invoke = {
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: 'arn:aws:lambda:us-east-1:111122223333:function:lookup',
        InvocationTimeLimitSeconds: '3',
        LambdaInvocationAttributes: { phone: '$.CustomerEndpoint.Address' },
        ResponseValidation: { ResponseType: 'STRING_MAP' },
      },
      Transitions: { NextAction: 'Said', Errors: [err('NoMatchingError')] },
    };
    const r = await run({
      flows: { [MAIN]: { actions: [{ Identifier: 'X', ...invoke }, say('Said', '$.External.tier')] } },
      rt: {
        lambdas: {
          lookup: (e: unknown) => ({
            tier:
              (e as { Details: { Parameters: { phone: string } } }).Details.Parameters.phone === CALLER
                ? 'gold'
                : 'none',
          }),
        },
      },
    });
    expect(r.prompts).toEqual(['gold']);
    expect(branch(await one(invoke))).toBe('Error:NoMatchingError');
  });

  conform('CreateCallbackContact', 'queues a callback; the outcome is callback to the caller', async () => {
    const r = await one({
      Type: 'CreateCallbackContact',
      Parameters: {
        QueueId: QUEUE,
        InitialCallDelaySeconds: '5',
        MaximumConnectionAttempts: '2',
        RetryDelaySeconds: '600',
      },
      Transitions: { NextAction: 'Bye', Errors: [err('NoMatchingError')] },
    });
    expect(r.outcome).toMatchObject({ type: 'callback', callbackNumber: CALLER, queue: { name: 'General' } });
  });

  conform(
    'GetCustomerProfile',
    'one match fills $.Customer; none and several take their error branches',
    async () => {
      const get = (value: string) => ({
        Type: 'GetCustomerProfile',
        Parameters: {
          ProfileRequestData: { IdentifierName: '_phone', IdentifierValue: value },
          ProfileResponseData: ['FirstName', 'AccountNumber'],
        },
        Transitions: { NextAction: 'Said', Errors: profileErrors },
      });
      const services = () => ({ profiles: PROFILES() });
      const r = await run({
        flows: {
          [MAIN]: {
            actions: [
              { Identifier: 'X', ...get('$.CustomerEndpoint.Address') },
              say('Said', '$.Customer.FirstName $.Customer.AccountNumber $.Customer.ProfileId'),
            ],
          },
        },
        services: services(),
      });
      expect(r.prompts).toEqual(['Ann A-1 p1']);
      expect(branch(await one(get('+10000000000'), { services: services() }))).toBe('Error:NoneFoundError');
      expect(branch(await one(get('+14155550111'), { services: services() }))).toBe(
        'Error:MultipleFoundError',
      );
    },
  );

  conform('CreateCustomerProfile', 'adds a profile to the store; $.Customer.ProfileId', async () => {
    const profiles = PROFILES();
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'CreateCustomerProfile',
              Parameters: {
                ProfileRequestData: { FirstName: 'Dee', PhoneNumber: '$.CustomerEndpoint.Address' },
              },
              Transitions: { NextAction: 'Said', Errors: profileErrors },
            },
            say('Said', '$.Customer.FirstName'),
          ],
        },
      },
      services: { profiles },
    });
    expect(r.prompts).toEqual(['Dee']);
    expect(profiles).toHaveLength(4);
    expect(profiles[3]).toMatchObject({ FirstName: 'Dee', PhoneNumber: CALLER });
  });

  conform('UpdateCustomerProfile', 'changes the fields of the profile', async () => {
    const profiles = PROFILES();
    await one(
      {
        Type: 'UpdateCustomerProfile',
        Parameters: { ProfileRequestData: { ProfileId: 'p1', FirstName: 'Anne' } },
        Transitions: { NextAction: 'Done', Errors: profileErrors },
      },
      { services: { profiles } },
    );
    expect(profiles[0]?.FirstName).toBe('Anne');
    const none = await one(
      {
        Type: 'UpdateCustomerProfile',
        Parameters: { ProfileRequestData: { ProfileId: 'zz', FirstName: 'X' } },
        Transitions: { NextAction: 'Done', Errors: profileErrors },
      },
      { services: { profiles } },
    );
    expect(branch(none)).toBe('Error:NoneFoundError');
  });

  conform('AssociateContactToCustomerProfile', 'associates the contact with a known profile', async () => {
    const r = await one(
      {
        Type: 'AssociateContactToCustomerProfile',
        Parameters: { ProfileRequestData: { ProfileId: 'p2', ContactId: '$.ContactId' } },
        Transitions: { NextAction: 'Done', Errors: profileErrors },
      },
      { services: { profiles: PROFILES() } },
    );
    expect(branch(r)).toBe('NextAction');
    expect(r.events.some((e) => e.text === 'contact associated with customer profile p2')).toBe(true);
  });

  conform('GetCustomerProfileObject', 'the object is under $.Customer.<ObjectType>', async () => {
    const r = await run({
      flows: {
        [MAIN]: {
          actions: [
            {
              Identifier: 'X',
              Type: 'GetCustomerProfileObject',
              Parameters: { ProfileRequestData: { ProfileId: 'p1', ObjectType: 'Asset' } },
              Transitions: { NextAction: 'Said', Errors: profileErrors },
            },
            say('Said', '$.Customer.Asset.Status'),
          ],
        },
      },
      services: { profiles: PROFILES(), profileObjects: { Asset: [{ ProfileId: 'p1', Status: 'Active' }] } },
    });
    expect(r.prompts).toEqual(['Active']);
  });

  conform(
    'GetCalculatedAttributesForCustomerProfile',
    'the attributes are under $.Customer.CalculatedAttributes',
    async () => {
      const r = await run({
        flows: {
          [MAIN]: {
            actions: [
              {
                Identifier: 'X',
                Type: 'GetCalculatedAttributesForCustomerProfile',
                Parameters: { ProfileRequestData: { ProfileId: 'p1' } },
                Transitions: { NextAction: 'Said', Errors: profileErrors },
              },
              say('Said', '$.Customer.CalculatedAttributes.callsLast30Days'),
            ],
          },
        },
        services: { profiles: PROFILES(), calculatedAttributes: { p1: { callsLast30Days: '4' } } },
      });
      expect(r.prompts).toEqual(['4']);
    },
  );
});

describe('the catalogue', () => {
  it('has a case for every documented action type, and the validator and runtime know each', () => {
    expect(DOCUMENTED_ACTION_TYPES).toHaveLength(57);
    expect(DOCUMENTED_ACTION_TYPES.filter((t) => !covered.has(t))).toEqual([]);
    expect(DOCUMENTED_ACTION_TYPES.filter((t) => !isKnownActionType(t))).toEqual([]);
  });
});
