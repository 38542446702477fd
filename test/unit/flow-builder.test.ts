import { Lazy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { FlowBuilder, FlowValidationError, validateFlow } from '../../contact-flows/builder/index.js';
import type { Action, FlowDocument } from '../../schemas/flow.js';
import inboundJson from '../fixtures/flows/reference-inbound.json' with { type: 'json' };
import queueJson from '../fixtures/flows/reference-queue.json' with { type: 'json' };

const LOOKUP_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:lookup';
const QUEUE_ARN = 'arn:aws:connect:us-east-1:111122223333:instance/i/queue/q';
const QUEUE_FLOW_ARN = 'arn:aws:connect:us-east-1:111122223333:instance/i/contact-flow/qf';

/** Reference §9 inbound flow, written with the builder. */
function inboundFlow(
  arns = { lambda: LOOKUP_ARN, queue: QUEUE_ARN, queueFlow: QUEUE_FLOW_ARN },
): FlowBuilder {
  const f = new FlowBuilder({ name: 'Inbound', type: 'CONTACT_FLOW', onError: 'Sorry' });
  f.setLogging('Log').next('Lookup');
  f.invokeLambda('Lookup', {
    functionArn: arns.lambda,
    timeoutSeconds: 8,
    parameters: { phone: '$.CustomerEndpoint.Address' },
    responseType: 'STRING_MAP',
  }).next('Save');
  f.setAttributes('Save', { tier: '$.External.tier' }).next('IsVip');
  f.compare('IsVip', '$.Attributes.tier').when('Equals', 'VIP', 'Prio').otherwise('SetQueue');
  f.setPriority('Prio', 1).next('SetQueue');
  f.setQueue('SetQueue', { queueId: arns.queue }).next('Hours');
  f.checkHours('Hours').open('Rec').closed('Closed');
  f.setRecording('Rec', { participants: ['Agent', 'Customer'] }).next('QFlow');
  f.setEventHook('QFlow', { CustomerQueue: arns.queueFlow }).always('Xfer');
  f.transferToQueue('Xfer');
  f.message('Closed', { text: 'We are closed.' }).always('Bye');
  f.message('Sorry', { text: 'Sorry, something went wrong.' }).always('Bye');
  f.disconnect('Bye');
  return f;
}

/** Reference §9 customer queue flow, written with the builder. */
function queueFlow(): FlowBuilder {
  const q = new FlowBuilder({ name: 'Queue', type: 'CUSTOMER_QUEUE' });
  q.messageLoop('Loop', { messages: [{ text: 'All agents are busy.' }], interruptEverySeconds: 60 })
    .onInterrupt('Offer')
    .onError('End');
  q.getInput('Offer', { text: 'Press 1 for a callback.', timeoutSeconds: 5 })
    .onKey('1', 'Cb')
    .onTimeout('Loop')
    .onInvalid('Loop')
    .onError('Loop');
  q.createCallback('Cb', { initialDelaySeconds: 5, maxAttempts: 2, retryDelaySeconds: 600 })
    .next('Bye')
    .onError('Loop');
  q.disconnect('Bye');
  q.end('End');
  return q;
}

function only(doc: FlowDocument, id: string): Action {
  const found = doc.Actions.find((a) => a.Identifier === id);
  if (!found) throw new Error(`no action ${id}`);
  return found;
}

/** Every leaf of every action's Parameters: numbers and booleans must have been written as strings. */
function leafTypes(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(leafTypes);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leafTypes);
  return [typeof value];
}

describe('FlowBuilder: the reference flows (§9)', () => {
  it('builds the inbound example action for action', () => {
    const doc = inboundFlow().build();
    expect(doc.Version).toBe('2019-10-30');
    expect(doc.StartAction).toBe('Log');
    expect(doc.Actions).toStrictEqual(inboundJson.Actions);
  });

  it('builds the customer-queue example action for action', () => {
    const doc = queueFlow().build();
    expect(doc.StartAction).toBe('Loop');
    expect(doc.Actions).toStrictEqual(queueJson.Actions);
  });

  it('emits error lists in export order and exactly the branches each action has', () => {
    const doc = inboundFlow().build();
    expect(only(doc, 'Xfer').Transitions).toStrictEqual({
      NextAction: 'Sorry',
      Errors: [
        { NextAction: 'Sorry', ErrorType: 'QueueAtCapacity' },
        { NextAction: 'Sorry', ErrorType: 'NoMatchingError' },
      ],
    });
    // Logging, recording and routing have only NextAction.
    for (const id of ['Log', 'Rec', 'Prio'])
      expect(Object.keys(only(doc, id).Transitions), id).toEqual(['NextAction']);
    expect(only(doc, 'Bye').Transitions).toStrictEqual({});
    expect(only(doc, 'Bye').Parameters).toStrictEqual({});
  });

  it('writes numbers and booleans as strings', () => {
    const docs = [inboundFlow().build(), queueFlow().build()];
    const types = new Set(docs.flatMap((d) => d.Actions.flatMap((a) => leafTypes(a.Parameters))));
    expect([...types]).toEqual(['string']);
    expect(JSON.stringify(only(docs[0] as FlowDocument, 'Lookup'))).toContain(
      '"InvocationTimeLimitSeconds":"8"',
    );
    expect(JSON.stringify(only(docs[1] as FlowDocument, 'Offer'))).toContain('"StoreInput":"False"');
  });

  it('adds layout-only metadata: an entry point and a position for every action', () => {
    const doc = inboundFlow().build();
    const metadata = doc.Metadata as { entryPointPosition: unknown; ActionMetadata: Record<string, unknown> };
    expect(Object.keys(metadata)).toEqual(['entryPointPosition', 'ActionMetadata']);
    expect(metadata.entryPointPosition).toEqual({ x: 40, y: 40 });
    expect(Object.keys(metadata.ActionMetadata).sort()).toEqual(doc.Actions.map((a) => a.Identifier).sort());
    expect(metadata.ActionMetadata.Log).toEqual({ position: { x: 340, y: 40 } });
    const positions = Object.values(metadata.ActionMetadata).map((m) => JSON.stringify(m));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('validates clean, and its output is what the validator accepts', () => {
    expect(inboundFlow().validate()).toEqual([]);
    expect(validateFlow(queueFlow().build(), 'CUSTOMER_QUEUE')).toEqual([]);
  });
});

describe('FlowBuilder: action shapes (§3.2)', () => {
  it('DTMF menu: the exported GetParticipantInput shape, with friendly identifiers', () => {
    const f = new FlowBuilder({ name: 'Menu', type: 'CONTACT_FLOW' });
    f.getInput('Set the destination type', { text: 'Press 1 ... Press 2 ...', timeoutSeconds: 5 })
      .onKey('1', 'Set agent queue')
      .onKey('2', 'Set standard queue')
      .onTimeout('Nothing selected')
      .onInvalid('Nothing selected')
      .onError('Nothing selected');
    for (const id of ['Set agent queue', 'Set standard queue', 'Nothing selected']) f.disconnect(id);
    expect(only(f.build(), 'Set the destination type')).toStrictEqual({
      Identifier: 'Set the destination type',
      Type: 'GetParticipantInput',
      Parameters: { Text: 'Press 1 ... Press 2 ...', StoreInput: 'False', InputTimeLimitSeconds: '5' },
      Transitions: {
        NextAction: 'Nothing selected',
        Conditions: [
          { NextAction: 'Set agent queue', Condition: { Operator: 'Equals', Operands: ['1'] } },
          { NextAction: 'Set standard queue', Condition: { Operator: 'Equals', Operands: ['2'] } },
        ],
        Errors: [
          { NextAction: 'Nothing selected', ErrorType: 'InputTimeLimitExceeded' },
          { NextAction: 'Nothing selected', ErrorType: 'NoMatchingCondition' },
          { NextAction: 'Nothing selected', ErrorType: 'NoMatchingError' },
        ],
      },
    });
  });

  it('Loop: ContinueLooping to the body, DoneLooping and NextAction to done', () => {
    const f = new FlowBuilder({ name: 'Retry', type: 'CONTACT_FLOW' });
    f.loop('Retry', 2).done('X').body('Body');
    f.message('Body', { text: 'Again.' }).always('Retry');
    f.disconnect('X');
    expect(only(f.build(), 'Retry')).toStrictEqual({
      Identifier: 'Retry',
      Type: 'Loop',
      Parameters: { LoopCount: '2' },
      Transitions: {
        NextAction: 'X',
        Conditions: [
          { NextAction: 'Body', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } },
          { NextAction: 'X', Condition: { Operator: 'Equals', Operands: ['DoneLooping'] } },
        ],
      },
    });
  });

  it('CheckHoursOfOperation: True then False whatever the call order, NextAction is the closed branch', () => {
    const f = new FlowBuilder({ name: 'Hours', type: 'CONTACT_FLOW' });
    const hoursArn = 'arn:aws:connect:us-west-2:111122223333:instance/i/operating-hours/h';
    f.checkHours('Hours', { hoursOfOperationId: hoursArn }).onError('Err').closed('Closed').open('Open');
    for (const id of ['Open', 'Closed', 'Err']) f.disconnect(id);
    expect(only(f.build(), 'Hours')).toStrictEqual({
      Identifier: 'Hours',
      Type: 'CheckHoursOfOperation',
      Parameters: { HoursOfOperationId: hoursArn },
      Transitions: {
        NextAction: 'Closed',
        Conditions: [
          { NextAction: 'Open', Condition: { Operator: 'Equals', Operands: ['True'] } },
          { NextAction: 'Closed', Condition: { Operator: 'Equals', Operands: ['False'] } },
        ],
        Errors: [{ NextAction: 'Err', ErrorType: 'NoMatchingError' }],
      },
    });
  });

  it('Check staffing: NumberGreaterThan "0", NextAction when nobody is there', () => {
    const f = new FlowBuilder({ name: 'Staffing', type: 'CONTACT_FLOW' });
    f.checkStaffing('Staffed?', { metric: 'NumberOfAgentsStaffed' })
      .hasAgents('Transfer')
      .noAgents('NoAgents')
      .onError('Err');
    for (const id of ['Transfer', 'NoAgents', 'Err']) f.disconnect(id);
    expect(only(f.build(), 'Staffed?')).toStrictEqual({
      Identifier: 'Staffed?',
      Type: 'CheckMetricData',
      Parameters: { MetricType: 'NumberOfAgentsStaffed' },
      Transitions: {
        NextAction: 'NoAgents',
        Conditions: [
          { NextAction: 'Transfer', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } },
        ],
        Errors: [{ NextAction: 'Err', ErrorType: 'NoMatchingError' }],
      },
    });
  });

  it('Check queue status: numeric conditions and a NoMatchingCondition default', () => {
    const f = new FlowBuilder({ name: 'Status', type: 'CUSTOMER_QUEUE' });
    f.checkQueueStatus('Busy?', { metric: 'NumberOfContactsInQueue' })
      .when('NumberLessThan', 5, 'Wait')
      .otherwise('Offer')
      .onError('End');
    for (const id of ['Wait', 'Offer', 'End']) f.end(id);
    expect(only(f.build(), 'Busy?').Transitions).toStrictEqual({
      NextAction: 'Offer',
      Conditions: [{ NextAction: 'Wait', Condition: { Operator: 'NumberLessThan', Operands: ['5'] } }],
      Errors: [
        { NextAction: 'Offer', ErrorType: 'NoMatchingCondition' },
        { NextAction: 'End', ErrorType: 'NoMatchingError' },
      ],
    });
  });

  it('event hooks, voice, language, priority and recording parameters', () => {
    const f = new FlowBuilder({ name: 'Setup', type: 'CONTACT_FLOW', onError: 'Bye' });
    f.setEventHook('Whisper', { AgentWhisper: 'arn:w' }).next('Voice');
    f.setVoice('Voice', { voice: 'Zhiyu', engine: 'Neural' }).next('Lang');
    f.setLanguage('Lang', 'zh-CN').next('Age');
    f.adjustQueueTime('Age', 600).next('Rec');
    f.setRecording('Rec', {
      participants: ['Agent', 'Customer'],
      ivr: true,
      analytics: { language: 'zh-CN' },
    }).next('Bye');
    f.disconnect('Bye');
    const doc = f.build();
    expect(only(doc, 'Whisper').Parameters).toStrictEqual({ EventHooks: { AgentWhisper: 'arn:w' } });
    // The voice's error branch is optional (2023 docs: none): the flow default does not add one.
    expect(only(doc, 'Voice')).toStrictEqual({
      Identifier: 'Voice',
      Type: 'UpdateContactTextToSpeechVoice',
      Parameters: { TextToSpeechVoice: 'Zhiyu', TextToSpeechEngine: 'Neural' },
      Transitions: { NextAction: 'Lang' },
    });
    expect(only(doc, 'Lang')).toMatchObject({
      Type: 'UpdateContactData',
      Parameters: { LanguageCode: 'zh-CN' },
      Transitions: { Errors: [{ NextAction: 'Bye', ErrorType: 'NoMatchingError' }] },
    });
    expect(only(doc, 'Age').Parameters).toStrictEqual({ QueueTimeAdjustmentSeconds: '600' });
    expect(only(doc, 'Rec').Parameters).toStrictEqual({
      RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'], IVRRecordingBehavior: 'Enabled' },
      AnalyticsBehavior: {
        Enabled: 'True',
        AnalyticsLanguage: 'zh-CN',
        AnalyticsRedactionBehavior: 'Disabled',
      },
    });
  });

  it('store input, then set the callback number from $.StoredCustomerInput', () => {
    const f = new FlowBuilder({ name: 'Callback', type: 'CUSTOMER_QUEUE', onError: 'End' });
    f.storeInput('Number', {
      text: 'Enter your number.',
      timeoutSeconds: 5,
      validation: { phone: { format: 'Local', countryCode: 'CN' } },
    })
      .next('SetNumber')
      .onInvalidNumber('Number');
    f.setCallbackNumber('SetNumber', '$.StoredCustomerInput').next('Cb');
    f.createCallback('Cb', { initialDelaySeconds: 5, maxAttempts: 2, retryDelaySeconds: 600 }).next('End');
    f.end('End');
    const doc = f.build();
    expect(only(doc, 'Number')).toStrictEqual({
      Identifier: 'Number',
      Type: 'GetParticipantInput',
      Parameters: {
        Text: 'Enter your number.',
        StoreInput: 'True',
        InputTimeLimitSeconds: '5',
        InputValidation: { PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: 'CN' } },
      },
      Transitions: {
        NextAction: 'SetNumber',
        Errors: [
          { NextAction: 'Number', ErrorType: 'InvalidPhoneNumber' },
          { NextAction: 'End', ErrorType: 'NoMatchingError' },
        ],
      },
    });
    // Both documented errors of UpdateContactCallbackNumber, filled from the flow default.
    expect(only(doc, 'SetNumber').Transitions.Errors?.map((e) => e.ErrorType)).toEqual([
      'InvalidCallbackNumber',
      'CallbackNumberNotDialable',
    ]);
  });

  it('distribute by percentage: cumulative NumberLessThan thresholds, the rest by default', () => {
    const f = new FlowBuilder({ name: 'Split', type: 'CONTACT_FLOW' });
    f.distribute('Split').percent(30, 'A').percent(20, 'B').rest('C');
    for (const id of ['A', 'B', 'C']) f.disconnect(id);
    expect(only(f.build(), 'Split').Transitions).toStrictEqual({
      NextAction: 'C',
      Conditions: [
        { NextAction: 'A', Condition: { Operator: 'NumberLessThan', Operands: ['31'] } },
        { NextAction: 'B', Condition: { Operator: 'NumberLessThan', Operands: ['51'] } },
      ],
      Errors: [{ NextAction: 'C', ErrorType: 'NoMatchingCondition' }],
    });
  });

  it('hold flow: a loop with nothing wired is exported as Transitions {}', () => {
    const f = new FlowBuilder({ name: 'Hold', type: 'AGENT_HOLD' });
    f.messageLoop('Hold', { messages: [{ ssml: '<speak>You are on hold <break time="10s"/></speak>' }] });
    expect(f.build().Actions).toStrictEqual([
      {
        Identifier: 'Hold',
        Type: 'MessageParticipantIteratively',
        Parameters: { Messages: [{ SSML: '<speak>You are on hold <break time="10s"/></speak>' }] },
        Transitions: {},
      },
    ]);
  });

  it('whisper flow: message then EndFlowExecution', () => {
    const f = new FlowBuilder({ name: 'Whisper', type: 'AGENT_WHISPER' });
    f.message('Say', { promptId: 'arn:aws:connect:::prompt/p' }).always('End');
    f.end('End');
    expect(only(f.build(), 'End')).toStrictEqual({
      Identifier: 'End',
      Type: 'EndFlowExecution',
      Parameters: {},
      Transitions: {},
    });
  });
});

describe('FlowBuilder: references and values', () => {
  it('wires by identifier, by handle or by f.ref(), forward references included', () => {
    const f = new FlowBuilder({ name: 'Refs', type: 'CONTACT_FLOW' });
    const welcome = f.message('Welcome', { text: 'Hello.' }).next(f.ref('Menu')).onError('Bye');
    const menu = f.getInput('Menu', { text: 'Press 1.', timeoutSeconds: 5 });
    const bye = f.disconnect('Bye');
    menu.onKey('1', welcome).onTimeout(bye).onInvalid(bye).onError(bye);
    const doc = f.build();
    expect(only(doc, 'Welcome').Transitions.NextAction).toBe('Menu');
    expect(only(doc, 'Menu').Transitions.Conditions?.[0]?.NextAction).toBe('Welcome');
    expect(doc.StartAction).toBe('Welcome');
    expect(f.start(menu).build().StartAction).toBe('Menu');
  });

  it('passes CDK tokens through untouched, and the validator treats them as static', () => {
    const lazy = Lazy.string({ produce: () => LOOKUP_ARN });
    expect(lazy).toMatch(/^\$\{Token\[TOKEN\.\d+\]\}$/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: literal CDK token markers, as tokens stringify
    const tokens = { lambda: lazy, queue: '${Token[TOKEN.123]}', queueFlow: '${Token[TOKEN.456]}' };
    const doc = inboundFlow(tokens).build();
    expect(only(doc, 'Lookup').Parameters.LambdaFunctionARN).toBe(lazy);
    expect(only(doc, 'SetQueue').Parameters).toStrictEqual({ QueueId: tokens.queue });
    expect(only(doc, 'QFlow').Parameters).toStrictEqual({ EventHooks: { CustomerQueue: tokens.queueFlow } });
    expect(validateFlow(doc, 'CONTACT_FLOW')).toEqual([]);
  });

  it('one event hook per action: two are a type error, and still caught at run time', () => {
    const f = new FlowBuilder({ name: 'Hooks', type: 'CONTACT_FLOW', onError: 'Bye' });
    // @ts-expect-error SingleEventHook takes exactly one key
    f.setEventHook('Hooks', { CustomerQueue: 'arn:q', CustomerHold: 'arn:h' }).next('Bye');
    f.disconnect('Bye');
    expect(f.validate().map((p) => [p.rule, p.path])).toEqual([
      ['event-hook-count', 'Actions[0].Parameters.EventHooks'],
    ]);
  });

  it('returns a fresh document each time', () => {
    const f = inboundFlow();
    const first = f.build();
    (only(first, 'Closed').Parameters as Record<string, unknown>).Text = 'changed';
    expect(only(f.build(), 'Closed').Parameters).toStrictEqual({ Text: 'We are closed.' });
  });

  it('step handles are not thenables (awaiting one must not call a wiring method)', async () => {
    const f = new FlowBuilder({ name: 'Await', type: 'CONTACT_FLOW' });
    const step = f.message('Welcome', { text: 'Hello.' });
    expect('then' in step).toBe(false);
    await expect(Promise.resolve(step)).resolves.toBe(step);
  });
});

describe('FlowBuilder: build() fails with every problem', () => {
  it('lists each unwired branch; a flow-level onError fills in the NoMatchingError ones', () => {
    const f = new FlowBuilder({ name: 'Unwired', type: 'CONTACT_FLOW' });
    f.message('Welcome', { text: 'Hello.' }).next('Lookup');
    f.invokeLambda('Lookup', { functionArn: LOOKUP_ARN, timeoutSeconds: 3 }).next('Bye');
    f.checkHours('Hours').open('Bye');
    f.disconnect('Bye');
    let error: unknown;
    try {
      f.build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlowValidationError);
    const problems = (error as FlowValidationError).problems;
    expect(problems.map((p) => [p.rule, p.actionId, p.path])).toEqual([
      ['unwired-branch', 'Welcome', 'Actions[0].Transitions.Errors'],
      ['unwired-branch', 'Lookup', 'Actions[1].Transitions.Errors'],
      ['unwired-branch', 'Hours', 'Actions[2].Transitions.Conditions'],
      ['unwired-branch', 'Hours', 'Actions[2].Transitions.Errors'],
      ['unreachable', 'Hours', 'Actions[2]'],
    ]);
    expect((error as Error).message).toContain('Welcome: no target for NoMatchingError; call .onError()');
    expect((error as Error).message).toContain('Hours: call .closed()');

    const g = new FlowBuilder({ name: 'Defaulted', type: 'CONTACT_FLOW', onError: 'Bye' });
    g.message('Welcome', { text: 'Hello.' }).next('Lookup');
    g.invokeLambda('Lookup', { functionArn: LOOKUP_ARN, timeoutSeconds: 3 }).next('Bye');
    g.disconnect('Bye');
    expect(only(g.build(), 'Lookup').Transitions.Errors).toStrictEqual([
      { NextAction: 'Bye', ErrorType: 'NoMatchingError' },
    ]);
  });

  it('reports a step with nowhere to go, double wiring and invalid values', () => {
    const f = new FlowBuilder({ name: 'Broken', type: 'CONTACT_FLOW', onError: 'Bye' });
    f.setLogging('Log');
    f.setAttributes('Save', { a: 'b' }).next('Bye').next('Log');
    f.invokeLambda('Lookup', { functionArn: LOOKUP_ARN, timeoutSeconds: 9 }).next('Bye');
    f.start('Save');
    f.disconnect('Bye');
    expect(f.validate().map((p) => [p.rule, p.actionId])).toEqual([
      ['unwired-branch', 'Log'],
      ['double-wiring', 'Save'],
      ['unreachable', 'Lookup'],
      ['lambda-timeout', 'Lookup'],
    ]);
  });

  it('reports bad identifiers and duplicates, and flow-type violations', () => {
    const f = new FlowBuilder({ name: 'Queue', type: 'CUSTOMER_QUEUE' });
    f.message('Say: hi', { text: 'Hi.' }).always('Prio');
    f.setPriority('Prio', 1).next('End');
    f.end('End');
    f.end('End');
    expect(f.validate().map((p) => [p.rule, p.actionId])).toEqual([
      ['identifier', 'Say: hi'],
      ['duplicate-identifier', 'End'],
      ['action-not-allowed', 'Prio'],
    ]);
  });

  it('accepts unknown actions through raw() with a warning only', () => {
    const f = new FlowBuilder({ name: 'Raw', type: 'CONTACT_FLOW' });
    f.raw({
      Identifier: 'Wisdom',
      Type: 'InvokeTelepathy',
      Parameters: { WisdomAssistantArn: 'arn:a' },
      Transitions: { NextAction: 'Bye' },
    });
    f.disconnect('Bye');
    expect(f.validate()).toEqual([
      expect.objectContaining({ rule: 'unknown-action-type', severity: 'warning' }),
    ]);
    expect(only(f.build(), 'Wisdom').Parameters).toStrictEqual({ WisdomAssistantArn: 'arn:a' });
  });
});
