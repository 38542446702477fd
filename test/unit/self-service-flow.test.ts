/**
 * The self-service building blocks (contact-flows/flows/self-service.ts), built into a small flow and run in the
 * offline interpreter with a stub transaction Lambda: entry, re-prompts, the agent on 0, read-back from the
 * Lambda's answer, confirm/change, failures.
 */
import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../../contact-flows/builder/index.js';
import { SELF_SERVICE_TEXT, selfService } from '../../contact-flows/flows/self-service.js';
import { idsFor } from '../../contact-flows/flows/text.js';
import { ContactCentreRuntime } from '../../contact-flows/runtime/index.js';

const I = 'arn:aws:connect:us-east-1:111122223333:instance/i';
const MAIN = `${I}/contact-flow/main`;
const QUEUE = `${I}/queue/agents`;
const LAMBDA = 'arn:aws:lambda:us-east-1:111122223333:function:check-code';
const AT = '2024-05-06T02:00:00Z';
const zh = SELF_SERVICE_TEXT['zh-CN'];

function buildFlow(retries = 2) {
  const f = new FlowBuilder({ name: 'self-service test', type: 'CONTACT_FLOW' });
  const id = idsFor('zh-CN', 'zh-CN');
  f.setQueue('Agent queue', { queueId: QUEUE }).next('Transfer').onError('Bye');
  f.transferToQueue('Transfer').onAtCapacity('Bye').onError('Bye');
  f.disconnect('Bye');
  const ss = selfService(f, { id, agent: 'Agent queue', text: zh, retries });
  const code = ss.entry('Code', { prompt: '请输入代码。', attribute: 'code', maxLength: 6, next: 'Check' });
  ss.transaction('Check', {
    functionArn: LAMBDA,
    timeoutSeconds: 3,
    parameters: { code: '$.Attributes.code' },
    status: 'status',
    keep: { item: 'item' },
    routes: { ok: 'Read back', unknown: code.invalid },
  });
  ss.confirm('Read back', { prompt: '$.External.readBack', onConfirm: 'Done', onChange: code.start });
  f.message('Done', { text: '已确认 $.Attributes.item。' }).always('Bye');
  f.start(code.start);
  return f.build();
}

function call(inputs: Array<string | null>, lambda: (code: string) => unknown = defaultLambda) {
  const rt = new ContactCentreRuntime({
    flows: new Map([[MAIN, { content: buildFlow() }]]),
    clock: AT,
    queues: [{ arn: QUEUE, name: 'Agents' }],
    lambdaTimeScale: 0.01,
    lambdas: {
      [LAMBDA]: async (event) => lambda(String(event.Details.Parameters?.code ?? '')),
    },
  });
  return rt.call({ entryFlowArn: MAIN, from: '+14155550100', at: AT, inputs });
}
const defaultLambda = (code: string) =>
  code === '123'
    ? { status: 'ok', item: 'A-123', readBack: '商品 A-123，单价 10 元。' }
    : { status: 'unknown', item: '', readBack: '' };

describe('self-service blocks', () => {
  it('entry, Lambda, read-back built from its answer, confirm', async () => {
    const r = await call(['123#', '1']);
    expect(r.prompts).toEqual([
      `请输入代码。${zh.entryAgent}`,
      `商品 A-123，单价 10 元。${zh.confirmKeys}`,
      '已确认 A-123。',
    ]);
    expect(r.attributes).toMatchObject({ code: '123', item: 'A-123' });
    expect(r.outcome.type).toBe('disconnected');
  });

  it('a refused entry is re-prompted; "2" starts again; the retries end at the agent', async () => {
    const r = await call(['999#', '123#', '2', '55#', '66#']);
    expect(r.prompts).toContain(zh.invalid);
    expect(r.prompts.at(-1)).toBe(zh.toAgent);
    expect(r.outcome.type).toBe('queue');
    expect(r.outcome.queue?.name).toBe('Agents');
  });

  it('no input (Timeout) is re-prompted, then the agent', async () => {
    const r = await call([null, null, null]);
    expect(r.prompts.filter((p) => p === zh.noInput)).toHaveLength(3);
    expect(r.outcome.queue?.name).toBe('Agents');
  });

  it('0# at an entry and 0 at the confirm menu go to the agent', async () => {
    expect((await call(['0#'])).outcome.queue?.name).toBe('Agents');
    const r = await call(['123#', '0']);
    expect(r.prompts.at(-1)).toBe(zh.toAgent);
    expect(r.outcome.queue?.name).toBe('Agents');
  });

  it('a failing Lambda apologises and transfers; it never drops the call', async () => {
    const r = await call(['123#'], () => {
      throw new Error('down');
    });
    expect(r.prompts.at(-1)).toBe(zh.failed);
    expect(r.outcome.queue?.name).toBe('Agents');
    const unrouted = await call(['123#'], () => ({ status: 'weird' }));
    expect(unrouted.prompts.at(-1)).toBe(zh.failed);
  });
});
