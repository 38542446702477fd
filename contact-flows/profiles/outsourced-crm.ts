import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { EVERY_DAY, MON_TO_SAT, open, WEEKDAYS } from './hours.js';
import { COMMON_PROMPTS } from './prompts.js';

/**
 * Outsourced service centre: lead management, telesales, customer service and retention
 * campaigns run for client brands. Service runs long days; telesales keeps calling windows.
 */
export const outsourcedCrm: Profile = ProfileSchema.parse({
  id: 'outsourced-crm',
  title: 'Outsourced customer service and telesales centre',
  phoneRegion: 'CN',
  hours: {
    service: { name: 'Outsourced service daily 08:00-22:00', days: open(EVERY_DAY, '08:00', '22:00') },
    sales: { name: 'Outsourced telesales Mon-Sat 09:00-21:00', days: open(MON_TO_SAT, '09:00', '21:00') },
    retention: { name: 'Outsourced retention Mon-Fri 09:00-18:00', days: open(WEEKDAYS, '09:00', '18:00') },
  },
  queues: [
    {
      key: 'general',
      name: 'General enquiries',
      description: 'General enquiries (综合咨询) for the client brand; the default queue.',
      hours: 'service',
    },
    {
      key: 'vip',
      name: 'Premium customers',
      description: 'Premium customers (VIP客户) of the client brand.',
      hours: 'service',
    },
    {
      key: 'sales',
      name: 'Telesales and leads',
      description: 'Telesales and lead follow-up (电话销售/线索跟进), inbound and outbound.',
      hours: 'sales',
    },
    {
      key: 'service',
      name: 'Customer service',
      description: 'Customer service (客户服务): orders, accounts and after-sales questions.',
      hours: 'service',
    },
    {
      key: 'retention',
      name: 'Retention',
      description: 'Retention campaigns (客户挽留): cancellations and win-back calls.',
      hours: 'retention',
    },
  ],
  routingProfiles: [
    {
      key: 'service-agent',
      name: 'Service agent',
      description: 'Service agents: customer service and general enquiries; premium customers that waited.',
      queues: [
        { queue: 'service', priority: 1, delay: 0 },
        { queue: 'general', priority: 1, delay: 0 },
        { queue: 'vip', priority: 2, delay: 30 },
      ],
      defaultOutboundQueue: 'service',
    },
    {
      key: 'telesales-agent',
      name: 'Telesales agent',
      description: 'Telesales agents: inbound leads and outbound campaigns; general overflow.',
      queues: [
        { queue: 'sales', priority: 1, delay: 0 },
        { queue: 'general', priority: 3, delay: 60 },
      ],
      defaultOutboundQueue: 'sales',
    },
    {
      key: 'retention-specialist',
      name: 'Retention specialist',
      description: 'Retention specialists: cancellations and premium customers; service overflow.',
      queues: [
        { queue: 'retention', priority: 1, delay: 0 },
        { queue: 'vip', priority: 1, delay: 0 },
        { queue: 'service', priority: 3, delay: 45 },
      ],
      defaultOutboundQueue: 'retention',
    },
    {
      key: 'team-lead',
      name: 'Team lead',
      description: 'Team leads: premium customers first, then any queue whose callers waited too long.',
      queues: [
        { queue: 'vip', priority: 1, delay: 0 },
        { queue: 'retention', priority: 2, delay: 30 },
        { queue: 'service', priority: 2, delay: 60 },
        { queue: 'sales', priority: 3, delay: 60 },
        { queue: 'general', priority: 3, delay: 60 },
      ],
      defaultOutboundQueue: 'vip',
    },
  ],
  generalQueue: 'general',
  vipQueue: 'vip',

  hoursForEntry: 'service',
  menu: [
    {
      key: '1',
      queue: 'sales',
      label: { 'zh-CN': '产品咨询与购买', 'en-US': 'product information and purchases' },
    },
    { key: '2', queue: 'service', label: { 'zh-CN': '客户服务', 'en-US': 'customer service' } },
    {
      key: '3',
      queue: 'retention',
      label: { 'zh-CN': '业务变更与退订', 'en-US': 'changing or cancelling your plan' },
    },
    { key: '0', queue: 'general', label: { 'zh-CN': '人工服务', 'en-US': 'an agent' } },
  ],
  prompts: {
    'zh-CN': {
      ...COMMON_PROMPTS['zh-CN'],
      welcome: '您好，欢迎致电客户服务中心。为了提高服务质量，您的通话可能会被录音。',
      afterHours:
        '您好，现在是非服务时间。客户服务中心的服务时间为每天上午8点至晚上10点，请您在服务时间内再次来电。',
      queueClosed:
        '抱歉，您选择的服务目前不在服务时间内。产品咨询与购买的服务时间为周一至周六上午9点至晚上9点，业务变更与退订的服务时间为周一至周五上午9点至下午6点。',
    },
    'en-US': {
      ...COMMON_PROMPTS['en-US'],
      welcome: 'Welcome to the customer service centre. Calls may be recorded to improve our service.',
      afterHours:
        'The customer service centre is closed. We answer every day from 8 AM to 10 PM. Please call again during opening hours.',
      queueClosed:
        'Sorry, the service you chose is closed. Product information and purchases are handled Monday to Saturday, 9 AM to 9 PM; plan changes and cancellations Monday to Friday, 9 AM to 6 PM.',
    },
  },
  agents: [
    { id: 'agent-yang', name: '杨帆', routingProfile: 'service-agent' },
    { id: 'agent-huang', name: '黄蕾', routingProfile: 'service-agent' },
    { id: 'agent-zheng', name: '郑凯', routingProfile: 'telesales-agent' },
    { id: 'agent-luo', name: '罗欣', routingProfile: 'retention-specialist' },
    { id: 'agent-chen', name: '陈静', routingProfile: 'team-lead' },
  ],
});
