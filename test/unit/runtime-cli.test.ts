import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerCallCommand, runCallCommand } from '../../bin/commands/call.js';
import { UsageError } from '../../bin/options.js';
import { CallResultSchema } from '../../schemas/contact-record.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/flows/console/${name}`, import.meta.url));
const MAIN = fixture('acme-main-ivr.json');
const QUEUE_FLOW = fixture('Acme Queue.json');
const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/4f7c2c1e-8c51-4c8e-9a57-0c6f3b7d2e11';
const LOOKUP = 'arn:aws:lambda:us-east-1:123456789012:function:acme-customer-lookup';
const SUPPORT = `${INSTANCE}/queue/6a1e2d3c-4b5a-4f6e-9d8c-7b6a5f4e3d2c`;
const QFLOW = `${INSTANCE}/contact-flow/d2c1b0a9-8f7e-4d6c-b5a4-3f2e1d0c9b8a`;
const MENU = 'Welcome to Acme Jane. For sales, press 1. For support, press 2.';

afterEach(() => vi.restoreAllMocks());

describe('hotline call (console exports)', () => {
  it('runs the exported flow with a stubbed Lambda, creating its queue and hours on the fly', async () => {
    const { result, output } = await runCallCommand({
      flow: [MAIN, QUEUE_FLOW],
      from: '+14155550100',
      to: '+18005550199',
      keys: 'T,2',
      at: '2025-03-03T10:00:00Z',
      lambdaStub: ['acme-customer-lookup={"name":"Jane","tier":"gold"}'],
      json: true,
    });
    expect(CallResultSchema.safeParse(result).success).toBe(true);
    expect(JSON.parse(output)).toEqual(JSON.parse(JSON.stringify(result)));
    expect(result.prompts).toEqual([MENU, MENU]);
    expect(result.inputs).toEqual([null, '2']);
    expect(result.lambdas).toEqual([
      expect.objectContaining({
        name: 'acme-customer-lookup',
        arn: LOOKUP,
        response: { name: 'Jane', tier: 'gold' },
      }),
    ]);
    expect(result.attributes).toEqual({ customerName: 'Jane', tier: 'gold' });
    expect(result.outcome).toEqual({
      type: 'agent',
      queue: { name: 'Support', arn: SUPPORT },
      priority: 5,
      agent: { id: 'stub-agent-6a1e2d3c-4b5a-4f6e-9d8c-7b6a5f4e3d2c', name: 'stub-agent-6a1e2d3c' },
    });
    expect(result.notes).toEqual([
      `created hours "Acme office hours" ${INSTANCE}/operating-hours/9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a5f on the fly (open 24/7)`,
      `created queue "Support" ${SUPPORT} on the fly (open 24/7, one available stub agent)`,
    ]);
    // The second file was keyed by the flow name the console recorded next to the hook: the hook is set.
    expect(result.path.find((s) => s.type === 'UpdateContactEventHooks')?.branch).toBe('NextAction');
    expect(result.path.map((s) => s.branch)).toEqual([
      'NextAction',
      'NextAction',
      'NextAction',
      'NextAction',
      'Condition:Equals True',
      'Error:InputTimeLimitExceeded',
      'Condition:Equals ContinueLooping',
      'Condition:Equals 2',
      'NextAction',
      'NextAction',
      'Transfer',
    ]);
    expect(result.ctr.InstanceARN).toBe(INSTANCE);
  });

  it('a Lambda without a stub takes its error branch and says so; the menu gives up after three tries', async () => {
    const { result, output } = await runCallCommand({
      flow: [MAIN],
      from: '+14155550100',
      keys: '3,T,T',
      at: '2025-03-03T10:00:00Z',
    });
    expect(result.lambdas).toEqual([
      expect.objectContaining({ arn: LOOKUP, error: `no stub for ${LOOKUP}` }),
    ]);
    const menu = 'Welcome to Acme . For sales, press 1. For support, press 2.';
    expect(result.prompts).toEqual([menu, menu, menu, 'Sorry, we could not connect your call. Goodbye.']);
    expect(result.outcome.type).toBe('disconnected');
    expect(output).toContain(`lambda   acme-customer-lookup: error: no stub for ${LOOKUP}`);
    expect(output).toContain('caller   keys 3');
    expect(output).toContain('caller   no input (timeout)');
    expect(output).toMatch(
      /Outcome: DISCONNECTED \(disconnected by flow Acme Main IVR \(DisconnectParticipant "6f7a8b9c-[0-9a-f-]+"\)\)/,
    );
  });

  it('keys flows given as ARN=FILE, and stubs by full ARN', async () => {
    const { result } = await runCallCommand({
      flow: [`${INSTANCE}/contact-flow/main=${MAIN}`, `${QFLOW}=${QUEUE_FLOW}`],
      from: '+14155550100',
      keys: '1',
      at: '2025-03-03T10:00:00Z',
      lambdaStub: [`${LOOKUP}={"name":"Bo"}`],
    });
    expect(result.entryFlow).toBe(`${INSTANCE}/contact-flow/main`);
    expect(result.attributes).toEqual({ customerName: 'Bo', tier: '' });
    expect(result.outcome).toMatchObject({ type: 'agent', queue: { name: 'Sales' } });
  });

  it('rejects what it cannot use with usage errors', async () => {
    const base = { from: '+14155550100', at: '2025-03-03T10:00:00Z' };
    await expect(
      runCallCommand({ ...base, flow: [MAIN, fixture('../reference-queue.json')] }),
    ).rejects.toThrow(/cannot tell which flow ARN .*reference-queue\.json is/);
    await expect(runCallCommand({ ...base, flow: [MAIN], keys: '1,x' })).rejects.toThrow(UsageError);
    await expect(runCallCommand({ ...base, flow: [MAIN], lambdaStub: ['lookup={bad'] })).rejects.toThrow(
      /not JSON/,
    );
    await expect(runCallCommand({ ...base, flow: [fixture('missing.json')] })).rejects.toThrow(
      /cannot read --flow/,
    );
  });

  it('is wired with commander and prints a transcript', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const program = new Command('hotline').exitOverride();
    registerCallCommand(program);
    await program.parseAsync(
      [
        'call',
        '--flow',
        MAIN,
        '--flow',
        QUEUE_FLOW,
        '--from',
        '+14155550100',
        '--keys',
        '1',
        '--at',
        '2025-03-03T10:00:00Z',
        '--lambda-stub',
        'acme-customer-lookup={"name":"Jane"}',
      ],
      { from: 'user' },
    );
    const printed = String(log.mock.calls[0]?.[0]);
    expect(printed).toContain('says     "Welcome to Acme Jane. For sales, press 1. For support, press 2."');
    expect(printed).toContain('Outcome: AGENT, agent stub-agent-0b6d3c9a, queue Sales, priority 5');
  });
});
