import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCallCommand } from '../../bin/commands/call.js';
import { formatReports, validateFiles } from '../../bin/commands/validate.js';
import { UsageError } from '../../bin/options.js';
import { parseAgents } from '../../contact-flows/testing/foreign.js';

const dir = (name: string) =>
  fileURLToPath(new URL(`../fixtures/flows/console/lex-module/${name}`, import.meta.url));
const MAIN = dir('pizza-main.json');
const MODULE = dir('Greeting module.json');
const BOT = `PIZZABOT01=${dir('pizza-bot.yaml')}`;
const base = {
  flow: [MAIN],
  module: [MODULE],
  lex: [BOT],
  from: '+447700900123',
  at: '2026-11-23T10:00:00Z',
};

describe('a console export with Lex and a flow module ({Name, Type, Content} wrapper)', () => {
  it('runs the module, then the bot recognises the scripted utterance and routes by intent', async () => {
    const { result } = await runCallCommand({ ...base, keys: 'say:I want a large pizza' });
    expect(result.prompts).toEqual([
      'Welcome to Pronto Pizza.',
      'What would you like to do? You can order a pizza or track an order.',
    ]);
    expect(result.attributes).toEqual({ intent: 'OrderPizza', size: 'large' });
    expect(result.tags).toEqual({ line: 'orders' });
    expect(result.outcome).toMatchObject({ type: 'agent', queue: { name: 'Orders' } });
    // The module ran as a module, and returned to the flow that invoked it.
    expect(result.path.slice(0, 5).map((s) => `${s.action}:${s.branch}`)).toEqual([
      'Set brand:NextAction',
      'Welcome:NextAction',
      'Return:End',
      'Greeting module:NextAction',
      'Ask:Condition:Equals OrderPizza',
    ]);
  });

  it('keys work as utterances, slots reach prompts, and an unknown utterance is the fallback intent', async () => {
    const track = await runCallCommand({ ...base, keys: 'say:where is my order' });
    expect(track.result.prompts.at(-1)).toBe('Your medium pizza is on its way.');
    expect(track.result.outcome).toMatchObject({ type: 'disconnected', flow: 'Pizza main' });
    const keyed = await runCallCommand({ ...base, keys: '1' });
    expect(keyed.result.attributes.intent).toBe('OrderPizza');
    const unknown = await runCallCommand({ ...base, keys: 'say:tell me a joke' });
    expect(unknown.result.path.find((s) => s.action === 'Ask')?.branch).toBe('Error:NoMatchingCondition');
    expect(unknown.result.events.some((e) => e.text.includes('intent FallbackIntent'))).toBe(true);
    const silent = await runCallCommand({ ...base, keys: 'T' });
    expect(silent.result.path.find((s) => s.action === 'Ask')).toMatchObject({
      branch: 'Error:InputTimeLimitExceeded',
    });
  });

  it('without a model for the bot it takes the error branch and says why', async () => {
    const { result } = await runCallCommand({ ...base, lex: [], keys: 'say:order a pizza' });
    expect(result.path.find((s) => s.action === 'Ask')).toMatchObject({ error: 'NoMatchingError' });
    expect(result.events.some((e) => /no Lex model for bot .*PIZZABOT01/.test(e.text))).toBe(true);
  });

  it('without the module file the invocation takes its error branch', async () => {
    const { result } = await runCallCommand({ ...base, module: [], keys: 'say:order a pizza' });
    expect(result.path[0]).toMatchObject({ action: 'Greeting module', error: 'NoMatchingError' });
    expect(result.prompts[0]).toBe('What would you like to do? You can order a pizza or track an order.');
  });
});

describe('--agents: the queue behaves as with our own flows', () => {
  it('a busy agent leaves the caller waiting; patience runs out: abandoned', async () => {
    const { result } = await runCallCommand({
      ...base,
      keys: 'say:order a pizza',
      agents: 'alice=Busy',
      patience: '45',
    });
    expect(result.outcome).toMatchObject({ type: 'abandoned', queue: { name: 'Orders' } });
    expect(result.notes.join('\n')).toMatch(/served by the agents given/);
  });

  it('an available agent answers, by the name given', async () => {
    const { result } = await runCallCommand({ ...base, keys: 'say:order a pizza', agents: 'bob=Busy,alice' });
    expect(result.outcome).toMatchObject({ type: 'agent', agent: { id: 'alice' } });
  });

  it('reads agents from a list and refuses a bad state', () => {
    expect(parseAgents('alice,bob=busy@q1|q2')).toEqual([
      { id: 'alice' },
      { id: 'bob', state: 'Busy', queues: ['q1', 'q2'] },
    ]);
    expect(() => parseAgents('alice=Sleeping')).toThrow(/state "Sleeping" is not one of Available/);
  });
});

describe('hotline validate', () => {
  it('reads the wrapper and modules, and agrees with Connect on what is accepted', () => {
    const reports = validateFiles([MAIN, MODULE], {});
    expect(reports.map((r) => [r.kind, r.problems])).toEqual([
      ['CONTACT_FLOW', []],
      ['FLOW_MODULE', []],
    ]);
  });

  it('prints each problem with the action identifier and a JSON path', () => {
    const broken = JSON.stringify({
      Version: '2019-10-30',
      StartAction: 'Hours',
      Actions: [
        {
          Identifier: 'Hours',
          Type: 'CheckHoursOfOperation',
          Parameters: {},
          Transitions: {
            NextAction: 'Bye',
            Conditions: [{ NextAction: 'Bye', Condition: { Operator: 'Equals', Operands: ['True'] } }],
            Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'Nowhere' }],
          },
        },
        { Identifier: 'Bye', Type: 'DisconnectParticipant', Transitions: {} },
      ],
    });
    const reports = validateFiles(['broken.json'], {}, () => broken);
    const text = formatReports(reports);
    expect(text).toContain('broken.json: INVALID as CONTACT_FLOW (2 actions, 2 error(s), 0 warning(s))');
    expect(text).toContain(
      'error [dangling-next-action] action "Hours" at $.Actions[0].Transitions.Errors[0].NextAction: "Nowhere" is not an action in this flow',
    );
    expect(text).toContain('error [hours-conditions] action "Hours" at $.Actions[0].Transitions.Conditions');
  });

  it('strict adds our own rules; a prompt without an error branch is only refused there', () => {
    const prompt = JSON.stringify({
      Version: '2019-10-30',
      StartAction: 'Hi',
      Actions: [
        {
          Identifier: 'Hi',
          Type: 'MessageParticipant',
          Parameters: { Text: 'hi' },
          Transitions: { NextAction: 'Bye' },
        },
        { Identifier: 'Bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    });
    expect(validateFiles(['p.json'], {}, () => prompt)[0]?.problems).toEqual([]);
    expect(validateFiles(['p.json'], { strict: true }, () => prompt)[0]?.problems.map((p) => p.rule)).toEqual(
      ['missing-error-branch'],
    );
  });

  it('a bad type or unreadable file is a usage error', () => {
    expect(() => validateFiles([MAIN], { type: 'INBOUND' })).toThrow(UsageError);
    expect(() => validateFiles(['nope.json'], {})).toThrow(/nope.json/);
  });
});
