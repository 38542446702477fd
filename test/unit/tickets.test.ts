import { describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import {
  categoryOf,
  changeStatus,
  deadlinesFor,
  escalationLevelAt,
  formatTicketId,
  recordReturnVisit,
  spokenTicketId,
  TicketRuleError,
} from '../../functions/core/tickets.js';
import { PROFILE_IDS } from '../../schemas/profile.js';
import { TICKET_STATUSES, type Ticket, TicketingSchema } from '../../schemas/ticket.js';

const { tickets: ticketing } = ticketingOf('auto-dealer');
const NOW = new Date('2026-11-23T10:00:00+08:00');

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    ticketId: 'T20261123-0001',
    category: 'complaint',
    department: 'customer-relations',
    priority: 'high',
    status: 'new',
    source: 'cli',
    countedPhones: ['+8613800138000'],
    language: 'zh-CN',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    dueAt: '2026-11-24T10:00:00.000Z',
    remindAt: '2026-11-24T08:00:00.000Z',
    escalationLevel: 0,
    history: [],
    version: 1,
    ...over,
  };
}

describe('ticket ids', () => {
  it('are T<local day>-<4-digit sequence>', () => {
    expect(formatTicketId(NOW, 42, 'Asia/Shanghai')).toBe('T20261123-0042');
    expect(formatTicketId(new Date('2026-11-22T17:00:00Z'), 12345, 'Asia/Shanghai')).toBe('T20261123-12345');
  });
  it('are spoken digit by digit', () => {
    expect(spokenTicketId('T20261123-0042')).toBe('T, 2 0 2 6 1 1 2 3, 0 0 4 2');
  });
});

describe('categories and deadlines', () => {
  it('refuses an unknown category, naming the known ones', () => {
    expect(() => categoryOf(ticketing, 'nope')).toThrow(/unknown ticket category "nope".*complaint/);
  });
  it('a high complaint on Monday 10:00 is due at 18:00 (8 business hours), reminded 2 h before', () => {
    const { dueAt, remindAt } = deadlinesFor(ticketing, categoryOf(ticketing, 'complaint'), 'high', NOW);
    expect(dueAt.toISOString()).toBe(new Date('2026-11-23T18:00:00+08:00').toISOString());
    expect(remindAt.toISOString()).toBe(new Date('2026-11-23T16:00:00+08:00').toISOString());
  });
  it("a category's own SLA wins over the profile default (insurance claim: 4 h instead of 8 h)", () => {
    const { dueAt } = deadlinesFor(ticketing, categoryOf(ticketing, 'claim'), 'high', NOW);
    expect(dueAt.toISOString()).toBe(new Date('2026-11-23T14:00:00+08:00').toISOString());
    const suggestion = deadlinesFor(ticketing, categoryOf(ticketing, 'suggestion'), 'normal', NOW);
    expect(suggestion.dueAt.toISOString()).toBe(new Date('2026-11-25T16:00:00+08:00').toISOString());
  });
  it.each(PROFILE_IDS)('%s: the ticket submenu hangs off a main-menu key', (id) => {
    const t = ticketingOf(id).tickets;
    expect(getProfile(id).menu.map((o) => o.key)).toContain(t.ivr.menuKey);
  });
  it('refuses an IVR option for an unknown category, and a category of an unknown department', () => {
    const raw = structuredClone(ticketing);
    raw.ivr.options.push({ key: '9', category: 'ghost' });
    raw.categories.push({ ...categoryOf(ticketing, 'complaint'), key: 'orphan', department: 'nobody' });
    const issues = TicketingSchema.safeParse(raw).error?.issues.map((i) => i.message) ?? [];
    expect(issues).toEqual(
      expect.arrayContaining(['unknown category "ghost"', 'unknown department "nobody"']),
    );
  });
});

describe('status lifecycle', () => {
  const complaint = categoryOf(ticketing, 'complaint');
  const step = (t: Ticket, to: Ticket['status'], assignee?: string) =>
    changeStatus(t, { to, by: 'agent-hu', at: NOW, ...(assignee ? { assignee } : {}) }, complaint);

  it('new → assigned → in progress → resolved → closed, each change in the history', () => {
    let t = ticket();
    t = step(t, 'assigned', 'agent-hu');
    t = step(t, 'in_progress');
    t = step(t, 'resolved');
    t = step(t, 'closed');
    expect(t.status).toBe('closed');
    expect(t.version).toBe(5);
    expect(t.history.filter((h) => h.action === 'status').map((h) => `${h.from}>${h.to}`)).toEqual([
      'new>assigned',
      'assigned>in_progress',
      'in_progress>resolved',
      'resolved>closed',
    ]);
    expect(t.history.every((h) => h.by === 'agent-hu' && h.at === NOW.toISOString())).toBe(true);
    expect(t.closedAt).toBe(NOW.toISOString());
  });

  it('reopens a closed ticket to in progress', () => {
    const t = step(ticket({ status: 'closed', closedAt: NOW.toISOString() }), 'in_progress');
    expect(t.status).toBe('in_progress');
    expect(t.closedAt).toBeUndefined();
  });

  const illegal: [Ticket['status'], Ticket['status']][] = [
    ['new', 'new'],
    ['closed', 'resolved'],
    ['closed', 'new'],
    ['resolved', 'assigned'],
    ['in_progress', 'new'],
  ];
  it.each(illegal)('refuses %s → %s', (from, to) => {
    expect(() => step(ticket({ status: from }), to, 'a')).toThrow(TicketRuleError);
  });

  it('every status has a rule (no status is a dead end except by design)', () => {
    for (const s of TICKET_STATUSES)
      expect(() => step(ticket({ status: s }), 'in_progress')).not.toThrow(/undefined/);
  });

  it('refuses to assign without an assignee', () => {
    expect(() => step(ticket(), 'assigned')).toThrow(/assignee/);
  });

  it('resolving a complaint opens a return visit; its result is recorded once', () => {
    const resolved = step(ticket({ status: 'in_progress' }), 'resolved');
    expect(resolved.returnVisit).toEqual({ status: 'pending', openedAt: NOW.toISOString() });
    const done = recordReturnVisit(resolved, 'satisfied', 'agent-hu', NOW, 'happy now');
    expect(done.returnVisit).toMatchObject({ status: 'done', result: 'satisfied', note: 'happy now' });
    expect(() => recordReturnVisit(done, 'satisfied', 'agent-hu', NOW)).toThrow(/already done/);
  });

  it('resolving a suggestion opens no return visit', () => {
    const t = changeStatus(
      ticket({ status: 'in_progress' }),
      { to: 'resolved', by: 'x', at: NOW },
      categoryOf(ticketing, 'suggestion'),
    );
    expect(t.returnVisit).toBeUndefined();
  });
});

describe('escalation levels', () => {
  const t = ticket();
  const remind = new Date(t.remindAt);
  it('0 before the reminder, 1 after it, 2 past the deadline; 0 once resolved', () => {
    expect(escalationLevelAt(t, remind, new Date('2026-11-24T07:59:59Z'))).toBe(0);
    expect(escalationLevelAt(t, remind, new Date('2026-11-24T08:00:00Z'))).toBe(1);
    expect(escalationLevelAt(t, remind, new Date('2026-11-24T10:00:00Z'))).toBe(2);
    expect(escalationLevelAt({ ...t, status: 'resolved' }, remind, new Date('2026-11-25T10:00:00Z'))).toBe(0);
  });
});
