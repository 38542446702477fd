import type { SurveyItem, SurveyResult } from '../../../schemas/call-record.js';
import { needsFollowUp } from '../../core/call-record.js';
import type { CallRecordRepository, FollowUpTickets } from '../../ports/call-records.js';

export interface RecordSurveyDeps {
  readonly records: CallRecordRepository;
  readonly tickets: FollowUpTickets;
}

export interface SurveyOutcome {
  readonly stored: boolean;
  readonly ticketId?: string;
  /** The follow-up ticket could not be opened (the result is stored; a replay tries again). */
  readonly followUpError?: unknown;
}

/**
 * Store a post-call survey result once per contact (F8) and, for a low score, open a follow-up ticket.
 * Idempotent: a replay (Connect retries the Lambda) finds the stored result; the ticket is opened again only
 * if the stored result has none yet (the tickets adapter finds an existing ticket for the contact).
 */
export async function recordSurvey(deps: RecordSurveyDeps, result: SurveyResult): Promise<SurveyOutcome> {
  const item: SurveyItem = { pk: `CONTACT#${result.contactId}`, sk: 'SURVEY', entity: 'survey', ...result };
  const stored = await deps.records.saveSurvey(item);
  const current = stored ? item : ((await deps.records.getContact(result.contactId)).survey ?? item);
  if (!needsFollowUp(current.score) || current.followUpTicketId) {
    return { stored, ...(current.followUpTicketId ? { ticketId: current.followUpTicketId } : {}) };
  }
  let ticketId: string;
  try {
    ({ ticketId } = await deps.tickets.open({
      contactId: current.contactId,
      score: current.score,
      ...(current.customerId ? { customerId: current.customerId } : {}),
      ...(current.callerNumber ? { phone: current.callerNumber } : {}),
      ...(current.agentId ? { agentId: current.agentId } : {}),
      ...(current.queue ? { queue: current.queue } : {}),
    }));
  } catch (followUpError) {
    // The rating is what the caller gave us: it stays stored even when the ticket cannot be opened now.
    return { stored, followUpError };
  }
  await deps.records.setSurveyTicket(current.contactId, ticketId);
  return { stored, ticketId };
}
