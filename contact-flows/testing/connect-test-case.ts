/**
 * A scenario as an Amazon Connect test case (the Testing & Simulation feature: `AWS::Connect::TestCase`,
 * `CreateTestCase`), so the expectations checked offline run again against the real instance after deploy.
 *
 * Built from the offline run of the scenario: every prompt the caller heard becomes a `MessageReceived`
 * observation (matched by inclusion), the caller's keys or words a `SendInstruction` on the prompt they answer,
 * and the expected attributes `Assert` actions when the test completes. Lambdas are not mocked: on the instance
 * the real functions answer.
 *
 * Shape from the API Reference "Testing language" pages (Version 2025-06-21; events TestInitiated,
 * MessageReceived, TestCompleted; actions SendInstruction, Assert). Not yet run on a live instance
 * (unverified): publish with Status SAVED first and open it in the test designer.
 */
import type { CallResult } from '../../schemas/contact-record.js';
import type { Scenario } from './scenarios.js';

export const TESTING_LANGUAGE_VERSION = '2025-06-21';

export interface ConnectTestCase {
  readonly name: string;
  readonly description: string;
  /** The test case `Content` (a JSON string). */
  readonly content: string;
  readonly sourcePhoneNumber: string;
  /** Contact attributes the test starts with, as JSON (`InitializationData`), when the scenario sets some. */
  readonly initializationData?: string;
}

interface Observation {
  Identifier: string;
  Event: { Identifier: string; Type: string; Actor: 'System'; Properties: Record<string, unknown> };
  Usage: { Type: 'EXACTLY' };
  Actions: Array<Record<string, unknown>>;
  Transitions: { NextObservations: string[] };
}

/** Names Connect accepts for a test case (letters, digits, space, `_-.`; at most 127 characters). */
export function testCaseName(suite: string, scenario: string): string {
  return `${suite} - ${scenario}`
    .replace(/[^\p{L}\p{N} _.-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 127);
}

export function toConnectTestCase(suite: string, scenario: Scenario, result: CallResult): ConnectTestCase {
  const observations: Observation[] = [];
  const observe = (type: string, properties: Record<string, unknown>): Observation => {
    const n = observations.length + 1;
    const o: Observation = {
      Identifier: `step-${n}`,
      Event: { Identifier: `event-${n}`, Type: type, Actor: 'System', Properties: properties },
      Usage: { Type: 'EXACTLY' },
      Actions: [],
      Transitions: { NextObservations: [] },
    };
    const previous = observations.at(-1);
    if (previous) previous.Transitions.NextObservations = [o.Identifier];
    observations.push(o);
    return o;
  };
  observe('TestInitiated', {});
  let actionNo = 0;
  const action = (type: string, parameters: Record<string, unknown>) => ({
    Identifier: `action-${++actionNo}`,
    Type: type,
    Parameters: { ActionType: type, ...parameters },
    Transitions: { NextAction: '' },
  });
  for (const e of result.events) {
    // Only what the customer hears (the agent's whisper is not observable from the customer's side).
    if (e.kind === 'prompt' && !e.text.startsWith('[agent] ')) {
      observe('MessageReceived', { Text: e.text, MatchingCriteria: 'Inclusion' });
    } else if (e.kind === 'input') {
      const last = observations.at(-1);
      const said = e.text.startsWith('says ') ? e.text.slice(5) : undefined;
      const keys = e.text.startsWith('keys ') ? e.text.slice(5) : undefined;
      if (!last || (said === undefined && keys === undefined)) continue; // a timeout: send nothing
      last.Actions.push(
        action('SendInstruction', {
          Actor: 'Customer',
          Instruction:
            said !== undefined
              ? { Type: 'TextUtterance', Properties: { Value: said } }
              : { Type: 'DtmfInput', Properties: { Value: keys } },
        }),
      );
    }
  }
  const done = observe('TestCompleted', {});
  for (const [k, v] of Object.entries(scenario.expect.attributes ?? {})) {
    if (v === null) continue;
    done.Actions.push(action('Assert', { Namespace: `$.Attributes.${k}`, Operator: 'Equals', Operand: v }));
  }
  const content = JSON.stringify({
    Version: TESTING_LANGUAGE_VERSION,
    Metadata: {},
    Observations: observations,
  });
  const outcome = scenario.expect.outcome?.type ?? result.outcome.type;
  return {
    name: testCaseName(suite, scenario.name),
    description: `${scenario.name}: expected outcome ${outcome} (exported by hotline test)`.slice(0, 500),
    content,
    sourcePhoneNumber: result.ctr.CustomerEndpoint?.Address ?? '',
    ...(scenario.attributes
      ? { initializationData: JSON.stringify({ Attributes: scenario.attributes }) }
      : {}),
  };
}
