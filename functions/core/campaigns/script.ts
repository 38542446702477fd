/** The campaign script an agent reads (the whisper, the screen pop) for one entry (pure). */
import type { Campaign, ListEntry } from '../../../schemas/campaigns.js';

/** The script with its `{ref}` filled in: the ticket, pickup or products the entry is about. */
export function scriptFor(campaign: Campaign, entry: ListEntry): string {
  const ref = entry.ref;
  const text =
    ref.kind === 'ticket'
      ? ref.ticketId
      : ref.kind === 'pickup'
        ? ref.pickupId
        : ref.kind === 'retailer'
          ? ref.lines.map((l) => `${l.code}×${l.quantity}`).join(', ')
          : ref.kind === 'lead'
            ? ref.leadId
            : '';
  return campaign.script.replaceAll('{ref}', text);
}
