/**
 * The order centre's part of the inbound flow (distribution profile, issue 11), built with the self-service blocks
 * (self-service.ts): card authentication after the welcome, ordering by IVR on the order key, order history
 * (with cancellation) on the history key. An agent is one key away everywhere (0, or 0# at an entry).
 *
 * ```
 * Card number ─no input→ (on, unauthenticated) ─0#→ agent
 *   → Check card (authenticateCard) ─ok→ Card accepted (retailer's attributes) → next
 *                                  ─unknown→ Card number invalid → retries (2) ─done→ Card refused → general queue
 *                                  ─error/degraded→ Card unchecked → next
 * Order key → Order authenticated? ─no→ the order queue (an agent)
 *   → Order code → Order quantity → Order line (orderDesk line) ─ok/refused→ Order more [readBack; 1 add, 2 finish]
 *        unknown_product → Order code invalid; bad_quantity → Order quantity invalid; closed → Order closed → agent
 *   Order more ─1→ Order code ─2→ Order review (orderDesk review) ─ok→ Order confirm ─empty→ Order more
 *   Order confirm [readBack; 1 confirm, 2 change, 3 cancel] ─1→ Place order ─ok→ Order placed → Goodbye
 *                                                            ─2→ Order restart → Order code   ─refused/empty→ Order more
 *                                                            ─3→ Order dropped → Goodbye      ─closed→ Order closed
 * History key → History authenticated? ─no→ agent → Order history (orderDesk history) ─ok→ History menu ─empty→ History none → agent
 *   History menu [readBack; n cancels order n, 9 ends] ─n→ Cancel choice n → Cancel confirm ─1→ Cancel order → Cancel result → Goodbye
 *                                                                                       ─2→ History menu
 * ```
 */
import { inCallFunction } from '../../functions/registry.js';
import { CardAuthResponseSchema } from '../../schemas/orders.js';
import type { Language, Profile } from '../../schemas/profile.js';
import type { FlowBuilder, Target } from '../builder/index.js';
import { type FlowRefs, refOf } from './refs.js';
import { SELF_SERVICE_TEXT, type SelfService, selfService } from './self-service.js';

/** Which main-menu keys the order centre takes over, per profile (only profiles that authenticate by card). */
export const ORDER_CENTRE_KEYS: Readonly<Partial<Record<Profile['id'], { order: string; history: string }>>> =
  {
    distribution: { order: '1', history: '2' },
  };

/** The retailer's attributes card authentication sets (everything it answers but its status). */
export const CARD_ATTRIBUTE_KEYS: readonly string[] = CardAuthResponseSchema.keyof().options.filter(
  (k) => k !== 'cardStatus',
);

export const ORDER_TEXT: Readonly<
  Record<
    Language,
    {
      productCode: string;
      quantity: string;
      more: string;
      confirm: string;
      dropped: string;
      closed: string;
      historyEnd: string;
      cancelConfirm: string;
      cardRefused: string;
    }
  >
> = {
  'zh-CN': {
    productCode: '请输入商品代码，以井号键结束。',
    quantity: '请输入订货数量，以井号键结束。',
    more: '继续订货请按1，订货完毕请按2。',
    confirm: '确认下单请按1，修改订单请按2，取消订货请按3。',
    dropped: '本次订货已取消。',
    closed: '抱歉，本期订货已截止，正在为您转接人工服务。',
    historyEnd: '结束查询请按9。',
    cancelConfirm: '您要取消这笔订单。',
    cardRefused: '抱歉，无法核实您的客户卡号，正在为您转接人工服务。',
  },
  'en-US': {
    productCode: 'Please enter the product code, followed by the hash key.',
    quantity: 'Please enter the quantity, followed by the hash key.',
    more: 'To order another product, press 1. If that is all, press 2.',
    confirm: 'To place the order, press 1. To change it, press 2. To cancel it, press 3.',
    dropped: 'Your order is cancelled.',
    closed: 'Sorry, ordering for this period has closed. We are connecting you to an agent.',
    historyEnd: 'To finish, press 9.',
    cancelConfirm: 'You are cancelling this order.',
    cardRefused: 'Sorry, we could not verify your card number. We are connecting you to an agent.',
  },
};

export interface OrderCentreSteps {
  /** The first step of card authentication (after the welcome). */
  readonly card: string;
  /** Main-menu key → the step it starts (ordering, history). */
  readonly menu: Readonly<Record<string, string>>;
}

/**
 * Add one language's copy of the order centre. `next` is where an authenticated (or unchecked) caller goes on,
 * `generalQueue` where a refused card goes, `orderQueue` the agent for ordering, `goodbye` the goodbye step.
 */
export function addOrderCentre(
  f: FlowBuilder,
  profile: Profile,
  refs: FlowRefs,
  language: Language,
  id: (name: string) => string,
  steps: {
    next: Target;
    generalQueue: Target;
    orderQueue: Target;
    goodbye: Target;
    cardTimeoutSeconds: number;
  },
): OrderCentreSteps {
  const keys = ORDER_CENTRE_KEYS[profile.id];
  const t = ORDER_TEXT[language];
  const cardPrompt = profile.prompts[language].cardNumber;
  if (!keys || cardPrompt === undefined) throw new Error(`profile ${profile.id} has no order centre`);
  const text = SELF_SERVICE_TEXT[language];
  const auth = inCallFunction('authenticateCard');
  const desk = inCallFunction('orderDesk');
  const deskArn = refOf(refs.lambdas, 'orderDesk', 'Lambda');

  // ---- card authentication: an unknown card is re-prompted twice, then the general queue (unauthenticated).
  const cardSs = selfService(f, {
    id: (n) => id(n.startsWith('Self-service') ? `Card ${n}` : n),
    agent: steps.generalQueue,
    text,
    language,
    timeoutSeconds: steps.cardTimeoutSeconds,
  });
  const card = cardSs.entry('Card number', {
    prompt: cardPrompt,
    sayAgentHint: false,
    attribute: 'cardNumber',
    maxLength: profile.cardNumberMaxLength,
    next: id('Check card'),
    onNoInput: steps.next,
    giveUp: id('Card refused'),
  });
  cardSs.transaction('Check card', {
    functionArn: refOf(refs.lambdas, 'authenticateCard', 'Lambda'),
    timeoutSeconds: auth.invocationTimeLimitSeconds,
    parameters: { cardNumber: '$.Attributes.cardNumber', callerCustomerId: '$.Attributes.customerId' },
    status: 'cardStatus',
    routes: { ok: id('Card accepted'), unknown: card.invalid, none: steps.next },
    failed: id('Card unchecked'),
  });
  f.setAttributes(
    id('Card accepted'),
    Object.fromEntries(CARD_ATTRIBUTE_KEYS.map((k) => [k, `$.External.${k}`])),
  )
    .next(steps.next)
    .onError(id('Card unchecked'));
  f.setAttributes(id('Card unchecked'), { authenticated: 'false' }).always(steps.next);
  f.setAttributes(id('Card refused'), { authenticated: 'false', cardRefused: 'true' }).always(
    id('Card refused message'),
  );
  f.message(id('Card refused message'), { text: t.cardRefused }).always(steps.generalQueue);

  // ---- ordering
  const ss: SelfService = selfService(f, {
    id: (n) => id(n.startsWith('Self-service') ? `Order ${n}` : n),
    agent: steps.orderQueue,
    text,
    language,
  });
  const deskParams = (action: string, extra: Record<string, string> = {}) => ({
    action,
    authenticated: '$.Attributes.authenticated',
    customerId: '$.Attributes.customerId',
    tier: '$.Attributes.tier',
    branch: '$.Attributes.branch',
    language: '$.Attributes.language',
    phoneNumber: '$.CustomerEndpoint.Address',
    ...extra,
  });
  f.compare(id('Order authenticated?'), '$.Attributes.authenticated')
    .when('Equals', 'true', id('Order code'))
    .otherwise(steps.orderQueue);
  const code = ss.entry('Order code', {
    prompt: t.productCode,
    attribute: 'productCode',
    maxLength: 8,
    next: id('Order quantity'),
  });
  const quantity = ss.entry('Order quantity', {
    prompt: t.quantity,
    attribute: 'quantity',
    maxLength: 5,
    next: id('Order line'),
  });
  ss.transaction('Order line', {
    functionArn: deskArn,
    timeoutSeconds: desk.invocationTimeLimitSeconds,
    parameters: deskParams('line', {
      cart: '$.Attributes.orderCart',
      productCode: '$.Attributes.productCode',
      quantity: '$.Attributes.quantity',
    }),
    status: 'orderStatus',
    keep: { orderCart: 'cart' },
    routes: {
      ok: id('Order more'),
      refused: id('Order more'),
      unknown_product: code.invalid,
      bad_quantity: quantity.invalid,
      closed: id('Order closed'),
    },
  });
  ss.menu('Order more', {
    prompt: `$.External.readBack ${t.more}`,
    options: { '1': code.start, '2': id('Order review') },
  });
  ss.transaction('Order review', {
    functionArn: deskArn,
    timeoutSeconds: desk.invocationTimeLimitSeconds,
    parameters: deskParams('review', { cart: '$.Attributes.orderCart' }),
    status: 'orderStatus',
    routes: { ok: id('Order confirm'), empty: id('Order more') },
  });
  ss.menu('Order confirm', {
    prompt: `$.External.readBack ${t.confirm}`,
    options: { '1': id('Place order'), '2': id('Order restart'), '3': id('Order dropped') },
  });
  f.setAttributes(id('Order restart'), { orderCart: '' }).next(code.start).onError(ss.sorry());
  f.setAttributes(id('Order dropped'), { orderCart: '' })
    .next(id('Order dropped message'))
    .onError(ss.sorry());
  f.message(id('Order dropped message'), { text: t.dropped }).always(steps.goodbye);
  ss.transaction('Place order', {
    functionArn: deskArn,
    timeoutSeconds: desk.invocationTimeLimitSeconds,
    parameters: deskParams('place', { cart: '$.Attributes.orderCart' }),
    status: 'orderStatus',
    keep: { orderCart: 'cart', orderId: 'orderId' },
    routes: {
      ok: id('Order placed'),
      refused: id('Order more'),
      empty: id('Order more'),
      closed: id('Order closed'),
    },
  });
  ss.readBack('Order placed', '$.External.readBack', steps.goodbye);
  f.message(id('Order closed'), { text: t.closed }).always(steps.orderQueue);

  // ---- order history (F14) and cancellation
  f.compare(id('History authenticated?'), '$.Attributes.authenticated')
    .when('Equals', 'true', id('Order history'))
    .otherwise(steps.orderQueue);
  ss.transaction('Order history', {
    functionArn: deskArn,
    timeoutSeconds: desk.invocationTimeLimitSeconds,
    parameters: deskParams('history'),
    status: 'orderStatus',
    keep: { historyOrders: 'orders' },
    routes: { ok: id('History menu'), empty: id('History none') },
  });
  ss.readBack('History none', '$.External.readBack', ss.toAgent());
  const choices = ['1', '2', '3'] as const;
  ss.menu('History menu', {
    prompt: `$.External.readBack ${t.historyEnd}`,
    options: {
      ...Object.fromEntries(choices.map((n) => [n, id(`Cancel choice ${n}`)])),
      '9': steps.goodbye,
    },
  });
  for (const n of choices) {
    f.setAttributes(id(`Cancel choice ${n}`), { orderChoice: n })
      .next(id('Cancel confirm'))
      .onError(ss.sorry());
  }
  ss.confirm('Cancel confirm', {
    prompt: t.cancelConfirm,
    onConfirm: id('Cancel order'),
    onChange: id('History menu'),
  });
  ss.transaction('Cancel order', {
    functionArn: deskArn,
    timeoutSeconds: desk.invocationTimeLimitSeconds,
    parameters: deskParams('cancel', {
      orders: '$.Attributes.historyOrders',
      choice: '$.Attributes.orderChoice',
    }),
    status: 'orderStatus',
    routes: { ok: id('Cancel result'), too_late: id('Cancel result'), not_found: id('Cancel result') },
  });
  ss.readBack('Cancel result', '$.External.readBack', steps.goodbye);

  return {
    card: card.start,
    menu: { [keys.order]: id('Order authenticated?'), [keys.history]: id('History authenticated?') },
  };
}
