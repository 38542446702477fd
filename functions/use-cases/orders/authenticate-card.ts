/**
 * Card authentication (distribution, seed 004: 根据客户在IVR系统中留下的磁卡号判断): the card number the caller typed
 * identifies the retailer, whatever number it calls from. One GetItem of the card item (it carries the customer's
 * fields); a card saved before cards carried them costs a second read of the customer.
 */

import type { CustomerItem } from '../../../schemas/crm.js';
import type { CardAuthResponse, CardItem } from '../../../schemas/orders.js';
import type { LookupPolicy } from '../../core/caller-lookup.js';

/** What Connect stores when the caller types nothing (contact-flows/flows/self-service.ts). */
export const STORED_INPUT_TIMEOUT = 'Timeout';

export interface AuthenticateCardDeps {
  readonly cards: {
    getCard(card: string, opts?: { abortSignal?: AbortSignal }): Promise<CardItem | undefined>;
    getCustomer(customerId: string): Promise<CustomerItem | undefined>;
  };
  readonly policy: LookupPolicy;
}

/** A card number as typed: 4 to 32 letters, digits or `-` (keypads type digits). */
export const CARD_NUMBER = /^[0-9A-Za-z-]{4,32}$/;

/** The fields authentication answers, from the card item's copy or the customer record. */
interface CardCustomer {
  readonly customerId: string;
  readonly name?: string | undefined;
  readonly tier?: string | undefined;
  readonly vip?: boolean | undefined;
  readonly branch?: string | undefined;
  readonly language?: string | undefined;
  readonly dedicatedAgentId?: string | undefined;
}

export const unauthenticated = (cardStatus: 'unknown' | 'none' | 'degraded'): CardAuthResponse => ({
  cardStatus,
  authenticated: 'false',
  cardMismatch: 'false',
  customerId: '',
  displayName: '',
  tier: '',
  vip: 'false',
  branch: '',
  language: '',
  dedicatedAgentId: '',
  queueHint: '',
});

export async function authenticateCard(
  deps: AuthenticateCardDeps,
  input: { card: string; callerCustomerId?: string },
  opts: { abortSignal?: AbortSignal } = {},
): Promise<CardAuthResponse> {
  const card = input.card.trim();
  // Nothing typed: Connect stores `Timeout`; a lone `#` stores nothing. The caller goes on unauthenticated.
  if (card === '' || card === STORED_INPUT_TIMEOUT) return unauthenticated('none');
  if (!CARD_NUMBER.test(card)) return unauthenticated('unknown');
  const item = await deps.cards.getCard(card, opts);
  if (!item) return unauthenticated('unknown');
  let c: CardCustomer = item;
  if (item.name === undefined) {
    const customer = await deps.cards.getCustomer(item.customerId);
    if (!customer) return unauthenticated('unknown');
    c = customer;
  }
  const vip = c.vip === true;
  const branchQueue = c.branch ? deps.policy.branchQueues[c.branch] : undefined;
  return {
    cardStatus: 'ok',
    authenticated: 'true',
    cardMismatch: String(Boolean(input.callerCustomerId) && input.callerCustomerId !== c.customerId) as
      | 'true'
      | 'false',
    customerId: c.customerId,
    displayName: c.name ?? '',
    tier: c.tier ?? 'standard',
    vip: String(vip) as 'true' | 'false',
    branch: c.branch ?? '',
    language: c.language ?? '',
    dedicatedAgentId: c.dedicatedAgentId ?? '',
    queueHint: vip ? (deps.policy.vipQueue ?? '') : (branchQueue ?? ''),
  };
}
