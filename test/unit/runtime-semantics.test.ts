import { describe, expect, it } from 'vitest';
import {
  type CallOptions,
  ContactCentreRuntime,
  FlowRefusedError,
  isOpen,
  MissingBranchError,
  parseKeys,
  type RuntimeOptions,
  ScenarioError,
  StepLimitError,
  UnsupportedActionError,
} from '../../contact-flows/runtime/index.js';
import type { CallResult } from '../../schemas/contact-record.js';
import type { Action, Condition } from '../../schemas/flow.js';

const I = 'arn:aws:connect:us-east-1:111122223333:instance/i';
const MAIN = `${I}/contact-flow/main`;
const OTHER = `${I}/contact-flow/other`;
const QUEUE = `${I}/queue/q`;
const AT = '2024-05-06T02:00:00Z';

// ---- tiny flow helpers (plain Flow Language JSON) -------------------------------------------------------------

const say = (id: string, text: string, next: string): Action => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: next, Errors: [{ ErrorType: 'NoMatchingError', NextAction: next }] },
});
const bye: Action = { Identifier: 'Bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const when = (operator: string, operand: string, next: string) => ({
  NextAction: next,
  Condition: { Operator: operator, Operands: [operand] } satisfies Condition,
});
const doc = (actions: Action[], start?: string) => ({
  Version: '2019-10-30',
  StartAction: start ?? actions[0]?.Identifier ?? '',
  Metadata: {},
  Actions: actions,
});

function runtime(flows: Record<string, ReturnType<typeof doc>>, over: Partial<RuntimeOptions> = {}) {
  return new ContactCentreRuntime({
    flows: new Map(Object.entries(flows).map(([arn, d]) => [arn, { content: d }])),
    clock: AT,
    queues: [{ arn: QUEUE, name: 'General' }],
    lambdaTimeScale: 0.01,
    ...over,
  });
}
const run = (actions: Action[], call: Partial<CallOptions> = {}, over: Partial<RuntimeOptions> = {}) =>
  runtime({ [MAIN]: doc(actions) }, over).call({ entryFlowArn: MAIN, from: '+14155550100', at: AT, ...call });
const branches = (r: CallResult) => r.path.map((s) => `${s.action}: ${s.branch}`);

// ---- Compare ---------------------------------------------------------------------------------------------------

describe('Compare', () => {
  const compare = (operator: string, operand: string): Action[] => [
    {
      Identifier: 'Check',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Attributes.v' },
      Transitions: {
        NextAction: 'No',
        Conditions: [when(operator, operand, 'Yes')],
        Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'No' }],
      },
    },
    say('Yes', 'yes', 'Bye'),
    say('No', 'no', 'Bye'),
    bye,
  ];
  const cases: Array<[string, string, string, boolean]> = [
    ['Equals', 'abc', 'abc', true],
    ['Equals', 'ABC', 'abc', false],
    ['TextStartsWith', 'hello world', 'hello', true],
    ['TextStartsWith', 'hello world', 'world', false],
    ['TextEndsWith', 'hello world', 'world', true],
    ['TextEndsWith', 'hello world', 'hello', false],
    ['TextContains', 'hello world', 'lo w', true],
    ['TextContains', 'hello', 'xyz', false],
    ['NumberGreaterThan', '10', '9', true],
    ['NumberGreaterThan', '9', '10', false],
    ['NumberGreaterThan', 'abc', '1', false],
    ['NumberGreaterThan', '', '-1', false],
    ['NumberGreaterOrEqualTo', '5', '5', true],
    ['NumberGreaterOrEqualTo', '4.99', '5', false],
    ['NumberLessThan', '2.5', '3', true],
    ['NumberLessThan', '3', 'three', false],
    ['NumberLessOrEqualTo', '-1', '0', true],
    ['NumberLessOrEqualTo', '1', '0', false],
  ];
  it.each(cases)('%s: "%s" vs "%s" → %s', async (operator, value, operand, expected) => {
    const r = await run(compare(operator, operand), { attributes: { v: value } });
    expect(r.prompts).toEqual([expected ? 'yes' : 'no']);
    expect(r.path[0]?.branch).toBe(
      expected ? `Condition:${operator} ${operand}` : 'Error:NoMatchingCondition',
    );
  });

  it('takes the first true condition', async () => {
    const flow = compare('TextContains', 'b');
    flow[0]?.Transitions.Conditions?.unshift(when('TextStartsWith', 'a', 'No'));
    const r = await run(flow, { attributes: { v: 'abc' } });
    expect(r.path[0]?.branch).toBe('Condition:TextStartsWith a');
  });

  it('a missing attribute compares as the empty string', async () => {
    const r = await run(compare('Equals', 'x'));
    expect(r.prompts).toEqual(['no']);
  });
});

// ---- Loop ------------------------------------------------------------------------------------------------------

describe('Loop', () => {
  const loop = (id: string, count: string, body: string, done: string): Action => ({
    Identifier: id,
    Type: 'Loop',
    Parameters: { LoopCount: count },
    Transitions: {
      NextAction: done,
      Conditions: [when('Equals', 'ContinueLooping', body), when('Equals', 'DoneLooping', done)],
    },
  });

  it('continues LoopCount times, then is done once, then starts again', async () => {
    const r = await run([
      loop('Outer', '2', 'Inner', 'Bye'),
      loop('Inner', '2', 'Body', 'InnerDone'),
      say('Body', 'inner', 'Inner'),
      say('InnerDone', 'inner done', 'Outer'),
      bye,
    ]);
    expect(r.prompts).toEqual(['inner', 'inner', 'inner done', 'inner', 'inner', 'inner done']);
    expect(branches(r).filter((b) => b.startsWith('Outer'))).toEqual([
      'Outer: Condition:Equals ContinueLooping',
      'Outer: Condition:Equals ContinueLooping',
      'Outer: Condition:Equals DoneLooping',
    ]);
  });

  it('LoopCount 0 is done at once; a JSONPath count is read at run time', async () => {
    const flow = [loop('L', '$.Attributes.n', 'Body', 'Bye'), say('Body', 'again', 'L'), bye];
    expect((await run(flow, { attributes: { n: '0' } })).prompts).toEqual([]);
    expect((await run(flow, { attributes: { n: '3' } })).prompts).toEqual(['again', 'again', 'again']);
  });
});

// ---- JSONPath --------------------------------------------------------------------------------------------------

describe('JSONPath references', () => {
  it('in prompt text: a trailing "." is not part of the path; bracket form; undefined is empty', async () => {
    const r = await run(
      [
        say('A', 'Thanks for calling $.Attributes.company.', 'B'),
        say(
          'B',
          "Hello $.Attributes.['first name'], calling from $.CustomerEndpoint.Address on $.Channel.",
          'C',
        ),
        say('C', 'It costs $5, $.Attributes.missing!', 'D'),
        {
          Identifier: 'D',
          Type: 'MessageParticipant',
          Parameters: { SSML: '<speak><say-as interpret-as="characters">$.Attributes.code</say-as></speak>' },
          Transitions: { NextAction: 'E', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'E' }] },
        },
        {
          Identifier: 'E',
          Type: 'MessageParticipant',
          Parameters: { PromptId: '$.Attributes.prompt' },
          Transitions: { NextAction: 'Bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Bye' }] },
        },
        bye,
      ],
      { attributes: { company: 'Acme', 'first name': 'Li Wei', code: 'AB12', prompt: `${I}/prompt/p1` } },
    );
    expect(r.prompts).toEqual([
      'Thanks for calling Acme.',
      'Hello Li Wei, calling from +14155550100 on VOICE.',
      'It costs $5, !',
      '<speak><say-as interpret-as="characters">AB12</say-as></speak>',
      `[prompt ${I}/prompt/p1]`,
    ]);
  });

  it('system values, contact data and flow attributes (not carried to the next flow)', async () => {
    const rt = runtime({
      [MAIN]: doc([
        {
          Identifier: 'Vars',
          Type: 'UpdateFlowAttributes',
          Parameters: { FlowAttributes: { greeting: { Value: 'hi from $.Attributes.who' } } },
          Transitions: { NextAction: 'Lang' },
        },
        {
          Identifier: 'Lang',
          Type: 'UpdateContactData',
          Parameters: { LanguageCode: 'zh-CN' },
          Transitions: {
            NextAction: 'Voice',
            Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Voice' }],
          },
        },
        {
          Identifier: 'Voice',
          Type: 'UpdateContactTextToSpeechVoice',
          Parameters: { TextToSpeechVoice: 'Zhiyu' },
          Transitions: { NextAction: 'Say' },
        },
        say(
          'Say',
          '$.FlowAttributes.greeting ($.LanguageCode, $.TextToSpeechVoiceId, $.InitiationMethod)',
          'Go',
        ),
        {
          Identifier: 'Go',
          Type: 'TransferToFlow',
          Parameters: { ContactFlowId: OTHER },
          Transitions: { NextAction: 'Bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Bye' }] },
        },
        bye,
      ]),
      [OTHER]: doc([say('Say2', '[$.FlowAttributes.greeting] $.Attributes.who $.ContactId', 'Bye'), bye]),
    });
    const r = await rt.call({ entryFlowArn: MAIN, at: AT, attributes: { who: 'Ann' }, contactId: 'c-1' });
    expect(r.prompts).toEqual(['hi from Ann (zh-CN, Zhiyu, INBOUND)', '[] Ann c-1']);
    expect(branches(r)).toContain('Go: Transfer');
  });

  it('$.External: the latest response only; nested JSON read with dots', async () => {
    const lambda = (id: string, fn: string, next: string, responseType = 'JSON'): Action => ({
      Identifier: id,
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: `arn:aws:lambda:us-east-1:111122223333:function:${fn}`,
        InvocationTimeLimitSeconds: '3',
        ResponseValidation: { ResponseType: responseType },
      },
      Transitions: { NextAction: next, Errors: [{ ErrorType: 'NoMatchingError', NextAction: next }] },
    });
    const r = await run(
      [
        lambda('One', 'profile', 'Say1'),
        say('Say1', 'Hi $.External.customer.name.first, $.External.customer.tier.', 'Two'),
        lambda('Two', 'other', 'Say2', 'STRING_MAP'),
        say('Say2', '[$.External.customer] $.External.x', 'Bye'),
        bye,
      ],
      {},
      {
        lambdas: {
          profile: () => ({ customer: { name: { first: 'Li' }, tier: 'gold' } }),
          other: () => ({ x: 'y' }),
        },
      },
    );
    expect(r.prompts).toEqual(['Hi Li, gold.', '[] y']);
  });
});

// ---- GetParticipantInput ---------------------------------------------------------------------------------------

describe('GetParticipantInput', () => {
  const stored = (validation: Record<string, unknown>): Action[] => [
    {
      Identifier: 'Ask',
      Type: 'GetParticipantInput',
      Parameters: {
        Text: 'Enter it',
        StoreInput: 'True',
        InputTimeLimitSeconds: '7',
        InputValidation: validation,
      },
      Transitions: {
        NextAction: 'Echo',
        Errors: [
          { ErrorType: 'InputTimeLimitExceeded', NextAction: 'Timeout' },
          { ErrorType: 'InvalidPhoneNumber', NextAction: 'Invalid' },
          { ErrorType: 'NoMatchingError', NextAction: 'Bye' },
        ],
      },
    },
    say('Echo', 'You entered $.StoredCustomerInput.', 'Bye'),
    say('Timeout', 'timeout', 'Bye'),
    say('Invalid', 'invalid', 'Bye'),
    bye,
  ];

  it('StoreInput True stores the digits (terminator dropped, MaximumLength enforced)', async () => {
    const flow = stored({ CustomValidation: { MaximumLength: '6' } });
    expect((await run(flow, { inputs: ['123456#'] })).prompts).toEqual(['Enter it', 'You entered 123456.']);
    expect((await run(flow, { inputs: ['12345678#'] })).prompts).toEqual(['Enter it', 'You entered 123456.']);
    // No input at all: Success, with $.StoredCustomerInput = "Timeout" (AG store-customer-input.md).
    const timeout = await run(flow, { inputs: [null] });
    expect(timeout.prompts).toEqual(['Enter it', 'You entered Timeout.']);
    expect(timeout.path[0]).toMatchObject({ branch: 'NextAction', to: 'Echo' });
    expect(timeout.ctr.DisconnectTimestamp).toBe('2024-05-06T02:00:07Z');
  });

  it('PhoneNumberValidation: stored in E.164, or InvalidPhoneNumber; then a callback to that number', async () => {
    const flow = stored({ PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: 'US' } });
    flow[1] = say('Echo', 'You entered $.StoredCustomerInput.', 'SetNumber');
    flow.push(
      {
        Identifier: 'SetNumber',
        Type: 'UpdateContactCallbackNumber',
        Parameters: { CallbackNumber: '$.StoredCustomerInput' },
        Transitions: {
          NextAction: 'SetQueue',
          Errors: [
            { ErrorType: 'InvalidCallbackNumber', NextAction: 'Bye' },
            { ErrorType: 'CallbackNumberNotDialable', NextAction: 'Bye' },
          ],
        },
      },
      {
        Identifier: 'SetQueue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: QUEUE },
        Transitions: {
          NextAction: 'Callback',
          Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Bye' }],
        },
      },
      {
        Identifier: 'Callback',
        Type: 'CreateCallbackContact',
        Parameters: {
          InitialCallDelaySeconds: '5',
          MaximumConnectionAttempts: '2',
          RetryDelaySeconds: '600',
        },
        Transitions: { NextAction: 'Bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Bye' }] },
      },
    );
    const ok = await run(flow, { inputs: ['4155552671#'] });
    expect(ok.prompts).toEqual(['Enter it', 'You entered +14155552671.']);
    expect(ok.outcome).toMatchObject({
      type: 'callback',
      callbackNumber: '+14155552671',
      queue: { arn: QUEUE },
    });
    const bad = await run(flow, { inputs: ['12#'] });
    expect(bad.prompts).toEqual(['Enter it', 'invalid']);
  });

  it('a menu takes one key; several keys are a scenario mistake', async () => {
    const menu: Action[] = [
      {
        Identifier: 'Menu',
        Type: 'GetParticipantInput',
        Parameters: { Text: 'Press 1', StoreInput: 'False', InputTimeLimitSeconds: '5' },
        Transitions: {
          NextAction: 'Bye',
          Conditions: [when('Equals', '1', 'One')],
          Errors: [
            { ErrorType: 'InputTimeLimitExceeded', NextAction: 'Bye' },
            { ErrorType: 'NoMatchingCondition', NextAction: 'Other' },
            { ErrorType: 'NoMatchingError', NextAction: 'Bye' },
          ],
        },
      },
      say('One', 'one', 'Bye'),
      say('Other', 'other', 'Bye'),
      bye,
    ];
    expect((await run(menu, { inputs: ['1'] })).prompts).toEqual(['Press 1', 'one']);
    expect((await run(menu, { inputs: ['9'] })).path[0]?.branch).toBe('Error:NoMatchingCondition');
    expect((await run(menu)).path[0]?.branch).toBe('Error:InputTimeLimitExceeded');
    await expect(run(menu, { inputs: ['12'] })).rejects.toThrow(ScenarioError);
  });

  it('parses keys as written on the command line', () => {
    expect(parseKeys('1,6,,T,123456#')).toEqual(['1', '6', null, null, '123456#']);
    expect(parseKeys('')).toEqual([]);
    expect(() => parseKeys('1,a')).toThrow(/not DTMF/);
  });
});

// ---- Other actions ---------------------------------------------------------------------------------------------

describe('other actions', () => {
  it('DistributeByPercentage draws from the seeded generator', async () => {
    const flow: Action[] = [
      {
        Identifier: 'Split',
        Type: 'DistributeByPercentage',
        Parameters: {},
        Transitions: {
          NextAction: 'B',
          Conditions: [when('NumberLessThan', '31', 'A')],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'B' }],
        },
      },
      say('A', 'A', 'Bye'),
      say('B', 'B', 'Bye'),
      bye,
    ];
    const draw = async (seed: number) => {
      const rt = runtime({ [MAIN]: doc(flow) }, { seed });
      const out: string[] = [];
      for (let i = 0; i < 300; i++) out.push(...(await rt.call({ entryFlowArn: MAIN, at: AT })).prompts);
      return out;
    };
    const first = await draw(7);
    expect(await draw(7)).toEqual(first);
    const a = first.filter((p) => p === 'A').length;
    expect(a).toBeGreaterThan(60);
    expect(a).toBeLessThan(120);
  });

  it('Wait completes after TimeoutSeconds of simulated time', async () => {
    const r = await run([
      {
        Identifier: 'Pause',
        Type: 'Wait',
        Parameters: { TimeoutSeconds: '300' },
        Transitions: {
          NextAction: 'Bye',
          Conditions: [when('Equals', 'WaitCompleted', 'Bye')],
          Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Bye' }],
        },
      },
      bye,
    ]);
    expect(r.path[0]?.branch).toBe('Condition:Equals WaitCompleted');
    expect(r.ctr.DisconnectTimestamp).toBe('2024-05-06T02:05:00Z');
  });

  it('a fault makes an action raise an error (to cover error branches)', async () => {
    const r = await run([say('Hello', 'hello', 'Bye'), bye], {
      faults: [{ action: 'Hello', error: 'NoMatchingError' }],
    });
    expect(r.path[0]).toEqual({
      flow: MAIN,
      action: 'Hello',
      type: 'MessageParticipant',
      branch: 'Error:NoMatchingError',
      to: 'Bye',
      error: 'NoMatchingError',
    });
    expect(r.prompts).toEqual([]);
  });

  it('TransferToFlow to an unknown flow takes the error branch', async () => {
    const r = await run([
      {
        Identifier: 'Go',
        Type: 'TransferToFlow',
        Parameters: { ContactFlowId: `${I}/contact-flow/nowhere` },
        Transitions: { NextAction: 'Bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Sorry' }] },
      },
      say('Sorry', 'sorry', 'Bye'),
      bye,
    ]);
    expect(branches(r)).toEqual(['Go: Error:NoMatchingError', 'Sorry: NextAction', 'Bye: End']);
  });
});

// ---- Refusals and failures -------------------------------------------------------------------------------------

describe('failing loudly', () => {
  it('an action type it does not implement names the type and the action', async () => {
    const flow: Action[] = [
      say('Hello', 'hello', 'Task'),
      { Identifier: 'Task', Type: 'InvokeTelepathy', Parameters: {}, Transitions: { NextAction: 'Bye' } },
      bye,
    ];
    const error = await run(flow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedActionError);
    expect((error as Error).message).toBe(
      `action type "InvokeTelepathy" is not implemented by the offline runtime (action "Task" in flow ${MAIN})`,
    );
    // The call so far comes with the error, to print its transcript.
    expect((error as UnsupportedActionError).partial?.prompts).toEqual(['hello']);
  });

  it('a loop that never ends hits the step limit', async () => {
    const error = await run([say('A', 'a', 'B'), say('B', 'b', 'A')], {}, { maxSteps: 50 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StepLimitError);
    expect((error as Error).message).toMatch(
      /^step limit reached: 50 actions in one contact, at MessageParticipant "A" in flow /,
    );
    expect((error as StepLimitError).path).toHaveLength(50);
  });

  it('refuses a flow with error-level problems and reports them', async () => {
    const broken: Action[] = [
      {
        Identifier: 'Check',
        Type: 'Compare',
        Parameters: { ComparisonValue: '$.Attributes.x' },
        Transitions: {
          NextAction: 'Hello',
          Conditions: [{ NextAction: 'Hello', Condition: { Operator: 'Equals', Operands: ['a'] } }],
        },
      },
      say('Hello', 'hi', 'Bye'),
      bye,
    ];
    const error = await run(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowRefusedError);
    expect((error as FlowRefusedError).problems.map((p) => p.rule)).toEqual(['missing-error-branch']);
    expect((error as Error).message).toMatch(/is refused as CONTACT_FLOW: 1 error-level problem/);
    // The same flow runs when the rule is ignored.
    const r = await run(broken, {}, { validation: { ignore: ['missing-error-branch'] } });
    expect(r.prompts).toEqual(['hi']);
  });

  it('a prompt without an error branch is what Connect accepts: it runs', async () => {
    const r = await run([
      {
        Identifier: 'Hello',
        Type: 'MessageParticipant',
        Transitions: { NextAction: 'Bye' },
      } as unknown as Action,
      bye,
    ]).catch((e: unknown) => e);
    // No Parameters at all is accepted too (read as {}), but a prompt needs a source: refused for that only.
    expect(error_rules(r)).toEqual(['prompt-source']);
    const ok = await run([
      {
        Identifier: 'Hello',
        Type: 'MessageParticipant',
        Parameters: { Text: 'hi' },
        Transitions: { NextAction: 'Bye' },
      },
      bye,
    ]);
    expect(ok.prompts).toEqual(['hi']);
  });

  it('an error with neither its own branch nor NoMatchingError fails', async () => {
    const flow: Action[] = [
      {
        Identifier: 'Log',
        Type: 'UpdateFlowLoggingBehavior',
        Parameters: { FlowLoggingBehavior: 'Enabled' },
        Transitions: { NextAction: 'Bye' },
      },
      bye,
    ];
    await expect(run(flow, { faults: [{ action: 'Log', error: 'NoMatchingError' }] })).rejects.toThrow(
      MissingBranchError,
    );
  });
});

describe('hours of operation', () => {
  const hours = (days: Record<string, { start: string; end: string }>, timeZone = 'Asia/Shanghai') => ({
    arn: 'h',
    name: 'h',
    timeZone,
    days,
  });
  it('is evaluated in the hours’ time zone, [start, end)', () => {
    const h = hours({ MONDAY: { start: '09:00', end: '18:00' } });
    expect(isOpen(h, new Date('2024-05-06T01:00:00Z'))).toBe(true); // 09:00 Shanghai
    expect(isOpen(h, new Date('2024-05-06T00:59:00Z'))).toBe(false);
    expect(isOpen(h, new Date('2024-05-06T10:00:00Z'))).toBe(false); // 18:00
    expect(
      isOpen(
        hours({ MONDAY: { start: '09:00', end: '18:00' } }, 'America/New_York'),
        new Date('2024-05-06T14:00:00Z'),
      ),
    ).toBe(true);
    expect(isOpen(h, new Date('2024-05-07T02:00:00Z'))).toBe(false); // Tuesday
  });
  it('handles 24:00, all day and slots past midnight', () => {
    expect(
      isOpen(hours({ MONDAY: { start: '20:00', end: '24:00' } }), new Date('2024-05-06T15:59:00Z')),
    ).toBe(true);
    expect(
      isOpen(hours({ MONDAY: { start: '00:00', end: '00:00' } }), new Date('2024-05-05T16:00:00Z')),
    ).toBe(true);
    const night = hours({ MONDAY: { start: '22:00', end: '06:00' } });
    expect(isOpen(night, new Date('2024-05-06T14:30:00Z'))).toBe(true); // Mon 22:30
    expect(isOpen(night, new Date('2024-05-06T21:00:00Z'))).toBe(true); // Tue 05:00
    expect(isOpen(night, new Date('2024-05-06T23:00:00Z'))).toBe(false); // Tue 07:00
  });
});

function error_rules(e: unknown): string[] {
  return e instanceof FlowRefusedError
    ? e.problems.filter((p) => p.severity === 'error').map((p) => p.rule)
    : [];
}
