/**
 * What the caller hears of the order centre, in their language (pure): line and order read-backs with prices,
 * refusals with their reason, the order number digit by digit, the order history.
 */

import type { Order, OrderLine, OrderStatus } from '../../../schemas/orders.js';
import type { Language } from '../../../schemas/profile.js';
import { localParts } from '../business-time.js';
import type { LineCheck } from './orders.js';

/** `12.5` yuan → `12.50元` / `12.50 yuan`. */
export function money(cents: number, language: Language): string {
  const yuan = (cents / 100).toFixed(2);
  return language === 'zh-CN' ? `${yuan}元` : `${yuan} yuan`;
}

/** `O20261123-004512` → `O, 2 0 2 6 1 1 2 3, 0 0 4 5 1 2`. */
export function spokenOrderId(orderId: string): string {
  const m = /^O(\d+)-(\d+)$/.exec(orderId);
  if (!m) return orderId;
  return `O, ${[...(m[1] ?? '')].join(' ')}, ${[...(m[2] ?? '')].join(' ')}`;
}

const STATUS: Readonly<Record<Language, Readonly<Record<OrderStatus, string>>>> = {
  'zh-CN': {
    placed: '已提交',
    confirmed: '已确认',
    picked: '已分拣',
    delivered: '已送达',
    cancelled: '已取消',
  },
  'en-US': {
    placed: 'placed',
    confirmed: 'confirmed',
    picked: 'picked',
    delivered: 'delivered',
    cancelled: 'cancelled',
  },
};

export function lineText(line: OrderLine, language: Language): string {
  return language === 'zh-CN'
    ? `${line.name}，${line.quantity}${line.unit}，单价${money(line.unitPriceCents, language)}，小计${money(line.amountCents, language)}。`
    : `${line.name}, ${line.quantity} ${line.unit}, at ${money(line.unitPriceCents, language)} each, ${money(line.amountCents, language)}.`;
}

/** Why a line was refused, as the caller hears it. */
export function refusalText(check: Exclude<LineCheck, { ok: true }>, language: Language): string {
  const name = check.product
    ? language === 'zh-CN'
      ? (check.product.spokenName ?? `${check.product.brand}${check.product.specification}`)
      : (check.product.spokenName ?? `${check.product.brand} ${check.product.specification}`)
    : '';
  const unit = check.product?.unit ?? '';
  const zh = language === 'zh-CN';
  switch (check.reason) {
    case 'period_closed':
      return zh ? '抱歉，本期订货已截止。' : 'Sorry, ordering for this period has closed.';
    case 'unknown_product':
      return zh ? '抱歉，没有这个商品代码。' : 'Sorry, there is no product with that code.';
    case 'bad_quantity':
      return zh ? '抱歉，订货数量有误。' : 'Sorry, that quantity is not valid.';
    case 'no_supply':
      return zh ? `抱歉，${name}本期没有货源。` : `Sorry, ${name} has no supply this period.`;
    case 'sold_out':
      return check.remaining && check.remaining > 0
        ? zh
          ? `抱歉，${name}货源不足，仅剩${check.remaining}${unit}。`
          : `Sorry, only ${check.remaining} ${unit} of ${name} are left.`
        : zh
          ? `抱歉，${name}已售完。`
          : `Sorry, ${name} is sold out.`;
    case 'over_limit':
      return zh
        ? `抱歉，超出您本期${name}的订货上限${check.limit}${unit}，您还可以订${check.allowed}${unit}。`
        : `Sorry, that is over your limit of ${check.limit} ${unit} of ${name} this period; you may order ${check.allowed} more.`;
  }
}

/** The whole order before confirming: every line and the total. */
export function orderSummaryText(
  lines: readonly OrderLine[],
  totalCents: number,
  language: Language,
): string {
  const body = lines.map((l) => lineText(l, language)).join(language === 'zh-CN' ? '' : ' ');
  return language === 'zh-CN'
    ? `您的订单共${lines.length}种商品：${body}合计${money(totalCents, language)}。`
    : `Your order has ${lines.length} ${lines.length === 1 ? 'product' : 'products'}: ${body} The total is ${money(totalCents, language)}.`;
}

export function placedText(order: Order, language: Language, sms: boolean): string {
  const id = spokenOrderId(order.orderId);
  return language === 'zh-CN'
    ? `订货成功，合计${money(order.totalCents, language)}。您的订单号是 ${id}。${sms ? '我们已发送短信确认。' : ''}`
    : `Your order is placed, total ${money(order.totalCents, language)}. Your order number is ${id}.${sms ? ' We have sent you a text message to confirm it.' : ''}`;
}

function dateText(iso: string, timeZone: string, language: Language): string {
  const p = localParts(new Date(iso), timeZone);
  return language === 'zh-CN'
    ? `${p.month}月${p.day}日`
    : `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The last orders: date, lines, total, state; which key cancels each one that may still be cancelled. */
export function historyText(
  orders: readonly { order: Order; cancellable: boolean }[],
  timeZone: string,
  language: Language,
): string {
  const zh = language === 'zh-CN';
  if (orders.length === 0) return zh ? '您最近没有订单。' : 'You have no recent orders.';
  const parts = orders.map(({ order, cancellable }, i) => {
    const n = i + 1;
    const base = zh
      ? `第${n}笔，${dateText(order.createdAt, timeZone, language)}，${order.lines.length}种商品，合计${money(order.totalCents, language)}，${STATUS[language][order.status]}。`
      : `Order ${n}: ${dateText(order.createdAt, timeZone, language)}, ${order.lines.length} ${order.lines.length === 1 ? 'product' : 'products'}, total ${money(order.totalCents, language)}, ${STATUS[language][order.status]}.`;
    const cancel = cancellable ? (zh ? `取消这笔订单请按${n}。` : ` To cancel it, press ${n}.`) : '';
    return base + cancel;
  });
  const intro = zh
    ? `您最近的${orders.length}笔订单：`
    : `Your last ${orders.length === 1 ? 'order' : `${orders.length} orders`}: `;
  return intro + parts.join(zh ? '' : ' ');
}

export function cancelledText(order: Order, language: Language): string {
  return language === 'zh-CN'
    ? `订单 ${spokenOrderId(order.orderId)} 已取消。`
    : `Order ${spokenOrderId(order.orderId)} is cancelled.`;
}

export function tooLateText(language: Language): string {
  return language === 'zh-CN'
    ? '抱歉，这笔订单已不能取消。'
    : 'Sorry, that order can no longer be cancelled.';
}
