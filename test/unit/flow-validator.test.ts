import { describe, expect, it } from 'vitest';
import { type FlowProblem, type FlowRule, validateFlow } from '../../contact-flows/builder/index.js';
import { type Action, type FlowDocument, FlowDocumentSchema, type FlowType } from '../../schemas/flow.js';
import inboundJson from '../fixtures/flows/reference-inbound.json' with { type: 'json' };
import queueJson from '../fixtures/flows/reference-queue.json' with { type: 'json' };

const inbound = (): FlowDocument => FlowDocumentSchema.parse(structuredClone(inboundJson));
const queue = (): FlowDocument => FlowDocumentSchema.parse(structuredClone(queueJson));

/** Agent hold flow as exported: one SSML loop with `Transitions: {}`. */
const hold = (): FlowDocument => ({
  Version: '2019-10-30',
  StartAction: 'Hold',
  Metadata: {},
  Actions: [
    {
      Identifier: 'Hold',
      Type: 'MessageParticipantIteratively',
      Parameters: { Messages: [{ SSML: '<speak>You are on hold <break time="10s"/></speak>' }] },
      Transitions: {},
    },
  ],
});

function action(doc: FlowDocument, id: string): Action {
  const found = doc.Actions.find((a) => a.Identifier === id);
  if (!found) throw new Error(`no action ${id}`);
  return found;
}

/** Renames an action and every reference to it. */
function rename(doc: FlowDocument, from: string, to: string): FlowDocument {
  const swap = (id: string) => (id === from ? to : id);
  doc.StartAction = swap(doc.StartAction);
  for (const a of doc.Actions) {
    a.Identifier = swap(a.Identifier);
    const t = a.Transitions;
    if (t.NextAction !== undefined) t.NextAction = swap(t.NextAction);
    for (const e of t.Errors ?? []) e.NextAction = swap(e.NextAction);
    for (const c of t.Conditions ?? []) c.NextAction = swap(c.NextAction);
  }
  return doc;
}

/** Inserts `inserted` between `from` and its NextAction. */
function insertAfter(doc: FlowDocument, from: string, inserted: Omit<Action, 'Transitions'>): FlowDocument {
  const a = action(doc, from);
  doc.Actions.push({ ...inserted, Transitions: { NextAction: a.Transitions.NextAction ?? '' } });
  a.Transitions.NextAction = inserted.Identifier;
  return doc;
}

/** How a CDK token (e.g. `fn.functionArn`) looks inside a string before deployment. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal CDK token marker
const TOKEN = '${Token[TOKEN.123]}';

describe('validateFlow: the reference flows (§9)', () => {
  it('accepts the inbound example as CONTACT_FLOW', () => {
    expect(validateFlow(inboundJson, 'CONTACT_FLOW')).toEqual([]);
  });

  it('accepts the customer-queue example as CUSTOMER_QUEUE', () => {
    expect(validateFlow(queueJson, 'CUSTOMER_QUEUE')).toEqual([]);
  });

  it('accepts an exported hold flow (a single loop with Transitions {})', () => {
    expect(validateFlow(hold(), 'AGENT_HOLD')).toEqual([]);
  });

  it('rejects something that is not a document', () => {
    expect(validateFlow([], 'CONTACT_FLOW')).toEqual([
      { path: '', message: 'the flow document must be a JSON object', severity: 'error', rule: 'schema' },
    ]);
  });
});

interface RuleCase {
  readonly name: string;
  readonly type: FlowType;
  readonly doc: () => FlowDocument;
  readonly expected: Omit<FlowProblem, 'message'>;
}

/**
 * Each case mutates a valid flow so that exactly one rule fires, and expects exactly that problem. Each case also
 * checks that, with that rule switched off, the flow is clean: the expectation depends on that rule alone, so the
 * test fails if the rule is disabled.
 */
const CASES: readonly RuleCase[] = [
  {
    name: 'dangling NextAction',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Prio').Transitions.NextAction = 'Nowhere';
      return d;
    },
    expected: {
      rule: 'dangling-next-action',
      actionId: 'Prio',
      path: 'Actions[4].Transitions.NextAction',
      severity: 'error',
    },
  },
  {
    name: 'dangling error target',
    type: 'CUSTOMER_QUEUE',
    doc: () => {
      const d = queue();
      const errors = action(d, 'Cb').Transitions.Errors ?? [];
      errors[0] = { ErrorType: 'NoMatchingError', NextAction: 'Nowhere' };
      return d;
    },
    expected: {
      rule: 'dangling-next-action',
      actionId: 'Cb',
      path: 'Actions[2].Transitions.Errors[0].NextAction',
      severity: 'error',
    },
  },
  {
    name: 'StartAction that does not exist',
    type: 'CONTACT_FLOW',
    doc: () => ({ ...inbound(), StartAction: 'Nope' }),
    expected: { rule: 'start-action', path: 'StartAction', severity: 'error' },
  },
  {
    name: 'wrong Version',
    type: 'CONTACT_FLOW',
    doc: () => ({ ...inbound(), Version: '2020-01-01' }) as unknown as FlowDocument,
    expected: { rule: 'version', path: 'Version', severity: 'error' },
  },
  {
    name: 'unreachable action',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      d.Actions.push({
        Identifier: 'Orphan',
        Type: 'DisconnectParticipant',
        Parameters: {},
        Transitions: {},
      });
      return d;
    },
    expected: { rule: 'unreachable', actionId: 'Orphan', path: 'Actions[13]', severity: 'error' },
  },
  {
    name: 'duplicate identifier',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      d.Actions.push({ Identifier: 'Bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
      return d;
    },
    expected: {
      rule: 'duplicate-identifier',
      actionId: 'Bye',
      path: 'Actions[13].Identifier',
      severity: 'error',
    },
  },
  {
    name: 'identifier with a forbidden character',
    type: 'CONTACT_FLOW',
    doc: () => rename(inbound(), 'Bye', 'Bye:now'),
    expected: { rule: 'identifier', actionId: 'Bye:now', path: 'Actions[12].Identifier', severity: 'error' },
  },
  {
    name: 'identifier longer than 50 characters',
    type: 'CONTACT_FLOW',
    doc: () => rename(inbound(), 'Bye', 'B'.repeat(51)),
    expected: {
      rule: 'identifier',
      actionId: 'B'.repeat(51),
      path: 'Actions[12].Identifier',
      severity: 'error',
    },
  },
  {
    name: 'reserved identifier',
    type: 'CONTACT_FLOW',
    doc: () => rename(inbound(), 'Bye', 'constructor'),
    expected: {
      rule: 'identifier',
      actionId: 'constructor',
      path: 'Actions[12].Identifier',
      severity: 'error',
    },
  },
  {
    name: '251 actions',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      for (let i = 1; d.Actions.length < 251; i++) {
        insertAfter(d, i === 1 ? 'Log' : `Log${i - 1}`, {
          Identifier: `Log${i}`,
          Type: 'UpdateFlowLoggingBehavior',
          Parameters: { FlowLoggingBehavior: 'Enabled' },
        });
      }
      return d;
    },
    expected: { rule: 'too-many-actions', path: 'Actions', severity: 'error' },
  },
  {
    name: 'Content over 256,000 characters',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Closed').Parameters.Text = 'x'.repeat(256_000);
      return d;
    },
    expected: { rule: 'content-too-large', path: '', severity: 'error' },
  },
  {
    name: 'DTMF condition with a multi-character key',
    type: 'CUSTOMER_QUEUE',
    doc: () => {
      const d = queue();
      const [first] = action(d, 'Offer').Transitions.Conditions ?? [];
      if (first) first.Condition.Operands = ['12'];
      return d;
    },
    expected: {
      rule: 'dtmf-condition',
      actionId: 'Offer',
      path: 'Actions[1].Transitions.Conditions[0].Condition',
      severity: 'error',
    },
  },
  {
    name: 'StoreInput True without InputValidation',
    type: 'CUSTOMER_QUEUE',
    doc: () => {
      const d = queue();
      const offer = action(d, 'Offer');
      offer.Parameters.StoreInput = 'True';
      offer.Transitions = {
        NextAction: 'Cb',
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Loop' }],
      };
      return d;
    },
    expected: {
      rule: 'store-input',
      actionId: 'Offer',
      path: 'Actions[1].Parameters.InputValidation',
      severity: 'error',
    },
  },
  {
    name: 'CheckHoursOfOperation without the False condition',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      const hours = action(d, 'Hours');
      hours.Transitions.Conditions = hours.Transitions.Conditions?.slice(0, 1);
      return d;
    },
    expected: {
      rule: 'hours-conditions',
      actionId: 'Hours',
      path: 'Actions[6].Transitions.Conditions',
      severity: 'error',
    },
  },
  {
    name: 'Loop without DoneLooping',
    type: 'CUSTOMER_QUEUE',
    doc: () => {
      const d = queue();
      insertAfter(d, 'Cb', { Identifier: 'Again', Type: 'Loop', Parameters: { LoopCount: '2' } });
      action(d, 'Again').Transitions.Conditions = [
        { NextAction: 'Offer', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } },
      ];
      return d;
    },
    expected: {
      rule: 'loop-conditions',
      actionId: 'Again',
      path: 'Actions[5].Transitions.Conditions',
      severity: 'error',
    },
  },
  {
    name: 'MessageParticipantIteratively condition other than MessagesInterrupted',
    type: 'CUSTOMER_QUEUE',
    doc: () => {
      const d = queue();
      const [first] = action(d, 'Loop').Transitions.Conditions ?? [];
      if (first) first.Condition.Operands = ['Timeout'];
      return d;
    },
    expected: {
      rule: 'message-loop-conditions',
      actionId: 'Loop',
      path: 'Actions[0].Transitions.Conditions[0].Condition',
      severity: 'error',
    },
  },
  {
    name: 'staffing check with NumberGreaterThan "1"',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      const qflow = action(d, 'QFlow');
      d.Actions.push({
        Identifier: 'Staffed',
        Type: 'CheckMetricData',
        Parameters: { MetricType: 'NumberOfAgentsStaffed' },
        Transitions: {
          NextAction: 'Closed',
          Conditions: [{ NextAction: 'Xfer', Condition: { Operator: 'NumberGreaterThan', Operands: ['1'] } }],
          Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Sorry' }],
        },
      });
      qflow.Transitions = {
        NextAction: 'Staffed',
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Staffed' }],
      };
      return d;
    },
    expected: {
      rule: 'staffing-conditions',
      actionId: 'Staffed',
      path: 'Actions[13].Transitions.Conditions[0].Condition',
      severity: 'error',
    },
  },
  {
    name: 'unknown condition operator',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      const [first] = action(d, 'IsVip').Transitions.Conditions ?? [];
      if (first) first.Condition.Operator = 'NumericLessThan';
      return d;
    },
    expected: {
      rule: 'unknown-operator',
      actionId: 'IsVip',
      path: 'Actions[3].Transitions.Conditions[0].Condition.Operator',
      severity: 'error',
    },
  },
  {
    name: 'conditions on an action that has none',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Save').Transitions.Conditions = [
        { NextAction: 'Sorry', Condition: { Operator: 'Equals', Operands: ['x'] } },
      ];
      return d;
    },
    expected: {
      rule: 'conditions-not-supported',
      actionId: 'Save',
      path: 'Actions[2].Transitions.Conditions',
      severity: 'error',
    },
  },
  {
    name: 'UpdateContactRoutingBehavior in a customer queue flow',
    type: 'CUSTOMER_QUEUE',
    doc: () => {
      const d = queue();
      d.Actions.push({
        Identifier: 'Prio',
        Type: 'UpdateContactRoutingBehavior',
        Parameters: { QueuePriority: '1' },
        Transitions: { NextAction: 'Cb' },
      });
      const [key1] = action(d, 'Offer').Transitions.Conditions ?? [];
      if (key1) key1.NextAction = 'Prio';
      return d;
    },
    expected: { rule: 'action-not-allowed', actionId: 'Prio', path: 'Actions[5].Type', severity: 'error' },
  },
  {
    name: 'TransferContactToQueue in a customer queue flow',
    type: 'CUSTOMER_QUEUE',
    doc: () => {
      const d = queue();
      const cb = action(d, 'Cb');
      cb.Type = 'TransferContactToQueue';
      cb.Parameters = {};
      cb.Transitions = {
        NextAction: 'Bye',
        Errors: [
          { ErrorType: 'QueueAtCapacity', NextAction: 'Loop' },
          { ErrorType: 'NoMatchingError', NextAction: 'Loop' },
        ],
      };
      return d;
    },
    expected: { rule: 'action-not-allowed', actionId: 'Cb', path: 'Actions[2].Type', severity: 'error' },
  },
  {
    name: 'MessageParticipant in a hold flow',
    type: 'AGENT_HOLD',
    doc: () => {
      const d = hold();
      d.Actions.unshift({
        Identifier: 'Hi',
        Type: 'MessageParticipant',
        Parameters: { Text: 'Please hold.' },
        Transitions: { NextAction: 'Hold', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Hold' }] },
      });
      d.StartAction = 'Hi';
      return d;
    },
    expected: { rule: 'action-not-allowed', actionId: 'Hi', path: 'Actions[0].Type', severity: 'error' },
  },
  {
    name: 'two hooks in one UpdateContactEventHooks',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      const hooks = action(d, 'QFlow').Parameters.EventHooks as Record<string, string>;
      hooks.CustomerHold = 'arn:aws:connect:us-east-1:111122223333:instance/i/contact-flow/hold';
      return d;
    },
    expected: {
      rule: 'event-hook-count',
      actionId: 'QFlow',
      path: 'Actions[8].Parameters.EventHooks',
      severity: 'error',
    },
  },
  {
    name: 'unknown hook key',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'QFlow').Parameters.EventHooks = { CustomerQueueFlow: 'arn:aws:connect:::contact-flow/qf' };
      return d;
    },
    expected: {
      rule: 'event-hook-key',
      actionId: 'QFlow',
      path: 'Actions[8].Parameters.EventHooks.CustomerQueueFlow',
      severity: 'error',
    },
  },
  {
    name: 'two prompt sources',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Closed').Parameters.SSML = '<speak>We are closed.</speak>';
      return d;
    },
    expected: {
      rule: 'prompt-source',
      actionId: 'Closed',
      path: 'Actions[10].Parameters',
      severity: 'error',
    },
  },
  {
    name: 'terminal action with transitions',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Bye').Transitions = { NextAction: 'Sorry' };
      return d;
    },
    expected: {
      rule: 'terminal-transitions',
      actionId: 'Bye',
      path: 'Actions[12].Transitions',
      severity: 'error',
    },
  },
  {
    name: 'non-terminal action with nowhere to go',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Rec').Transitions = {};
      action(d, 'Hours').Transitions.Conditions = [
        { NextAction: 'QFlow', Condition: { Operator: 'Equals', Operands: ['True'] } },
        { NextAction: 'Closed', Condition: { Operator: 'Equals', Operands: ['False'] } },
      ];
      action(d, 'Prio').Transitions.NextAction = 'Rec';
      return d;
    },
    expected: { rule: 'no-transition', actionId: 'Rec', path: 'Actions[7].Transitions', severity: 'error' },
  },
  {
    name: 'TransferContactToQueue without QueueAtCapacity',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Xfer').Transitions.Errors = [{ ErrorType: 'NoMatchingError', NextAction: 'Sorry' }];
      return d;
    },
    expected: {
      rule: 'missing-error-branch',
      actionId: 'Xfer',
      path: 'Actions[9].Transitions.Errors',
      severity: 'error',
    },
  },
  {
    name: 'error branch on an action that has none (warning)',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Log').Transitions.Errors = [{ ErrorType: 'NoMatchingError', NextAction: 'Sorry' }];
      return d;
    },
    expected: {
      rule: 'unexpected-error-type',
      actionId: 'Log',
      path: 'Actions[0].Transitions.Errors[0].ErrorType',
      severity: 'warning',
    },
  },
  {
    name: 'Lambda timeout of 9 seconds',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'Lookup').Parameters.InvocationTimeLimitSeconds = '9';
      return d;
    },
    expected: {
      rule: 'lambda-timeout',
      actionId: 'Lookup',
      path: 'Actions[1].Parameters.InvocationTimeLimitSeconds',
      severity: 'error',
    },
  },
  {
    name: '$. in a static-only parameter',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'QFlow').Parameters.EventHooksConfiguration = {
        CustomerQueue: { DisableExecution: '$.Attributes.skipQueueFlow' },
      };
      return d;
    },
    expected: {
      rule: 'static-only-param',
      actionId: 'QFlow',
      path: 'Actions[8].Parameters.EventHooksConfiguration.CustomerQueue.DisableExecution',
      severity: 'error',
    },
  },
  {
    name: 'JSONPath embedded in a single-JSONPath parameter',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'SetQueue').Parameters.QueueId =
        'arn:aws:connect:us-east-1:111122223333:instance/i/queue/$.Attributes.q';
      return d;
    },
    expected: {
      rule: 'single-jsonpath-param',
      actionId: 'SetQueue',
      path: 'Actions[5].Parameters.QueueId',
      severity: 'error',
    },
  },
  {
    name: 'static value in a JSONPath-only parameter',
    type: 'CONTACT_FLOW',
    doc: () => {
      const d = inbound();
      action(d, 'IsVip').Parameters.ComparisonValue = 'VIP';
      return d;
    },
    expected: {
      rule: 'jsonpath-only-param',
      actionId: 'IsVip',
      path: 'Actions[3].Parameters.ComparisonValue',
      severity: 'error',
    },
  },
  {
    name: 'unknown action type (warning only)',
    type: 'CONTACT_FLOW',
    doc: () =>
      insertAfter(inbound(), 'Log', {
        Identifier: 'Wisdom',
        Type: 'InvokeTelepathy',
        Parameters: { WisdomAssistantArn: 'arn:aws:wisdom:us-east-1:111122223333:assistant/a' },
      }),
    expected: {
      rule: 'unknown-action-type',
      actionId: 'Wisdom',
      path: 'Actions[13].Type',
      severity: 'warning',
    },
  },
];

describe('validateFlow: one rule per mutation', () => {
  it.each(CASES)('$name → $expected.rule', ({ doc, type, expected }) => {
    const mutated = doc();
    const problems = validateFlow(mutated, type);
    expect(problems).toEqual([{ ...expected, message: expect.any(String) }]);
    // The expectation depends on this rule alone: with it off, nothing is left (so disabling the rule fails the test).
    expect(validateFlow(mutated, type, { ignore: [expected.rule as FlowRule] })).toEqual([]);
  });

  it('covers each rule the brief lists', () => {
    const covered = new Set(CASES.map((c) => c.expected.rule));
    for (const rule of [
      'dangling-next-action',
      'unreachable',
      'duplicate-identifier',
      'identifier',
      'too-many-actions',
      'dtmf-condition',
      'hours-conditions',
      'action-not-allowed',
      'event-hook-count',
      'event-hook-key',
      'terminal-transitions',
      'lambda-timeout',
      'static-only-param',
      'unknown-action-type',
    ] satisfies FlowRule[]) {
      expect(covered, rule).toContain(rule);
    }
  });
});

describe('validateFlow: values', () => {
  it('treats CDK tokens as static values (ARNs pass, nothing is reported)', () => {
    const d = inbound();
    action(d, 'Lookup').Parameters.LambdaFunctionARN = TOKEN;
    action(d, 'SetQueue').Parameters.QueueId = TOKEN;
    action(d, 'QFlow').Parameters.EventHooks = { CustomerQueue: TOKEN };
    expect(validateFlow(d, 'CONTACT_FLOW')).toEqual([]);
  });

  it('accepts a single JSONPath where one is allowed, and warns about an unknown root', () => {
    const d = inbound();
    action(d, 'SetQueue').Parameters.QueueId = '$.Attributes.queueArn';
    expect(validateFlow(d, 'CONTACT_FLOW')).toEqual([]);
    action(d, 'SetQueue').Parameters.QueueId = '$.BadValue';
    expect(validateFlow(d, 'CONTACT_FLOW')).toEqual([
      expect.objectContaining({ rule: 'jsonpath-root', severity: 'warning', actionId: 'SetQueue' }),
    ]);
  });

  it('accepts raw JSON numbers and booleans too (unverified encoding), but not other types', () => {
    const d = inbound();
    action(d, 'Lookup').Parameters.InvocationTimeLimitSeconds = 8;
    expect(validateFlow(d, 'CONTACT_FLOW')).toEqual([]);
    action(d, 'Lookup').Parameters.InvocationTimeLimitSeconds = '8.5';
    expect(validateFlow(d, 'CONTACT_FLOW')).toEqual([
      expect.objectContaining({
        rule: 'parameters',
        path: 'Actions[1].Parameters.InvocationTimeLimitSeconds',
      }),
    ]);
  });

  it('keeps checking the other actions when one action is malformed', () => {
    const d = inbound() as unknown as { Actions: unknown[] };
    d.Actions[3] = { Identifier: 'IsVip', Type: 'Compare' };
    const rules = validateFlow(d, 'CONTACT_FLOW').map((p) => p.rule);
    // The malformed action is a schema error; the actions only it led to are reported missing/unreachable.
    expect(rules).toContain('schema');
    expect(rules).toContain('dangling-next-action');
  });

  it('reports every problem at once', () => {
    const d = inbound();
    action(d, 'Lookup').Parameters.InvocationTimeLimitSeconds = '9';
    action(d, 'Bye').Transitions = { NextAction: 'Sorry' };
    const hooks = action(d, 'QFlow').Parameters.EventHooks as Record<string, string>;
    hooks.AgentWhisper = 'arn:w';
    expect(validateFlow(d, 'CONTACT_FLOW').map((p) => p.rule)).toEqual([
      'lambda-timeout',
      'event-hook-count',
      'terminal-transitions',
    ]);
  });
});
