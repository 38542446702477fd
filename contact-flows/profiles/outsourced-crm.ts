import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { EVERY_DAY, MON_TO_SAT, open, WEEKDAYS } from './hours.js';

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
});
