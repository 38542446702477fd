/**
 * The SMS confirmation of an in-call transaction (a ticket, an order, a booking, a pickup): sent at most once per
 * transaction (the dedupe key), only to a mobile number (a landline or a number of unknown type answers
 * `landline`, and nothing is sent: the caller hears that no SMS will follow), never throwing (a failed SMS never
 * fails what it confirms). Every confirmation goes through here, so none reaches a landline. In a handler, give it
 * what is left of the budget: `await within(confirmBySms(deps.sms, {...}), { reserveMs: 20 })`.
 */
import type { SendSmsInput } from '../../../schemas/sms.js';
import { isMobileNumber } from '../../core/mobile.js';
import { normalizePhone } from '../../core/phone.js';
import { type SendSmsDeps, type SendSmsResult, sendSms } from './send-sms.js';

export interface SmsConfirmationInput extends Omit<SendSmsInput, 'dedupeKey'> {
  /** One per transaction (`orderConfirmation#<orderId>`): a replay sends nothing (`duplicate`). */
  readonly dedupeKey: string;
}

export type SmsConfirmation =
  | SendSmsResult
  | { readonly status: 'none' }
  | { readonly status: 'landline' }
  | { readonly status: 'error'; readonly error: string };

/** Send the confirmation, or say why not; `none` when there is no SMS centre or no number. */
export async function confirmBySms(
  deps: SendSmsDeps | undefined,
  input: SmsConfirmationInput,
): Promise<SmsConfirmation> {
  if (!deps || !input.to) return { status: 'none' };
  const number = normalizePhone(input.to, deps.phoneRegion);
  if (number.kind === 'e164' && !isMobileNumber(number.e164)) return { status: 'landline' };
  try {
    return await sendSms(deps, input);
  } catch (err) {
    return { status: 'error', error: err instanceof Error ? err.message : String(err) };
  }
}
