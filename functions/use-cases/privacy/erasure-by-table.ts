/**
 * What `hotline crm forget` does in each table (issue 17). Typed by the table ids of schemas/tables.ts: a table
 * added there without saying here what erasure does to it fails `tsc`, and the erasure test
 * (test/integration/forget-customer.e2e.test.ts) searches every table and bucket for the customer afterwards.
 */
import type { TABLES } from '../../../schemas/tables.js';

export type TableId = (typeof TABLES)[number]['id'];

export const ERASURE_BY_TABLE = {
  Crm: 'the customer record, every number’s lookup item (block entry, recent contacts, open-ticket counter) and the card claim: deleted',
  Contacts:
    'call records anonymised (number, customer id, attributes and raw CTR removed; times, queue, agent kept) and marked forgotten; transcripts and transcription items deleted; survey answers anonymised (score kept)',
  Tickets:
    'anonymised: customer, number, description, history and return-visit notes, a voicemail’s transcript and audio link removed; category, times and SLA kept',
  Sms: 'the message log, opt-out and rate counters of every number: deleted',
  Knowledge: 'no personal data (articles written by staff)',
  Audit:
    'entries that name the customer (number, id, card) are redacted: those values and the name become "[forgotten]"; who did what and when is kept',
  Orders:
    'orders anonymised (customer id "forgotten", number and notes removed; lines and amounts kept); the retailer’s own limits and period totals deleted',
  Pickups:
    'anonymised: customer id "forgotten", name, number, notes removed, address replaced; slot and status kept; dispatch notices waiting to be sent again: deleted',
  Supervision:
    'QA evaluations of the customer’s calls: transcript quotes in flags removed, comments redacted; scores kept. Wallboard breaches hold no personal data',
  Campaigns:
    'dialling-list entries, attempts and do-not-call items of the customer or their numbers: deleted',
  Shipments: 'no personal data (waybill, status, place; no sender or receiver is stored)',
  Bookings:
    'anonymised: customer id "forgotten", name, number, notes removed, vehicle replaced, reminder cancelled; slot and status kept',
  Leads: 'anonymised: customer id, name, number and notes removed; source, interest and status kept',
} as const satisfies Record<TableId, string>;
