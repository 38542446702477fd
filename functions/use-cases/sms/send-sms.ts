/**
 * Send one SMS from a template (F11): normalize the number, honour opt-outs, quiet hours (marketing), the
 * per-number rate limit and the dedupe key, render with validated variables, send, and log the outcome.
 * Template errors throw (the caller asked for something wrong); delivery problems are results, not throws.
 */
import { randomUUID } from 'node:crypto';
import {
  MARKETING_TEMPLATES,
  type SendSmsInput,
  SendSmsInputSchema,
  type SmsSettings,
  type SmsStatus,
} from '../../../schemas/sms.js';
import { normalizePhone } from '../../core/phone.js';
import { hourKey, inQuietHours, isStopReply, renderTemplate } from '../../core/sms.js';
import { type SmsGateway, SmsOptedOutError, type SmsStore } from '../../ports/sms.js';

export interface SendSmsDeps {
  readonly gateway: SmsGateway;
  readonly store: SmsStore;
  readonly settings: SmsSettings;
  readonly phoneRegion: string;
  readonly now?: () => Date;
}

export interface SendSmsResult {
  readonly status: SmsStatus | 'invalid_number' | 'duplicate';
  readonly messageId?: string;
  readonly providerMessageId?: string;
  readonly body?: string;
  readonly error?: string;
}

export async function sendSms(deps: SendSmsDeps, raw: SendSmsInput): Promise<SendSmsResult> {
  const input = SendSmsInputSchema.parse(raw);
  const now = (deps.now ?? (() => new Date()))();
  const number = normalizePhone(input.to, deps.phoneRegion);
  if (number.kind !== 'e164')
    return { status: 'invalid_number', error: `not a phone number: ${number.kind}` };
  const to = number.e164;
  const body = renderTemplate(deps.settings, input.template, input.language, input.variables);
  const messageId = randomUUID();
  const base = {
    messageId,
    to,
    template: input.template,
    language: input.language,
    body,
    requestedBy: input.requestedBy,
  };
  const at = now.toISOString();
  const finish = async (status: SmsStatus, extra: { providerMessageId?: string; error?: string } = {}) => {
    await deps.store.log({ ...base, status, at, ...extra });
    return { status, messageId, body, ...extra };
  };

  if (await deps.store.isOptedOut(to)) return finish('opted_out');
  const marketing = MARKETING_TEMPLATES.includes(input.template);
  if (marketing && inQuietHours(deps.settings, now)) return finish('deferred', { error: 'quiet hours' });
  const dayLater = new Date(now.getTime() + 86_400_000);
  if (input.dedupeKey && !(await deps.store.claimDedupe(input.dedupeKey, messageId, dayLater)))
    return { status: 'duplicate' };
  const twoHours = new Date(now.getTime() + 2 * 3_600_000);
  if (!(await deps.store.takeRateToken(to, hourKey(now), deps.settings.ratePerNumberPerHour, twoHours)))
    return finish('rate_limited');
  try {
    const sent = await deps.gateway.send({
      to,
      body,
      marketing,
      ...(deps.settings.senderId ? { senderId: deps.settings.senderId } : {}),
    });
    return finish('sent', { providerMessageId: sent.messageId });
  } catch (err) {
    if (err instanceof SmsOptedOutError) return finish('opted_out', { error: err.message });
    // Not sent (SNS throttled, failed or hung): give the dedupe claim back so that a retry of the same
    // transaction (Connect retries the Lambda) sends it, rather than answering `duplicate` for an SMS never sent.
    if (input.dedupeKey) await deps.store.releaseDedupe(input.dedupeKey, messageId).catch(() => undefined);
    return finish('failed', { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
}

/** Opt a number out (operator command or a STOP reply). */
export async function optOut(
  deps: Pick<SendSmsDeps, 'store' | 'phoneRegion' | 'now'>,
  raw: string,
  via: 'reply' | 'operator',
  by?: string,
): Promise<string> {
  const number = normalizePhone(raw, deps.phoneRegion);
  if (number.kind !== 'e164') throw new Error(`not a phone number: ${raw}`);
  const at = (deps.now ?? (() => new Date()))().toISOString();
  await deps.store.optOut({ phone: number.e164, at, via, ...(by ? { by } : {}) });
  return number.e164;
}

/**
 * A reply to one of our messages (two-way SMS: the inbound message a carrier or SNS/Pinpoint hands over).
 * STOP, 退订, TD… opt the number out; anything else is left for a person. Returns what was done.
 */
export async function handleReply(
  deps: Pick<SendSmsDeps, 'store' | 'phoneRegion' | 'now'>,
  from: string,
  text: string,
): Promise<'opted_out' | 'ignored'> {
  if (!isStopReply(text)) return 'ignored';
  await optOut(deps, from, 'reply');
  return 'opted_out';
}
