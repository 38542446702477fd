/**
 * No write that breaks a read: every DynamoDB repository validates an item with the schema that reads
 * it, before writing it. For each repository: the largest valid item is written and read back intact,
 * and an item one step over a limit is refused with a line naming the field and the limit, leaving
 * what was stored readable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { InvalidItemError } from '../../functions/adapters/dynamodb/checked-item.js';
import { DynamoSmsStore } from '../../functions/adapters/dynamodb/sms-store.js';
import { InMemoryCrmRepository } from '../../functions/adapters/memory/crm-repository.js';
import { createTicket } from '../../functions/use-cases/tickets/create-ticket.js';
import type { SurveyItem, TranscriptItem } from '../../schemas/call-record.js';
import type { Customer } from '../../schemas/crm.js';
import type { Ticket } from '../../schemas/ticket.js';
import { type TicketTestBed, ticketTestBed } from '../support/tickets.js';

let bed: TicketTestBed;
const at = '2026-11-23T02:00:00.000Z';
const now = new Date(at);

beforeAll(async () => {
  bed = await ticketTestBed('auto-dealer');
});

const largestCustomer = (id: string): Customer => ({
  customerId: id.padEnd(64, 'X'),
  name: '名'.repeat(100),
  phones: Array.from({ length: 10 }, (_, i) => `+861390000${String(i).padStart(4, '0')}`),
  tier: 'platinum',
  vip: true,
  branch: 'b'.repeat(64),
  language: 'en-US',
  cardNumber: 'C'.repeat(32),
  dedicatedAgentId: 'a'.repeat(64),
});

describe('the write guard of every repository', () => {
  it('CRM: the largest valid customer and block are written and read back; one over is refused', async () => {
    for (const crm of [bed.tables.crm, new InMemoryCrmRepository()]) {
      const customer = largestCustomer('BIG1');
      expect(await crm.saveCustomer(customer, undefined, now)).toBe('created');
      expect(await crm.getCustomer(customer.customerId)).toMatchObject(customer);
      const phone = await crm.getPhone('+8613900000009');
      expect(phone?.name).toBe(customer.name);

      const block = { reason: 'spam' as const, blockedBy: 'o'.repeat(64), blockedAt: at };
      await crm.setBlock('+8613900000009', block);
      expect((await crm.getPhone('+8613900000009'))?.block).toEqual(block);

      const tooLong = { ...largestCustomer('BIG2'), name: '名'.repeat(101) };
      await expect(crm.saveCustomer(tooLong, undefined, now)).rejects.toThrow(
        /customer BIG2X+ not saved: name: at most 100 characters \(got 101\)/,
      );
      expect(await crm.getCustomer(tooLong.customerId)).toBeUndefined();
      await expect(crm.setBlock('+8613900000009', { ...block, blockedBy: 'o'.repeat(65) })).rejects.toThrow(
        'the block of +8613900000009 not saved: blockedBy: at most 64 characters (got 65)',
      );
      expect((await crm.getPhone('+8613900000009'))?.block).toEqual(block);
    }
  });

  it('Tickets: the largest valid ticket is written, read, listed and escalated; a note over 1000 is refused', async () => {
    const { ticket } = await createTicket(bed.deps, {
      category: 'complaint',
      source: 'agent',
      createdBy: 'b'.repeat(64),
      description: '述'.repeat(2000),
      confirmBySms: false,
    });
    const largest: Ticket = {
      ...ticket,
      assignee: 'a'.repeat(64),
      contactId: 'c'.repeat(128),
      version: ticket.version + 1,
      history: [...ticket.history, { at, by: 'b'.repeat(64), action: 'note', note: '注'.repeat(1000) }],
    };
    await bed.deps.tickets.update(ticket, largest);
    expect(await bed.deps.tickets.get(ticket.ticketId)).toEqual(largest);
    expect((await bed.deps.tickets.listRecent(50)).map((t) => t.ticketId)).toContain(ticket.ticketId);

    const over: Ticket = {
      ...largest,
      version: largest.version + 1,
      history: [...largest.history, { at, by: 'x', action: 'note', note: 'n'.repeat(1001) }],
    };
    const refused = await bed.deps.tickets.update(largest, over).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidItemError);
    expect((refused as Error).message).toBe(
      `ticket ${ticket.ticketId} not saved: history[2].note: at most 1000 characters (got 1001)`,
    );
    await expect(bed.deps.tickets.update(largest, { ...largest, assignee: 'a'.repeat(65) })).rejects.toThrow(
      'assignee: at most 64 characters (got 65)',
    );
    expect(await bed.deps.tickets.get(ticket.ticketId)).toEqual(largest);
    // Escalation (the scheduled job) still reads every due ticket.
    const late = await bed.deps.tickets.listDue(new Date('2030-01-01T00:00:00Z'), 500);
    expect(late.map((t) => t.ticketId)).toContain(ticket.ticketId);
  });

  it('SMS: the largest message and an opt-out are written and read back; a bad number is refused', async () => {
    const store = new DynamoSmsStore(bed.tables.doc, bed.tables.env.SMS_TABLE_NAME ?? '');
    const message = {
      messageId: 'm'.repeat(200),
      to: '+861390000000'.padEnd(16, '9'),
      template: 'ticketConfirmation' as const,
      language: 'zh-CN' as const,
      body: '文'.repeat(5000),
      status: 'sent' as const,
      providerMessageId: 'p'.repeat(200),
      requestedBy: 'r'.repeat(64),
      at,
    };
    await store.log(message);
    expect((await store.listLog({ to: message.to }))[0]).toMatchObject(message);
    await expect(store.log({ ...message, messageId: 'bad', to: '+86abc' })).rejects.toThrow(
      /message bad not saved: to: an E\.164 number/,
    );
    await store.optOut({ phone: message.to, at, via: 'operator', by: 'o'.repeat(64) });
    expect(await store.isOptedOut(message.to)).toBe(true);
    await expect(store.optOut({ phone: 'abc', at, via: 'operator' })).rejects.toThrow(InvalidItemError);
  });

  it('Call records: record, transcript, survey and recent contacts are checked before they are written', async () => {
    const records = new DynamoCallRecordRepository(bed.tables.doc, bed.tables.env.CONTACTS_TABLE_NAME ?? '');
    const contactId = 'k'.repeat(256);
    const record = {
      contactId,
      channel: 'VOICE',
      initiationMethod: 'INBOUND',
      initiatedAt: at,
      lastUpdateTimestamp: at,
      callerNumber: '+8613900000001',
      callerWithheld: false,
      attributes: { note: 'a'.repeat(32_000) },
    };
    await records.saveRecord(record, { ContactId: contactId } as never, now);
    expect((await records.getContact(contactId)).record).toMatchObject(record);
    await expect(
      records.saveRecord({ ...record, contactId: 'bad', callerNumber: '12' }, {} as never, now),
    ).rejects.toThrow(
      'the call record of bad not saved: callerNumber: an E.164 number such as +8613800138000',
    );

    const transcript: TranscriptItem = {
      pk: `CONTACT#${contactId}`,
      sk: 'TRANSCRIPT',
      entity: 'transcript',
      contactId,
      jobName: 'job',
      turns: [{ speaker: 'agent', start: 0, end: 1, text: '好'.repeat(1000) }],
      text: '好'.repeat(1000),
      storedAt: at,
    };
    await records.saveTranscript(transcript);
    expect((await records.getContact(contactId)).transcript).toEqual(transcript);
    await expect(
      records.saveTranscript({ ...transcript, turns: [{ speaker: 'agent', start: -1, end: 1, text: '' }] }),
    ).rejects.toThrow(InvalidItemError);

    const survey: SurveyItem = {
      pk: `CONTACT#${contactId}`,
      sk: 'SURVEY',
      entity: 'survey',
      contactId,
      score: 5,
      answer2: 1,
      at,
    };
    expect(await records.saveSurvey(survey)).toBe(true);
    expect((await records.getContact(contactId)).survey).toEqual(survey);
    await expect(records.saveSurvey({ ...survey, contactId: 'x', score: 6 })).rejects.toThrow(
      'the survey of x not saved: score: at most 5 (got 6)',
    );

    const writer = new DynamoRecentContactsWriter(bed.tables.doc, bed.tables.env.CRM_TABLE_NAME ?? '');
    const keep = (entry: { contactId: string; at: string; channel?: string }) =>
      writer.putRecentContacts(
        [{ numbers: ['+8613900000001'], entry, version: `${at}#v1`, lastUpdateTimestamp: at }],
        now,
      );
    expect(await keep({ contactId, at, channel: 'VOICE' })).toEqual([{ status: 'stored' }]);
    expect((await bed.tables.crm.getPhone('+8613900000001'))?.recentContacts?.[0]?.contactId).toBe(contactId);
    // Refused alone, as never writable (ingestion dead-letters its CTR instead of retrying it for ever).
    const [refused] = await keep({ contactId: 'y', at: 'yesterday' });
    expect(refused?.status).toBe('invalid');
    expect(refused?.status === 'invalid' && refused.error).toBeInstanceOf(InvalidItemError);
    expect(String(refused?.status === 'invalid' && (refused.error as Error).message)).toMatch(
      /the recent contact y of \+8613900000001 not saved: at: must be an ISO time/,
    );
    expect((await bed.tables.crm.getPhone('+8613900000001'))?.recentContacts).toHaveLength(1);
  });
});
