/**
 * Shipment tracking settings per profile (issue 12 item 2, F14): the menu key's queue (where a caller who cannot
 * track alone goes) and the time zone status times are read out in. Only the carrier (logistics) tracks
 * shipments; the other profiles have none.
 */
import type { ProfileId } from '../../schemas/profile.js';

export interface TrackingSettings {
  /** The queue of the main-menu option that tracks waybills (`Queue <queue>` is its agent). */
  readonly queue: string;
  /** IANA time zone of the times the caller hears. */
  readonly timeZone: string;
  /** Re-prompts of the waybill entry after a wrong or unknown number (the issue: once), then an agent. */
  readonly retries: number;
}

const TRACKING: Partial<Record<ProfileId, TrackingSettings>> = {
  logistics: { queue: 'tracking', timeZone: 'Asia/Shanghai', retries: 1 },
};

/** The profile's tracking settings, or undefined when it tracks no shipments. */
export function trackingSettingsOf(profile: ProfileId): TrackingSettings | undefined {
  return TRACKING[profile];
}
