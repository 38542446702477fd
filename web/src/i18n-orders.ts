/** Words of the order entry page (distribution), in zh-CN and en-US. */
import type { Lang } from './i18n';

const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

const en = {
  orderEntry: 'Order entry',
  retailer: 'Retailer',
  customerIdPlaceholder: 'Customer id, e.g. DS-2001',
  open: 'Open',
  period: 'Period',
  cutoff: 'Ordering closes',
  closed: 'Closed for this period',
  open_: 'Open',
  code: 'Code',
  product: 'Product',
  unit: 'Unit',
  price: 'Price',
  remaining: 'Supply left',
  limit: 'Limit (min–max)',
  noLimit: 'none',
  ordered: 'Ordered this period',
  allowed: 'Can order now',
  quantity: 'Quantity',
  total: 'Total',
  place: 'Place order',
  placed: (id: string, total: number) => `Order ${id} placed: ${yuan(total)}.`,
  already: (id: string) => `This order was already placed as ${id}.`,
  sms: (status: string) => `SMS confirmation: ${status}.`,
  refused: 'The order was refused; nothing was placed:',
  reason: (r: {
    code: string;
    reason: string;
    name?: string;
    limit?: number;
    allowed?: number;
    remaining?: number;
  }) => {
    const what = r.name ? `${r.name} (${r.code})` : r.code;
    switch (r.reason) {
      case 'over_limit':
        return `${what}: over the retailer's limit of ${r.limit} this period; ${r.allowed} more can be ordered.`;
      case 'sold_out':
        return `${what}: not enough supply; ${r.remaining} left.`;
      case 'no_supply':
        return `${what}: no supply this period.`;
      case 'unknown_product':
        return `${what}: not in the catalogue.`;
      case 'period_closed':
        return `${what}: ordering for this period has closed.`;
      default:
        return `${what}: the quantity is not valid.`;
    }
  },
  recentOrders: 'Recent orders',
  order: 'Order',
  status: 'Status',
  lines: 'Lines',
  createdAt: 'Placed',
  by: 'By',
  noProducts: 'No product has supply this period.',
  yuan,
};
export type OrderWords = typeof en;

const zh: OrderWords = {
  orderEntry: '订单录入',
  retailer: '零售客户',
  customerIdPlaceholder: '客户编号，例如 DS-2001',
  open: '打开',
  period: '订货周期',
  cutoff: '截止时间',
  closed: '本周期已截止',
  open_: '可订货',
  code: '编码',
  product: '品名',
  unit: '单位',
  price: '单价',
  remaining: '剩余货源',
  limit: '限量（下限–上限）',
  noLimit: '不限',
  ordered: '本期已订',
  allowed: '本次可订',
  quantity: '数量',
  total: '合计',
  place: '提交订单',
  placed: (id: string, total: number) => `订单 ${id} 已提交，合计 ${yuan(total)}。`,
  already: (id: string) => `该订单已提交过，订单号 ${id}。`,
  sms: (status: string) => `短信确认：${status}。`,
  refused: '订单未能提交，没有任何商品被订出：',
  reason: (r) => {
    const what = r.name ? `${r.name}（${r.code}）` : r.code;
    switch (r.reason) {
      case 'over_limit':
        return `${what}：超出该客户本期限量 ${r.limit}，还可订 ${r.allowed}。`;
      case 'sold_out':
        return `${what}：货源不足，只剩 ${r.remaining}。`;
      case 'no_supply':
        return `${what}：本期没有货源。`;
      case 'unknown_product':
        return `${what}：不在商品目录中。`;
      case 'period_closed':
        return `${what}：本期订货已截止。`;
      default:
        return `${what}：数量无效。`;
    }
  },
  recentOrders: '最近订单',
  order: '订单号',
  status: '状态',
  lines: '明细',
  createdAt: '下单时间',
  by: '经办人',
  noProducts: '本周期没有可订的货源。',
  yuan,
};

export const ORDER_WORDS: Record<Lang, OrderWords> = { 'en-US': en, 'zh-CN': zh };
