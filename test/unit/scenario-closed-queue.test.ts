/**
 * `closed:` in a scenario of `hotline test` names hours of operation or a queue. A queue closes on its own: the
 * distribution profile's key retailers' line shares the ordering hours with the entry, yet the call gets past the
 * entry and finds only that queue closed; the next call finds it open again.
 */
import { describe, expect, it } from 'vitest';
import { SetupError } from '../../contact-flows/testing/foreign.js';
import { runScenarioFile } from '../../contact-flows/testing/scenarios.js';

const file = (closed: string) => `
profile: distribution
at: 2025-03-03T10:00:00+08:00
from: "+8618745102007"
lambdas:
  callerLookup: { lookupStatus: ok, known: "true", vip: "true", blocked: "false", dedicatedAgentId: "", queueHint: vip, recentContactCount: "0" }
  recordSurvey: { surveyStatus: recorded, followUp: "false" }
scenarios:
  - name: the key retailers' line closed on its own
    closed: [${closed}]
    input: [null, "0"]
    expect:
      visits: [Open?, VIP line, VIP line open?, Menu]
      outcome: { type: agent, queue: Ordering centre service, priority: 1 }
  - name: open again on the next call
    input: [null]
    expect:
      outcome: { type: agent, queue: Key retailer line, priority: 1 }
`;

describe('hotline test: closed queues', () => {
  it.each(['Key retailer line', 'vip'])('closes the queue "%s" alone, for one call', async (ref) => {
    const report = await runScenarioFile('closed.yaml', file(ref), { baseDir: '.' });
    expect(report.scenarios.map((s) => s.failure)).toEqual([undefined, undefined]);
    const closedStep = report.scenarios[0]?.result?.path.find((p) => p.action === 'VIP line open?');
    expect(closedStep?.branch).toBe('Condition:Equals False');
  });

  it('names a reference that is neither hours nor a queue', async () => {
    await expect(runScenarioFile('closed.yaml', file('nowhere'), { baseDir: '.' })).rejects.toThrow(
      SetupError,
    );
    await expect(runScenarioFile('closed.yaml', file('nowhere'), { baseDir: '.' })).rejects.toThrow(
      /no hours of operation or queue "nowhere"/,
    );
  });
});
