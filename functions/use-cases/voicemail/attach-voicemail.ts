/**
 * A voicemail's recording was transcribed (or Transcribe gave up): put the message and the link to its audio on
 * the ticket the call opened (F15). Runs on the call recordings' Transcribe path (functions/transcripts), after
 * the transcript is stored.
 *
 * The ticket is found by the contact's idempotency keys (the voicemail category, then the after-hours complaint
 * category), so the order of the CTR and the transcript does not matter. Idempotent: a replayed event for the same
 * job and outcome changes nothing; no path here creates a ticket, so a replay can never make a second one.
 */
import type { RecordingRef, TranscriptTurn } from '../../../schemas/call-record.js';
import type { Ticket } from '../../../schemas/ticket.js';
import type { VoicemailSettings } from '../../../schemas/voicemail.js';
import { s3Uri, transcribedDescription, voicemailText } from '../../core/voicemail.js';
import { TicketConflictError, type TicketRepository } from '../../ports/ticket-repository.js';
import { contactIdempotencyKey } from '../tickets/create-ticket.js';

export interface AttachVoicemailDeps {
  readonly tickets: Pick<TicketRepository, 'findByIdempotencyKey' | 'get' | 'update'>;
  readonly settings: VoicemailSettings;
  readonly now: () => Date;
}

export interface AttachVoicemailInput {
  readonly contactId: string;
  readonly jobName: string;
  /** `transcribed` with the turns; `failed` when Transcribe gave up (the audio is still linked). */
  readonly status: 'transcribed' | 'failed';
  readonly turns?: readonly TranscriptTurn[];
  readonly recording?: RecordingRef;
}

export type AttachVoicemailOutcome =
  | { readonly status: 'attached' | 'unchanged'; readonly ticketId: string }
  | { readonly status: 'ignored'; readonly reason: string };

/** The voicemail ticket this contact opened, if any. */
export async function findVoicemailTicket(
  deps: Pick<AttachVoicemailDeps, 'tickets' | 'settings'>,
  contactId: string,
): Promise<Ticket | undefined> {
  const { category, complaintCategory } = deps.settings;
  for (const key of [category, complaintCategory]) {
    const ticket = await deps.tickets.findByIdempotencyKey(contactIdempotencyKey(contactId, key));
    // A complaint ticket of the same call (the IVR's ticket menu, then the queue was closed) takes the message too.
    if (ticket && (ticket.voicemail || key === complaintCategory)) return ticket;
  }
  return undefined;
}

export async function attachVoicemail(
  deps: AttachVoicemailDeps,
  input: AttachVoicemailInput,
): Promise<AttachVoicemailOutcome> {
  for (let attempt = 0; ; attempt++) {
    const ticket = await findVoicemailTicket(deps, input.contactId);
    if (!ticket) return { status: 'ignored', reason: 'no voicemail ticket for this contact' };
    const current = ticket.voicemail;
    if (current?.jobName === input.jobName && current.status === input.status)
      return { status: 'unchanged', ticketId: ticket.ticketId };
    const at = deps.now().toISOString();
    const text = input.status === 'transcribed' ? voicemailText(input.turns ?? []) : undefined;
    const audio = input.recording ? s3Uri(input.recording) : current?.audio;
    const next: Ticket = {
      ...ticket,
      voicemail: {
        status: input.status,
        ...(current?.queue ? { queue: current.queue } : {}),
        ...(audio ? { audio } : {}),
        ...(text ? { transcript: text } : {}),
        jobName: input.jobName,
        updatedAt: at,
      },
      description:
        input.status === 'transcribed'
          ? transcribedDescription(text, audio)
          : `Voicemail: the message could not be transcribed; listen to it.${audio ? ` Audio: ${audio}` : ''}`,
      updatedAt: at,
      version: ticket.version + 1,
      history: [
        ...ticket.history,
        {
          at,
          by: 'voicemail',
          action: 'updated',
          note:
            input.status === 'transcribed' ? 'message transcribed' : 'message not transcribed (audio kept)',
        },
      ],
    };
    try {
      await deps.tickets.update(ticket, next);
      return { status: 'attached', ticketId: ticket.ticketId };
    } catch (err) {
      // Someone changed the ticket meanwhile (an agent took it): read it again and retry, twice at most.
      if (!(err instanceof TicketConflictError) || attempt >= 2) throw err;
    }
  }
}
