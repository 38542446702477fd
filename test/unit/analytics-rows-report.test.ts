import { describe, expect, it } from 'vitest';
import { NAMED_QUERIES } from '../../functions/core/analytics/queries.js';
import { REPORT_CHARTS, renderReport } from '../../functions/core/analytics/report.js';
import {
  complaintCategories,
  contactRowOf,
  surveyRowOf,
  ticketRowOf,
} from '../../functions/core/analytics/rows.js';
import { toCallRecord } from '../../functions/core/call-record.js';
import { ContactRowSchema, TicketRowSchema } from '../../schemas/analytics.js';
import type { CallRecordItem } from '../../schemas/call-record.js';
import type { Ticket } from '../../schemas/ticket.js';
import { sampleCtr } from '../support/call-records.js';

function item(overrides: Parameters<typeof sampleCtr>[0] = {}): CallRecordItem {
  const ctr = sampleCtr(overrides);
  return {
    ...toCallRecord(ctr, 'US'),
    pk: 'CONTACT#x',
    sk: 'RECORD',
    entity: 'call',
    gsi1pk: 'CALLER#x',
    gsi1sk: 'x',
    ctr: ctr as Record<string, unknown>,
    ingestedAt: '2026-11-23T00:00:00Z',
  };
}

describe('contact rows from call records', () => {
  it('take queue and agent timings from the CTR (published sample)', () => {
    const row = ContactRowSchema.parse(contactRowOf(item()));
    expect(row).toMatchObject({
      initiated_at: '2022-04-08T14:59:38.000Z',
      enqueued_at: '2022-04-08T15:00:42.000Z',
      agent_connected_at: '2022-04-08T15:00:49.000Z',
      queue: 'BasicQueue',
      queue_seconds: 7,
      talk_seconds: 33,
      hold_seconds: 0,
      acw_seconds: 32,
      handle_seconds: 65,
      queued: true,
      answered: true,
      abandoned: false,
      vip: false,
      caller_number: '+17205550100',
    });
  });

  it('abandoned: queued, no agent; wait until the caller hung up when Queue.Duration is missing', () => {
    const row = contactRowOf(
      item({
        Agent: null,
        Queue: { Name: 'Sales', EnqueueTimestamp: '2022-04-08T15:00:42Z', Duration: null },
        DisconnectTimestamp: '2022-04-08T15:01:22Z',
        Attributes: { vip: 'true' },
      }),
    );
    expect(row).toMatchObject({
      queued: true,
      answered: false,
      abandoned: true,
      queue_seconds: 40,
      vip: true,
    });
    expect(row.handle_seconds).toBeNull();
  });

  it('not queued: neither answered nor abandoned', () => {
    const row = contactRowOf(item({ Agent: null, Queue: null }));
    expect(row).toMatchObject({ queued: false, answered: false, abandoned: false, queue_seconds: null });
  });
});

describe('ticket and survey rows', () => {
  const ticket = {
    ticketId: 'T20261123-0001',
    category: 'delivery-complaint',
    department: 'delivery',
    priority: 'high',
    status: 'closed',
    source: 'ivr',
    countedPhones: [],
    language: 'zh-CN',
    createdAt: '2026-11-23T02:00:00Z',
    updatedAt: '2026-11-23T02:00:00Z',
    dueAt: '2026-11-24T02:00:00Z',
    remindAt: '2026-11-24T00:00:00Z',
    escalationLevel: 1,
    closedAt: '2026-11-23T05:00:00Z',
    history: [],
    version: 3,
  } satisfies Ticket;

  it('complaints: return-visit categories of the profile, or keys naming a complaint', () => {
    const isComplaint = complaintCategories([
      { key: 'claim', returnVisit: true },
      { key: 'praise', returnVisit: false },
    ]);
    expect(isComplaint('claim')).toBe(true);
    expect(isComplaint('praise')).toBe(false);
    expect(complaintCategories(undefined)('delivery-complaint')).toBe(true);
  });

  it('a closed ticket without a resolution time counts as resolved when closed', () => {
    const row = TicketRowSchema.parse(
      ticketRowOf(ticket, new Date('2026-12-01T00:00:00Z'), complaintCategories(undefined)),
    );
    expect(row).toMatchObject({
      complaint: true,
      resolved_at: '2026-11-23T05:00:00.000Z',
      escalation_level: 1,
      exported_at: '2026-12-01T00:00:00.000Z',
    });
  });

  it('survey rows keep nulls for missing answers', () => {
    expect(surveyRowOf({ contactId: 'c', score: 4, at: '2026-11-23T10:00:00+08:00' })).toEqual({
      contact_id: 'c',
      score: 4,
      answer2: null,
      agent_id: null,
      queue: null,
      customer_id: null,
      answered_at: '2026-11-23T02:00:00.000Z',
    });
  });
});

describe('report page', () => {
  const html = renderReport({
    title: 'T <script>',
    generatedAt: new Date('2026-12-01T00:00:00Z'),
    counts: { contacts: 1 },
    results: NAMED_QUERIES.map((query) => ({
      query,
      rows:
        query.key === 'hourly_volume'
          ? [{ hour_of_day: 9, contacts: 5 }]
          : query.key === 'complaints_by_category_and_department'
            ? [{ category: '<b>x</b>', department: 'd', complaints: 2, still_open: 0 }]
            : [],
      millis: 1,
    })),
  });

  it('has the five charts, a section per query, and no external resource', () => {
    for (const c of REPORT_CHARTS) expect(html).toContain(`data-chart="${c.id}"`);
    expect(html.match(/<svg class="chart"/g)).toHaveLength(5);
    for (const q of NAMED_QUERIES) expect(html).toContain(`data-query="${q.key}"`);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
  });

  it('escapes data', () => {
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('<title>T &lt;script&gt;</title>');
  });

  it('draws 24 hourly bars, the hour with calls taller than the rest', () => {
    const svg = html.slice(html.indexOf('data-chart="volume-by-hour"'), html.indexOf('</svg>'));
    const heights = [...svg.matchAll(/<rect class="bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(24);
    expect(heights.indexOf(Math.max(...heights))).toBe(9);
  });
});
