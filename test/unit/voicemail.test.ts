/**
 * Voicemail (F15): the pure rules (which queue and department, what of a transcript is the message) and attaching
 * a transcript to the ticket (idempotent, retried on a conflict), against an in-memory ticket store.
 */
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { voicemailOf } from '../../contact-flows/profiles/voicemail.js';
import {
  queueKeyOfName,
  transcribedDescription,
  voicemailDepartment,
  voicemailText,
} from '../../functions/core/voicemail.js';
import { TicketConflictError } from '../../functions/ports/ticket-repository.js';
import { contactIdempotencyKey } from '../../functions/use-cases/tickets/create-ticket.js';
import { attachVoicemail } from '../../functions/use-cases/voicemail/attach-voicemail.js';
import type { Ticket } from '../../schemas/ticket.js';

const profile = getProfile('auto-dealer');
const settings = voicemailOf('auto-dealer');

describe('which queue and department a message is for', () => {
  it('knows a queue by its name locally and by "<prefix> <name>" as CDK names it', () => {
    expect(queueKeyOfName(profile, 'Insurance claims')).toBe('insurance');
    expect(queueKeyOfName(profile, 'hotline-prod Insurance claims')).toBe('insurance');
    expect(queueKeyOfName(profile, 'Somebody else’s queue')).toBeUndefined();
  });

  it('takes no queue (after hours) or an unresolved path as the general queue', () => {
    expect(voicemailDepartment(profile, settings, undefined)).toBe(settings.departments.general);
    expect(voicemailDepartment(profile, settings, '$.Queue.Name')).toBe(settings.departments.general);
    expect(voicemailDepartment(profile, settings, '')).toBe(settings.departments.general);
    expect(voicemailDepartment(profile, settings, 'p Repair and maintenance booking')).toBe('service');
  });

  it('every profile maps its queues to departments it has, and its categories exist', async () => {
    const { ticketingOf } = await import('../../contact-flows/profiles/ticketing.js');
    for (const id of ['auto-dealer', 'logistics', 'distribution', 'outsourced-crm'] as const) {
      const vm = voicemailOf(id);
      const { tickets } = ticketingOf(id);
      const departments = new Set(tickets.departments.map((d) => d.key));
      const queues = new Set(getProfile(id).queues.map((q) => q.key));
      for (const [queue, department] of Object.entries(vm.departments)) {
        expect(queues.has(queue), `${id} queue ${queue}`).toBe(true);
        expect(departments.has(department), `${id} department ${department}`).toBe(true);
      }
      for (const category of [vm.category, vm.complaintCategory])
        expect(
          tickets.categories.some((c) => c.key === category),
          `${id} ${category}`,
        ).toBe(true);
    }
  });
});

describe('what of a transcript is the message', () => {
  it("keeps the customer's turns only (the prompts are on the other channel)", () => {
    expect(
      voicemailText([
        { speaker: 'agent', start: 0, end: 2, text: 'Please leave a message.' },
        { speaker: 'customer', start: 3, end: 5, text: 'My parcel is late.' },
        { speaker: 'customer', start: 9, end: 10, text: 'Call me back.' },
      ]),
    ).toBe('My parcel is late. Call me back.');
  });

  it('keeps the description within 2,000 characters, with the audio link whole', () => {
    const d = transcribedDescription('x'.repeat(5000), 's3://b/k.wav');
    expect(d.length).toBeLessThanOrEqual(2000);
    expect(d.endsWith(' Audio: s3://b/k.wav')).toBe(true);
    expect(transcribedDescription(undefined, undefined)).toContain('no words');
  });
});

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  const at = '2026-11-23T15:00:00.000Z';
  return {
    ticketId: 'T20261123-0001',
    category: 'voicemail',
    department: 'service',
    priority: 'normal',
    status: 'new',
    source: 'ivr',
    countedPhones: [],
    contactId: 'c-1',
    language: 'zh-CN',
    createdAt: at,
    updatedAt: at,
    dueAt: at,
    remindAt: at,
    escalationLevel: 0,
    voicemail: { status: 'awaiting', updatedAt: at },
    history: [],
    version: 1,
    ...overrides,
  };
}

/** Tickets by idempotency key, with an optional conflict on the first update (someone else wrote meanwhile). */
function store(initial: Ticket, key: string, conflicts = 0) {
  let current = initial;
  let left = conflicts;
  return {
    get current() {
      return current;
    },
    tickets: {
      findByIdempotencyKey: async (k: string) => (k === key ? current : undefined),
      get: async () => current,
      update: async (previous: Ticket, next: Ticket) => {
        if (left-- > 0) {
          current = { ...current, version: current.version + 1, assignee: 'agent-liu' };
          throw new TicketConflictError('changed meanwhile');
        }
        if (previous.version !== current.version) throw new TicketConflictError('stale');
        current = next;
      },
    },
  };
}

describe('attaching the transcript to the ticket', () => {
  const now = () => new Date('2026-11-23T15:05:00.000Z');
  const turns = [{ speaker: 'customer' as const, start: 1, end: 3, text: '请回电' }];
  const input = {
    contactId: 'c-1',
    jobName: 'hotline-c-1',
    status: 'transcribed' as const,
    turns,
    recording: { bucket: 'rec', key: 'connect/x/c-1_20261123T15:00_UTC.wav' },
  };

  it('puts the message and the audio link on the ticket once; a replay changes nothing', async () => {
    const s = store(ticket(), contactIdempotencyKey('c-1', 'voicemail'));
    const deps = { tickets: s.tickets, settings, now };
    expect(await attachVoicemail(deps, input)).toEqual({ status: 'attached', ticketId: 'T20261123-0001' });
    expect(s.current.voicemail).toMatchObject({
      status: 'transcribed',
      transcript: '请回电',
      audio: 's3://rec/connect/x/c-1_20261123T15:00_UTC.wav',
    });
    expect(s.current.version).toBe(2);
    expect(await attachVoicemail(deps, input)).toEqual({ status: 'unchanged', ticketId: 'T20261123-0001' });
    expect(s.current.version).toBe(2);
    expect(s.current.history).toHaveLength(1);
  });

  it('reads the ticket again when an agent changed it meanwhile, keeping the agent’s change', async () => {
    const s = store(ticket(), contactIdempotencyKey('c-1', 'voicemail'), 1);
    await attachVoicemail({ tickets: s.tickets, settings, now }, input);
    expect(s.current).toMatchObject({ assignee: 'agent-liu', voicemail: { status: 'transcribed' } });
  });

  it('finds the after-hours complaint ticket too; a contact without one is ignored', async () => {
    const s = store(
      ticket({ category: 'complaint' }),
      contactIdempotencyKey('c-1', settings.complaintCategory),
    );
    expect((await attachVoicemail({ tickets: s.tickets, settings, now }, input)).status).toBe('attached');
    expect(
      await attachVoicemail({ tickets: s.tickets, settings, now }, { ...input, contactId: 'other' }),
    ).toEqual({ status: 'ignored', reason: 'no voicemail ticket for this contact' });
  });

  it('a failed transcription keeps the audio link and says so', async () => {
    const s = store(ticket(), contactIdempotencyKey('c-1', 'voicemail'));
    await attachVoicemail(
      { tickets: s.tickets, settings, now },
      { contactId: 'c-1', jobName: 'hotline-c-1-r3', status: 'failed', recording: input.recording },
    );
    expect(s.current.voicemail).toMatchObject({
      status: 'failed',
      audio: expect.stringContaining('s3://rec/'),
    });
    expect(s.current.description).toContain('could not be transcribed');
  });
});
