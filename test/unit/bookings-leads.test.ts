/**
 * Repair bookings and leads, the pure parts (issue 12): booking and lead numbers, the vehicles on file read
 * leniently, the reminder time, the lifecycles; and every ticket category of the dealer and the outsourcer has a
 * path (the IVR, an agent, the survey schedule), bookings and leads being records of their own.
 */
import { describe, expect, it } from 'vitest';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import { leadSettingsOf } from '../../contact-flows/profiles/leads.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { surveyFollowUpCategory } from '../../functions/adapters/tickets/follow-up-tickets.js';
import {
  changeBookingStatus,
  formatBookingId,
  reminderTime,
  spokenBookingId,
  vehiclesOf,
} from '../../functions/core/bookings.js';
import { changeLeadStatus, formatLeadId, LEAD_TEXT, nextLeadStatus } from '../../functions/core/leads.js';
import { parseSlotId } from '../../functions/core/pickups.js';
import type { Booking } from '../../schemas/bookings.js';
import type { Lead } from '../../schemas/leads.js';

const settings = bookingSettingsOf('auto-dealer');
if (!settings) throw new Error('the dealer books repairs');

describe('repair bookings (pure)', () => {
  it('numbers bookings by the local day and reads them digit by digit', () => {
    const id = formatBookingId(new Date('2026-11-23T17:00:00Z'), 7, 'Asia/Shanghai');
    expect(id).toBe('R20261124-0007');
    expect(spokenBookingId(id)).toBe('R, 2 0 2 6 1 1 2 4, 0 0 0 7');
  });

  it('reads vehicles leniently: skips entries that are not a CRM vehicle, duplicates, and keeps at most three', () => {
    expect(vehiclesOf(undefined)).toEqual([]);
    expect(vehiclesOf({ vehicles: 'none' })).toEqual([]);
    const car = (plate: string) => ({ plate, model: '奥迪A4L', purchaseDate: '2021-06-30' });
    expect(
      vehiclesOf({
        vehicles: [
          car('京A1'),
          { model: 'x', purchaseDate: '2021-06-30' },
          { plate: '京X9' },
          car('京A1'),
          car('京B2'),
          car('京C3'),
          car('京D4'),
        ],
      }).map((v) => v.plate),
    ).toEqual(['京A1', '京B2', '京C3']);
  });

  it('reminds the day before at the profile time, or not at all when booked after that', () => {
    const slot = parseSlotId(settings, 'service#20261125#early');
    if (!slot) throw new Error('slot');
    expect(reminderTime(settings, slot, new Date('2026-11-23T10:00:00+08:00'))?.toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );
    expect(reminderTime(settings, slot, new Date('2026-11-24T18:30:00+08:00'))).toBeUndefined();
  });

  it('allows booked → arrived → completed, cancelled or no-show from booked, nothing from a closed booking', () => {
    const b: Booking = {
      bookingId: 'R20261123-0001',
      status: 'booked',
      branch: 'service',
      slotId: 'service#20261125#early',
      slotStart: '2026-11-25T00:30:00.000Z',
      slotEnd: '2026-11-25T02:30:00.000Z',
      customerId: 'AD-0005',
      vehicle: { plate: '京A12345', model: '宝马X3', purchaseDate: '2023-05-01' },
      language: 'zh-CN',
      source: 'ivr',
      createdAt: '2026-11-23T02:00:00.000Z',
      updatedAt: '2026-11-23T02:00:00.000Z',
      moves: 0,
      history: [{ at: '2026-11-23T02:00:00.000Z', to: 'booked', by: 'ivr' }],
    };
    const now = new Date('2026-11-25T00:35:00Z');
    const arrived = changeBookingStatus(b, 'arrived', now, 'desk');
    expect(changeBookingStatus(arrived, 'completed', now, 'desk').history.map((h) => h.to)).toEqual([
      'booked',
      'arrived',
      'completed',
    ]);
    expect(changeBookingStatus(b, 'no-show', now, 'desk').status).toBe('no-show');
    expect(() =>
      changeBookingStatus(changeBookingStatus(b, 'cancelled', now, 'x'), 'arrived', now, 'x'),
    ).toThrow(/it is closed/);
    expect(() => changeBookingStatus(arrived, 'no-show', now, 'x')).toThrow(/allowed: completed, cancelled/);
  });
});

describe('leads (pure)', () => {
  const lead: Lead = {
    leadId: formatLeadId(new Date('2026-11-23T02:00:00Z'), 1, 'Asia/Shanghai'),
    status: 'new',
    source: 'ivr',
    client: 'xinghe',
    interest: 'mobile',
    consent: true,
    language: 'zh-CN',
    createdAt: '2026-11-23T02:00:00.000Z',
    updatedAt: '2026-11-23T02:00:00.000Z',
    history: [{ at: '2026-11-23T02:00:00.000Z', to: 'new', by: 'ivr' }],
  };

  it('goes new → contacted → qualified → won, or lost at any open step; nothing after', () => {
    expect(lead.leadId).toBe('L20261123-0001');
    expect([nextLeadStatus('new'), nextLeadStatus('contacted'), nextLeadStatus('qualified')]).toEqual([
      'contacted',
      'qualified',
      'won',
    ]);
    expect(nextLeadStatus('won')).toBeUndefined();
    const at = new Date();
    expect(changeLeadStatus(lead, 'lost', at, 'a').status).toBe('lost');
    expect(() => changeLeadStatus(lead, 'qualified', at, 'a')).toThrow(/allowed: contacted, lost/);
    expect(() => changeLeadStatus(changeLeadStatus(lead, 'lost', at, 'a'), 'won', at, 'a')).toThrow(/closed/);
  });

  it("asks about the client's product lines, keys 1…n in the profile's order", () => {
    const s = leadSettingsOf('outsourced-crm');
    if (!s) throw new Error('leads');
    expect(LEAD_TEXT['zh-CN'].interest(s)).toBe(
      '请问您想了解星河通信的哪类产品？家庭宽带请按1。手机套餐请按2。智能家居请按3。企业专线请按4。',
    );
  });
});

describe('every ticket category of the dealer and the outsourcer has a path', () => {
  it.each(['auto-dealer', 'outsourced-crm'] as const)('%s', (profile) => {
    const { tickets } = ticketingOf(profile);
    const ivr = new Set(tickets.ivr.options.map((o) => o.category));
    const survey = surveyFollowUpCategory(tickets.categories);
    const paths = Object.fromEntries(
      tickets.categories.map((c) => [
        c.key,
        // Agents create any category (the workspace's POST /api/tickets and `hotline tickets create`).
        [
          ...(ivr.has(c.key) ? ['ivr'] : []),
          ...(c.key === survey ? ['survey'] : []),
          // A message left after hours or from the queue (contact-flows/flows/voicemail.ts).
          ...(c.key === 'voicemail' ? ['voicemail'] : []),
          'agent',
        ],
      ]),
    );
    expect(paths).toEqual(
      profile === 'auto-dealer'
        ? {
            complaint: ['ivr', 'survey', 'agent'],
            suggestion: ['ivr', 'agent'],
            praise: ['ivr', 'agent'],
            claim: ['agent'],
            consultation: ['agent'],
            voicemail: ['voicemail', 'agent'],
          }
        : {
            'service-complaint': ['ivr', 'survey', 'agent'],
            consultation: ['ivr', 'agent'],
            cancellation: ['agent'],
            voicemail: ['voicemail', 'agent'],
          },
    );
    // Bookings and leads are records of their own, with their own lifecycle: no ticket category duplicates them.
    if (bookingSettingsOf(profile)) expect(paths['repair-booking']).toBeUndefined();
    if (leadSettingsOf(profile)) expect(paths.lead).toBeUndefined();
  });
});
