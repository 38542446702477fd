/**
 * Leads on DynamoDB Local (issue 12, outsourcer): the in-call capture (source, interest, consent, the caller found
 * by number; idempotent per ContactId; always answers), the lifecycle with history, and the dialling list the
 * campaigns take (new, consenting, with a number, oldest first).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaptureLeadHandler } from '../../functions/capture-lead/handler.js';
import { type LeadRuntimeDeps, leadDepsFromEnv } from '../../functions/shared/lead-deps.js';
import { captureLead, changeLead, leadsToCall, listLeads } from '../../functions/use-cases/leads/leads.js';
import { LeadResponseSchema } from '../../schemas/leads.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';
import { connectEvent } from '../support/events.js';
import { lambdaContext } from '../support/lambda-context.js';

let tables: TestTables;
let deps: LeadRuntimeDeps;
const clock = { now: new Date('2026-11-23T10:00:00+08:00') };

beforeAll(async () => {
  tables = await createTestTables();
  const built = leadDepsFromEnv(
    { ...tables.env, DYNAMODB_ENDPOINT: tables.endpoint, HOTLINE_PROFILE: 'outsourced-crm' },
    { now: () => clock.now, requestTimeoutMs: 5000 },
  );
  if ('configError' in built) throw new Error(built.configError);
  deps = built;
  await tables.crm.saveCustomer(
    {
      customerId: 'OC-LEAD',
      name: '韩梅',
      phones: ['+8613900007777'],
      tier: 'silver',
      vip: false,
      language: 'zh-CN',
    },
    undefined,
    new Date(),
  );
}, 60_000);

const handler = () =>
  createCaptureLeadHandler({
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    leads: deps,
    // DynamoDB Local on a busy machine is slower than the real thing.
    budgetMs: 7000,
  });

describe('capture from the IVR', () => {
  it('records source, interest, consent and the caller (found by number); a retry records nothing more', async () => {
    const e = connectEvent('+8613900007777', 'lead-contact-1');
    e.Details.Parameters = {
      action: 'capture',
      interest: 'mobile',
      consent: 'yes',
      dialledNumber: '+864008001234',
    };
    const first = LeadResponseSchema.parse(await handler()(e, lambdaContext()));
    const again = LeadResponseSchema.parse(await handler()(e, lambdaContext()));
    expect(first).toMatchObject({ leadStatus: 'ok', leadId: expect.stringMatching(/^L20261123-\d{4}$/) });
    expect(again.leadId).toBe(first.leadId);
    expect(first.prompt).toContain('手机套餐');
    expect(await deps.leads.get(first.leadId)).toMatchObject({
      status: 'new',
      source: 'ivr',
      sourceDetail: '+864008001234',
      client: 'xinghe',
      interest: 'mobile',
      consent: true,
      customerId: 'OC-LEAD',
      name: '韩梅',
      phone: '+8613900007777',
      contactId: 'lead-contact-1',
    });
  });

  it('answers degraded (never throws) for an interest that is not a product line', async () => {
    const e = connectEvent('+8613900008888', 'lead-contact-2');
    e.Details.Parameters = { action: 'capture', interest: 'yachts', consent: 'yes' };
    expect(LeadResponseSchema.parse(await handler()(e, lambdaContext())).leadStatus).toBe('degraded');
  });
});

describe('lifecycle and the dialling list', () => {
  it('new → contacted → qualified → won, with history; closed leads and wrong moves are refused', async () => {
    const { lead } = await captureLead(deps, {
      interest: 'broadband',
      consent: true,
      source: 'web',
      phone: '13900009999',
      language: 'zh-CN',
      by: 'web-form',
    });
    expect(lead.phone).toBe('+8613900009999');
    await expect(changeLead(deps, { leadId: lead.leadId, to: 'won', by: 'a' })).rejects.toThrow(
      /new; it cannot become won/,
    );
    for (const to of ['contacted', 'qualified', 'won'] as const)
      await changeLead(deps, { leadId: lead.leadId, by: 'agent-zheng', ...(to === 'won' ? {} : { to }) });
    const won = await deps.leads.get(lead.leadId);
    expect(won?.history.map((h) => [h.from ?? null, h.to, h.by])).toEqual([
      [null, 'new', 'web-form'],
      ['new', 'contacted', 'agent-zheng'],
      ['contacted', 'qualified', 'agent-zheng'],
      ['qualified', 'won', 'agent-zheng'],
    ]);
    await expect(changeLead(deps, { leadId: lead.leadId, by: 'a' })).rejects.toThrow(/closed/);
    await expect(changeLead(deps, { leadId: 'L20991231-0001', by: 'a' })).rejects.toThrow(/no lead/);
    expect((await listLeads(deps, { status: 'won' })).map((l) => l.leadId)).toContain(lead.leadId);
    expect((await listLeads(deps, { source: 'web' })).map((l) => l.leadId)).toEqual([lead.leadId]);
  });

  it('dials only new leads that agreed to a call back and left a number, oldest first', async () => {
    const make = async (minute: number, consent: boolean, phone?: string) => {
      clock.now = new Date(`2026-11-24T10:${String(minute).padStart(2, '0')}:00+08:00`);
      return (
        await captureLead(deps, {
          interest: 'smart-home',
          consent,
          source: 'campaign',
          language: 'zh-CN',
          by: 't',
          ...(phone ? { phone } : {}),
        })
      ).lead;
    };
    const a = await make(1, true, '+8613900001001');
    await make(2, false, '+8613900001002');
    await make(3, true);
    const d = await make(4, true, '+8613900001004');
    const e = await make(5, true, '+8613900001005');
    await changeLead(deps, { leadId: d.leadId, to: 'contacted', by: 'dialler' });
    const list = await leadsToCall(deps, { interest: 'smart-home' });
    expect(list.map((l) => l.leadId)).toEqual([a.leadId, e.leadId]);
    expect((await leadsToCall(deps, { interest: 'smart-home', limit: 1 })).map((l) => l.leadId)).toEqual([
      a.leadId,
    ]);
  });
});
