import type { OptOutItem, SmsLogItem } from '../../schemas/sms.js';

/** Sends one SMS (port): SNS in AWS, the local outbox file locally. */
export interface SmsGateway {
  send(msg: {
    to: string;
    body: string;
    senderId?: string;
    marketing: boolean;
  }): Promise<{ messageId: string }>;
}

/** Raised by a gateway when the carrier/SNS says the number opted out. */
export class SmsOptedOutError extends Error {
  override readonly name = 'SmsOptedOutError';
}

/** The SMS table (port): message log, opt-outs, per-number rate counters. */
export interface SmsStore {
  isOptedOut(e164: string): Promise<boolean>;
  optOut(item: Omit<OptOutItem, 'pk' | 'sk' | 'entity'>): Promise<void>;
  optIn(e164: string): Promise<void>;
  /**
   * Count one send to `e164` in the hour bucket `hourKey`; false (and nothing counted) when `limit` is reached.
   */
  takeRateToken(e164: string, hourKey: string, limit: number, expiresAt: Date): Promise<boolean>;
  /** Claim a dedupe key; false when already claimed. */
  claimDedupe(key: string, messageId: string, expiresAt: Date): Promise<boolean>;
  /** Give back a claim whose message could not be sent, so that a retry sends it (only `messageId`'s claim). */
  releaseDedupe(key: string, messageId: string): Promise<void>;
  log(item: Omit<SmsLogItem, 'pk' | 'sk' | 'entity' | 'bynumpk' | 'bynumsk'>): Promise<void>;
  listLog(opts?: { to?: string; limit?: number }): Promise<SmsLogItem[]>;
}

/** Publishes an escalation/notification to a topic (port): SNS in AWS, the outbox locally. */
export interface Notifier {
  notify(msg: { topic: string; subject: string; body: string }): Promise<{ messageId: string }>;
}
