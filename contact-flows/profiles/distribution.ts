import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { MON_TO_SAT, open, WEEKDAYS } from './hours.js';

/**
 * Retail ordering centre (tobacco-style distribution): retailers phone in orders, are
 * identified by customer card number and routed to their branch; complaints, suggestions
 * and praise become tickets with SLA deadlines.
 */
export const distribution: Profile = ProfileSchema.parse({
  id: 'distribution',
  title: 'Retail ordering and distribution centre',
  phoneRegion: 'CN',
  hours: {
    ordering: { name: 'Ordering centre Mon-Sat 08:30-17:30', days: open(MON_TO_SAT, '08:30', '17:30') },
    office: { name: 'Ordering centre service Mon-Fri 09:00-17:30', days: open(WEEKDAYS, '09:00', '17:30') },
  },
  queues: [
    {
      key: 'general',
      name: 'Ordering centre service',
      description:
        'Ordering centre service (订货服务中心): enquiries from unidentified callers and overflow.',
      hours: 'ordering',
    },
    {
      key: 'vip',
      name: 'Key retailer line',
      description: 'Key retailer line (重点零售户专线): VIP retailers, served by customer managers.',
      hours: 'ordering',
    },
    {
      key: 'orders',
      name: 'Phone ordering',
      description: 'Phone ordering (电话订货): orders checked against supply and per-customer limits.',
      hours: 'ordering',
    },
    {
      key: 'complaints',
      name: 'Complaints suggestions and praise',
      description: 'Complaints, suggestions and praise (投诉/建议/表扬): tickets with SLA deadlines.',
      hours: 'office',
    },
    {
      key: 'branch-north',
      name: 'North branch',
      description: 'North branch (北区分公司): identified retailers whose record names the north branch.',
      hours: 'ordering',
    },
    {
      key: 'branch-south',
      name: 'South branch',
      description: 'South branch (南区分公司): identified retailers whose record names the south branch.',
      hours: 'ordering',
    },
    {
      key: 'branch-east',
      name: 'East branch',
      description: 'East branch (东区分公司): identified retailers whose record names the east branch.',
      hours: 'ordering',
    },
  ],
  routingProfiles: [
    {
      key: 'order-taker',
      name: 'Order taker',
      description: 'Central order takers: phone orders and general service; branch calls that waited.',
      queues: [
        { queue: 'orders', priority: 1, delay: 0 },
        { queue: 'general', priority: 1, delay: 0 },
        { queue: 'branch-north', priority: 2, delay: 30 },
        { queue: 'branch-south', priority: 2, delay: 30 },
        { queue: 'branch-east', priority: 2, delay: 30 },
      ],
      defaultOutboundQueue: 'orders',
    },
    {
      key: 'branch-north-agent',
      name: 'North branch agent',
      description: 'North branch agents: their own retailers first, then central ordering overflow.',
      queues: [
        { queue: 'branch-north', priority: 1, delay: 0 },
        { queue: 'orders', priority: 2, delay: 20 },
        { queue: 'general', priority: 3, delay: 40 },
      ],
      defaultOutboundQueue: 'branch-north',
    },
    {
      key: 'branch-south-agent',
      name: 'South branch agent',
      description: 'South branch agents: their own retailers first, then central ordering overflow.',
      queues: [
        { queue: 'branch-south', priority: 1, delay: 0 },
        { queue: 'orders', priority: 2, delay: 20 },
        { queue: 'general', priority: 3, delay: 40 },
      ],
      defaultOutboundQueue: 'branch-south',
    },
    {
      key: 'branch-east-agent',
      name: 'East branch agent',
      description: 'East branch agents: their own retailers first, then central ordering overflow.',
      queues: [
        { queue: 'branch-east', priority: 1, delay: 0 },
        { queue: 'orders', priority: 2, delay: 20 },
        { queue: 'general', priority: 3, delay: 40 },
      ],
      defaultOutboundQueue: 'branch-east',
    },
    {
      key: 'customer-manager',
      name: 'Customer manager',
      description: 'Customer managers: key retailers first, then complaints, suggestions and praise.',
      queues: [
        { queue: 'vip', priority: 1, delay: 0 },
        { queue: 'complaints', priority: 2, delay: 0 },
        { queue: 'orders', priority: 3, delay: 45 },
      ],
      defaultOutboundQueue: 'vip',
    },
  ],
  generalQueue: 'general',
  vipQueue: 'vip',
  branchQueues: { north: 'branch-north', south: 'branch-south', east: 'branch-east' },
});
