import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { MON_TO_SAT, open, WEEKDAYS } from './hours.js';
import { COMMON_PROMPTS } from './prompts.js';

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

  hoursForEntry: 'ordering',
  // Retailers identify themselves by card number (customer card, 客户卡号), as in the seed system.
  authenticateByCard: true,
  cardNumberMaxLength: 12,
  menu: [
    {
      key: '1',
      queue: 'orders',
      branchFirst: true,
      // Retailers call weekly: last-agent routing must not take phone ordering (self-service) away from them.
      urgent: true,
      label: { 'zh-CN': '电话订货', 'en-US': 'placing an order' },
    },
    // Order history is read by an agent for now; IVR self-service (F14) comes in a later slice.
    {
      key: '2',
      queue: 'orders',
      branchFirst: true,
      label: { 'zh-CN': '查询历史订单', 'en-US': 'your order history' },
    },
    {
      key: '3',
      queue: 'complaints',
      label: { 'zh-CN': '投诉、建议与表扬', 'en-US': 'complaints, suggestions and praise' },
    },
    // Spoken answers to the top FAQs (issue 14; knowledge.ts `ivrFaq`): 0 or a failure goes to the caller's branch.
    {
      key: '4',
      queue: 'general',
      branchFirst: true,
      label: { 'zh-CN': '常见问题', 'en-US': 'frequently asked questions' },
    },
    { key: '0', queue: 'general', branchFirst: true, label: { 'zh-CN': '人工服务', 'en-US': 'an agent' } },
  ],
  prompts: {
    'zh-CN': {
      ...COMMON_PROMPTS['zh-CN'],
      welcome: '您好，欢迎致电订货服务中心。为了提高服务质量，您的通话可能会被录音。',
      afterHours:
        '您好，现在是非服务时间。订货服务中心的服务时间为周一至周六上午8点30分至下午5点30分，请您在服务时间内来电订货。',
      queueClosed:
        '抱歉，您选择的服务目前不在服务时间内。电话订货的服务时间为周一至周六上午8点30分至下午5点30分，投诉、建议与表扬的受理时间为周一至周五上午9点至下午5点30分。',
      cardNumber: '请输入您的客户卡号，以井号键结束。',
      whisper:
        '零售户 $.Attributes.displayName，等级 $.Attributes.tier，未结工单 $.Attributes.openTickets 个。',
      whisperVip: '重点零售户来电。',
    },
    'en-US': {
      ...COMMON_PROMPTS['en-US'],
      welcome: 'Welcome to the ordering centre. Calls may be recorded to improve our service.',
      afterHours:
        'The ordering centre is closed. We take orders Monday to Saturday, from 8:30 AM to 5:30 PM. Please call again during opening hours.',
      queueClosed:
        'Sorry, the service you chose is closed. Orders are taken Monday to Saturday, 8:30 AM to 5:30 PM; complaints, suggestions and praise Monday to Friday, 9 AM to 5:30 PM.',
      cardNumber: 'Please enter your customer card number, followed by the hash key.',
      whisper:
        'Retailer $.Attributes.displayName, tier $.Attributes.tier, with $.Attributes.openTickets open tickets.',
      whisperVip: 'Key retailer.',
    },
  },
  agents: [
    { id: 'agent-ma', name: '马丽', routingProfile: 'order-taker' },
    { id: 'agent-song', name: '宋佳', routingProfile: 'order-taker' },
    { id: 'agent-gao', name: '高峰', routingProfile: 'branch-north-agent' },
    { id: 'agent-lin', name: '林涛', routingProfile: 'branch-south-agent' },
    { id: 'agent-he', name: '何静', routingProfile: 'branch-east-agent' },
    { id: 'agent-zhao', name: '赵敏', routingProfile: 'customer-manager' },
  ],
});
