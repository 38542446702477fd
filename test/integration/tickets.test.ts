/**
 * Tickets on DynamoDB Local: idempotent creation, unique ids under concurrency, `openTickets` on the lookup
 * items, the lifecycle with history, return visits, and escalation with a settable clock.
 */
import { readFile } from 'node:fs/promises';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { crmKeys } from '../../functions/adapters/dynamodb/keys.js';
import { notificationsPath } from '../../functions/adapters/local/outbox.js';
import { TicketRuleError } from '../../functions/core/tickets.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import { escalateTickets } from '../../functions/use-cases/tickets/escalate-tickets.js';
import { updateTicket } from '../../functions/use-cases/tickets/manage-tickets.js';
import { type TicketTestBed, ticketTestBed } from '../support/tickets.js';

let bed: TicketTestBed;
const openTickets = async (e164: string) => {
  const out = await bed.tables.doc.send(
    new GetCommand({
      TableName: bed.tables.env.CRM_TABLE_NAME,
      Key: crmKeys.phone(e164),
      ConsistentRead: true,
    }),
  );
  return out.Item?.openTickets as number | undefined;
};

beforeAll(async () => {
  bed = await ticketTestBed('auto-dealer');
  await bed.tables.crm.saveCustomer(
    {
      customerId: 'AD-1',
      name: '张伟',
      phones: ['+8613800138001', '+8602188881234'],
      tier: 'gold',
      vip: false,
      language: 'zh-CN',
    },
    undefined,
    bed.clock.now,
  );
});

describe('creating tickets', () => {
  it('replaying a creation 3 times (Connect retries) makes one ticket, one counter increment, one SMS', async () => {
    const input = {
      category: 'complaint',
      source: 'ivr' as const,
      createdBy: 'ivr',
      contactId: 'contact-replay',
      phone: '13800138001',
    };
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await createTicket(bed.deps, input));
    expect(new Set(results.map((r) => r.ticket.ticketId)).size).toBe(1);
    expect(results.map((r) => r.created)).toEqual([true, false, false]);
    const id = results[0]?.ticket.ticketId ?? '';
    expect(id).toMatch(/^T20261123-\d{4}$/);
    const ticket = await bed.deps.tickets.get(id);
    expect(ticket).toMatchObject({
      category: 'complaint',
      department: 'customer-relations',
      priority: 'high',
      status: 'new',
      customerId: 'AD-1',
      contactId: 'contact-replay',
      countedPhones: ['+8613800138001', '+8602188881234'],
      dueAt: new Date('2026-11-23T18:00:00+08:00').toISOString(),
    });
    // Every number of the customer counts the open ticket (the lookup reads either).
    expect(await openTickets('+8613800138001')).toBe(1);
    expect(await openTickets('+8602188881234')).toBe(1);
    const sms = (await bed.outbox()).filter((l) => l.body.includes(id));
    expect(sms).toHaveLength(1);
    expect(sms[0]?.to).toBe('+8613800138001');
    expect(results.slice(1).map((r) => r.sms?.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('the same contact may open tickets of two categories', async () => {
    const a = await createTicket(bed.deps, {
      category: 'suggestion',
      source: 'ivr',
      createdBy: 'ivr',
      contactId: 'c-two',
    });
    const b = await createTicket(bed.deps, {
      category: 'praise',
      source: 'ivr',
      createdBy: 'ivr',
      contactId: 'c-two',
    });
    expect(a.ticket.ticketId).not.toBe(b.ticket.ticketId);
  });

  it('a low survey score after an IVR complaint in the same contact is a new ticket; its replays are not', async () => {
    const ivr = await createTicket(bed.deps, {
      category: 'complaint',
      source: 'ivr',
      createdBy: 'ivr',
      contactId: 'c-survey',
    });
    const survey = {
      category: 'complaint',
      source: 'survey',
      createdBy: 'survey',
      contactId: 'c-survey',
    } as const;
    const first = await createTicket(bed.deps, survey);
    const replay = await createTicket(bed.deps, survey);
    expect(first.ticket.ticketId).not.toBe(ivr.ticket.ticketId);
    expect(first.created).toBe(true);
    expect(replay).toMatchObject({ created: false, ticket: { ticketId: first.ticket.ticketId } });
  });

  it('50 concurrent creations get 50 distinct ids', async () => {
    const all = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createTicket(bed.deps, {
          category: 'suggestion',
          source: 'cli',
          createdBy: 'cli',
          contactId: `c-par-${i}`,
        }),
      ),
    );
    const ids = all.map((r) => r.ticket.ticketId);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(await bed.deps.tickets.get(id)).toBeDefined();
  });

  it('counts an unknown caller on their own number (creating its lookup item)', async () => {
    const r = await createTicket(bed.deps, {
      category: 'suggestion',
      source: 'ivr',
      createdBy: 'ivr',
      phone: '+8613600136000',
    });
    expect(r.ticket.customerId).toBeUndefined();
    expect(r.ticket.countedPhones).toEqual(['+8613600136000']);
    expect(await openTickets('+8613600136000')).toBe(1);
    expect((await bed.tables.crm.getPhone('+8613600136000'))?.openTickets).toBe(1);
  });

  it('refuses an unknown category', async () => {
    await expect(
      createTicket(bed.deps, { category: 'ghost', source: 'cli', createdBy: 'cli' }),
    ).rejects.toThrow(TicketRuleError);
  });

  it('a failing SMS does not fail the ticket', async () => {
    const broken = {
      ...bed.deps,
      sms: { ...bed.deps.sms, gateway: { send: async () => Promise.reject(new Error('SNS is down')) } },
    };
    const r = await createTicket(broken, {
      category: 'suggestion',
      source: 'cli',
      createdBy: 'cli',
      phone: '+8613900139000',
    });
    expect(r.created).toBe(true);
    expect(r.sms).toMatchObject({ status: 'failed', error: 'Error: SNS is down' });
    expect(await bed.deps.tickets.get(r.ticket.ticketId)).toBeDefined();
  });
});

describe('the lifecycle', () => {
  it('resolving releases the counter on every number, reopening takes it again, history keeps who and when', async () => {
    const { ticket } = await createTicket(bed.deps, {
      category: 'complaint',
      source: 'agent',
      createdBy: 'agent-hu',
      customerId: 'AD-1',
      confirmBySms: false,
    });
    const before = await openTickets('+8613800138001');
    await updateTicket(bed.deps, ticket.ticketId, {
      status: 'assigned',
      assignee: 'agent-hu',
      by: 'supervisor',
    });
    await updateTicket(bed.deps, ticket.ticketId, { status: 'in_progress', by: 'agent-hu' });
    const resolved = await updateTicket(bed.deps, ticket.ticketId, {
      status: 'resolved',
      by: 'agent-hu',
      note: 'refund',
    });
    expect(await openTickets('+8613800138001')).toBe((before ?? 0) - 1);
    expect(await openTickets('+8602188881234')).toBe((before ?? 0) - 1);
    expect(resolved.returnVisit?.status).toBe('pending');
    const visited = await updateTicket(bed.deps, ticket.ticketId, {
      returnVisit: 'satisfied',
      by: 'agent-hu',
    });
    expect(visited.returnVisit).toMatchObject({ status: 'done', result: 'satisfied' });
    await updateTicket(bed.deps, ticket.ticketId, { status: 'closed', by: 'agent-hu' });
    expect(await openTickets('+8613800138001')).toBe((before ?? 0) - 1);
    await updateTicket(bed.deps, ticket.ticketId, {
      status: 'in_progress',
      by: 'agent-hu',
      note: 'customer called back',
    });
    expect(await openTickets('+8613800138001')).toBe(before);
    const stored = await bed.deps.tickets.get(ticket.ticketId);
    expect(stored?.history.map((h) => `${h.by}:${h.action}:${h.to ?? ''}`)).toEqual([
      'agent-hu:created:new',
      'supervisor:status:assigned',
      'supervisor:assigned:agent-hu',
      'agent-hu:status:in_progress',
      'agent-hu:status:resolved',
      'agent-hu:return-visit:pending',
      'agent-hu:return-visit:satisfied',
      'agent-hu:status:closed',
      'agent-hu:status:in_progress',
    ]);
  });

  it('refuses an illegal transition and leaves the ticket unchanged', async () => {
    const { ticket } = await createTicket(bed.deps, {
      category: 'suggestion',
      source: 'cli',
      createdBy: 'cli',
    });
    await updateTicket(bed.deps, ticket.ticketId, { status: 'closed', by: 'x' });
    await expect(updateTicket(bed.deps, ticket.ticketId, { status: 'resolved', by: 'x' })).rejects.toThrow(
      /a closed ticket cannot become resolved/,
    );
    expect((await bed.deps.tickets.get(ticket.ticketId))?.status).toBe('closed');
  });

  it("lists a customer's tickets through the customer index", async () => {
    const mine = await bed.deps.tickets.listByCustomer('AD-1');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.every((t) => t.customerId === 'AD-1')).toBe(true);
  });
});

describe('escalation (settable clock)', () => {
  it('reminds the department, then the supervisor, once per level, and lists overdue tickets', async () => {
    const own = await ticketTestBed('auto-dealer', '2026-11-23T10:00:00+08:00');
    const { ticket } = await createTicket(own.deps, {
      category: 'complaint',
      source: 'cli',
      createdBy: 'cli',
    });
    // Due Monday 18:00, reminder at 16:00.
    const run = async (at: string) => {
      own.clock.now = new Date(at);
      return escalateTickets(own.deps);
    };
    expect((await run('2026-11-23T15:59:00+08:00')).escalated).toEqual([]);
    expect((await run('2026-11-23T16:05:00+08:00')).escalated).toEqual([
      { ticketId: ticket.ticketId, level: 1 },
    ]);
    expect((await run('2026-11-23T16:10:00+08:00')).escalated).toEqual([]);
    expect(await own.deps.tickets.listDue(new Date('2026-11-23T17:00:00+08:00'))).toEqual([]);
    expect(
      (await own.deps.tickets.listDue(new Date('2026-11-23T18:01:00+08:00'))).map((t) => t.ticketId),
    ).toEqual([ticket.ticketId]);
    // Two overlapping runs past the deadline: exactly one records level 2.
    own.clock.now = new Date('2026-11-23T18:05:00+08:00');
    const [a, b] = await Promise.all([escalateTickets(own.deps), escalateTickets(own.deps)]);
    expect([...(a?.escalated ?? []), ...(b?.escalated ?? [])]).toEqual([
      { ticketId: ticket.ticketId, level: 2 },
    ]);
    expect((await run('2026-11-24T10:00:00+08:00')).checked).toBe(0);
    const stored = await own.deps.tickets.get(ticket.ticketId);
    expect(stored?.escalationLevel).toBe(2);
    expect(stored?.history.filter((h) => h.action === 'escalated').map((h) => h.to)).toEqual(['1', '2']);
    const notices = (await readFile(notificationsPath(own.home), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { topic: string; subject: string });
    expect(notices.map((n) => n.topic)).toEqual(['reminder', 'supervisor']);
    // Resolved tickets leave the due index.
    await updateTicket(own.deps, ticket.ticketId, { status: 'resolved', by: 'x' });
    expect(await own.deps.tickets.listDue(new Date('2026-12-01T00:00:00Z'))).toEqual([]);
  });
});
