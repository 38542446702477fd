/**
 * Sharded index partitions (issue 17): the `due` and `escalation` indexes spread open tickets over INDEX_SHARDS
 * partitions by ticket id; the lists read from them must be exactly what one partition gave: every open ticket due
 * before a time, in deadline order, limits honoured, closed tickets gone — and items written before sharding (the
 * unsharded `OPEN`/`ESC` partitions) still found.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { INDEX_SHARDS, ticketKeys } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { hash32, mergeSorted, shardOf } from '../../functions/core/sharding.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import { updateTicket } from '../../functions/use-cases/tickets/manage-tickets.js';
import { TICKETS_TABLE } from '../../schemas/tables.js';
import type { Ticket } from '../../schemas/ticket.js';
import { ticketTestBed } from '../support/tickets.js';

describe('sharding helpers', () => {
  it('hash32 is stable and spreads ticket ids over every shard', () => {
    expect(hash32('T20261123-0001')).toBe(hash32('T20261123-0001'));
    const used = new Set(
      Array.from({ length: 200 }, (_, i) => shardOf(`T20261123-${String(i).padStart(4, '0')}`, 10)),
    );
    expect(used.size).toBe(10);
  });

  it('mergeSorted gives the first N of the union, in order', () => {
    expect(mergeSorted([['a', 'd'], ['b', 'c', 'e'], []], (x) => x, 4)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('sharded due and escalation indexes', () => {
  it('list the same tickets, in deadline order, as one partition did', { timeout: 120_000 }, async () => {
    const bed = await ticketTestBed();
    const table = bed.tables.env[TICKETS_TABLE.envVar] as string;
    const created: Ticket[] = [];
    const categories = ['complaint', 'suggestion', 'claim', 'consultation'];
    for (let i = 0; i < 30; i++) {
      bed.clock.now = new Date(Date.parse('2026-11-23T02:00:00Z') + i * 17 * 60_000);
      const out = await createTicket(bed.deps, {
        category: categories[i % categories.length] as string,
        source: 'agent',
        createdBy: 'agent-a',
        confirmBySms: false,
      });
      created.push(out.ticket);
    }
    // The items really are spread over several shards.
    const shards = new Set<string>();
    for (const t of created) {
      const item = await bed.tables.doc.send(
        new GetCommand({ TableName: table, Key: ticketKeys.ticket(t.ticketId) }),
      );
      shards.add(String(item.Item?.duepk));
    }
    expect(shards.size).toBeGreaterThan(3);
    expect([...shards].every((s) => /^OPEN#\d$/.test(s))).toBe(true);

    // One ticket as an older item wrote it: in the unsharded partitions.
    const legacy = created[0] as Ticket;
    await bed.tables.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: ticketKeys.ticket(legacy.ticketId),
        UpdateExpression: 'SET duepk = :o, escpk = :e',
        ExpressionAttributeValues: { ':o': 'OPEN', ':e': 'ESC' },
      }),
    );
    // Resolve a few: they leave the indexes.
    bed.clock.now = new Date('2026-11-24T02:00:00Z');
    for (const t of created.slice(5, 9))
      await updateTicket(bed.deps, t.ticketId, { status: 'resolved', by: 'agent-a' });
    const open = created.filter((t) => !created.slice(5, 9).includes(t));
    const byDue = (a: Ticket, b: Ticket) =>
      `${a.dueAt}#${a.ticketId}` < `${b.dueAt}#${b.ticketId}` ? -1 : 1;

    const far = new Date('2027-01-01T00:00:00Z');
    expect((await bed.deps.tickets.listDue(far, 100)).map((t) => t.ticketId)).toEqual(
      [...open].sort(byDue).map((t) => t.ticketId),
    );
    // A limit smaller than the list: the first N by deadline, whichever shards they sit in.
    expect((await bed.deps.tickets.listDue(far, 7)).map((t) => t.ticketId)).toEqual(
      [...open]
        .sort(byDue)
        .slice(0, 7)
        .map((t) => t.ticketId),
    );
    // A cut-off time: only the tickets due before it.
    const cut = new Date(open.map((t) => Date.parse(t.dueAt)).sort((a, b) => a - b)[10] as number);
    expect((await bed.deps.tickets.listDue(cut, 100)).map((t) => t.ticketId)).toEqual(
      [...open]
        .filter((t) => Date.parse(t.dueAt) <= cut.getTime())
        .sort(byDue)
        .map((t) => t.ticketId),
    );
    // Escalations: every open ticket has its reminder pending, each once.
    const esc = await bed.deps.tickets.listEscalationsDue(far, 100);
    expect(esc.map((t) => t.ticketId).sort()).toEqual(open.map((t) => t.ticketId).sort());
    expect(INDEX_SHARDS).toBeGreaterThanOrEqual(10);
  });
});
