/**
 * Knowledge base per profile (F13): the article categories and, for each IVR menu key, the categories and
 * tags whose articles the agent workspace suggests for a call that chose it. Distribution uses the seven
 * knowledge categories of seed 004 (产品、品牌、营销、物流、系统操作、业务、FAQ).
 * `knowledgeOf(profile.id)` is the one way to read them.
 */
import {
  type KnowledgeSettings,
  type KnowledgeSettingsInput,
  KnowledgeSettingsSchema,
} from '../../schemas/knowledge.js';
import type { ProfileId } from '../../schemas/profile.js';

const c = (key: string, zh: string, en: string) => ({ key, label: { 'zh-CN': zh, 'en-US': en } });

const KNOWLEDGE_INPUT: Readonly<Record<ProfileId, KnowledgeSettingsInput>> = {
  'auto-dealer': {
    categories: [
      c('service', '维修保养', 'Service and maintenance'),
      c('insurance', '保险理赔', 'Insurance claims'),
      c('rescue', '道路救援', 'Roadside rescue'),
      c('club', '车友会', "Owners' club"),
      c('sales', '销售与车型', 'Sales and models'),
      c('policy', '政策与投诉处理', 'Policies and complaints'),
      c('faq', '常见问题', 'FAQ'),
    ],
    suggestions: {
      '1': { categories: ['service'], tags: ['保养', '预约'] },
      '2': { categories: ['insurance'], tags: ['理赔'] },
      '3': { categories: ['rescue'], tags: ['救援'] },
      '5': { categories: ['club'], tags: [] },
      '6': { categories: ['policy'], tags: ['投诉'] },
      '0': { categories: ['faq'], tags: [] },
    },
  },
  logistics: {
    categories: [
      c('pickup', '上门取件', 'Pickups'),
      c('tracking', '运单查询', 'Tracking'),
      c('delivery', '派送与投诉', 'Delivery and complaints'),
      c('claims', '理赔', 'Claims'),
      c('pricing', '资费与时效', 'Rates and transit times'),
      c('faq', '常见问题', 'FAQ'),
    ],
    suggestions: {
      '1': { categories: ['pickup'], tags: [] },
      '2': { categories: ['tracking'], tags: [] },
      '3': { categories: ['delivery'], tags: ['投诉'] },
      '4': { categories: ['claims'], tags: [] },
      '0': { categories: ['faq'], tags: [] },
    },
  },
  distribution: {
    categories: [
      c('product', '产品', 'Products'),
      c('brand', '品牌', 'Brands'),
      c('marketing', '营销', 'Marketing'),
      c('logistics', '物流', 'Logistics'),
      c('system', '系统操作', 'System operation'),
      c('business', '业务', 'Business rules'),
      c('faq', 'FAQ', 'FAQ'),
    ],
    suggestions: {
      '1': { categories: ['product', 'business'], tags: ['订货'] },
      '2': { categories: ['system', 'logistics'], tags: ['订单'] },
      '3': { categories: ['business'], tags: ['投诉'] },
      '4': { categories: ['faq', 'business', 'logistics'], tags: [] },
      '0': { categories: ['faq'], tags: [] },
    },
    // Seed 004's FAQ knowledge base, spoken to retailers by key: the questions an order taker answers all day.
    ivrFaq: {
      menuKey: '4',
      topics: [
        {
          key: '1',
          label: { 'zh-CN': '订货时间', 'en-US': 'ordering hours and cut-off' },
          articles: { 'zh-CN': 'order-cutoff', 'en-US': 'order-cutoff-en' },
        },
        {
          key: '2',
          label: { 'zh-CN': '订货限量', 'en-US': 'order limits' },
          articles: { 'zh-CN': 'order-limit', 'en-US': 'order-limit-en' },
        },
        {
          key: '3',
          label: { 'zh-CN': '送货时间', 'en-US': 'delivery days' },
          articles: { 'zh-CN': 'delivery-schedule', 'en-US': 'delivery-schedule-en' },
        },
        {
          key: '4',
          label: { 'zh-CN': '货款结算', 'en-US': 'payment' },
          articles: { 'zh-CN': 'faq-payment', 'en-US': 'faq-payment-en' },
        },
      ],
    },
  },
  'outsourced-crm': {
    categories: [
      c('product', '产品与套餐', 'Products and plans'),
      c('service', '客户服务', 'Customer service'),
      c('retention', '变更与挽留', 'Changes and retention'),
      c('scripts', '话术', 'Call scripts'),
      c('faq', '常见问题', 'FAQ'),
    ],
    suggestions: {
      '1': { categories: ['product', 'scripts'], tags: [] },
      '2': { categories: ['service'], tags: [] },
      '3': { categories: ['retention'], tags: ['退订'] },
      '0': { categories: ['faq'], tags: [] },
    },
  },
};

const KNOWLEDGE: Readonly<Record<ProfileId, KnowledgeSettings>> = Object.fromEntries(
  Object.entries(KNOWLEDGE_INPUT).map(([id, input]) => [id, KnowledgeSettingsSchema.parse(input)]),
) as Record<ProfileId, KnowledgeSettings>;

export function knowledgeOf(profileId: ProfileId): KnowledgeSettings {
  return KNOWLEDGE[profileId];
}
