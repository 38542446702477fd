import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { EVERY_DAY, MON_TO_SAT, open, WEEKDAYS } from './hours.js';
import { COMMON_PROMPTS } from './prompts.js';

/**
 * Express carrier hotline: pickup booking, shipment status, delivery complaints, claims.
 * Couriers work every day, so the front line does too; claims are handled in office hours.
 * Each branch (分部) has a desk of its own: a caller whose customer record names the branch reaches it for a pickup
 * an agent books and for an agent (keys 1 and 0), as the distributor's retailers reach theirs. A branch that is
 * not listed (`branchQueues`) or whose desk is closed (the smaller branches work Monday to Saturday, as their
 * couriers do: contact-flows/profiles/pickups.ts) leaves the caller with the central queue.
 */
export const logistics: Profile = ProfileSchema.parse({
  id: 'logistics',
  title: 'Express carrier customer hotline',
  phoneRegion: 'CN',
  hours: {
    service: { name: 'Carrier service daily 08:00-20:00', days: open(EVERY_DAY, '08:00', '20:00') },
    vip: { name: 'Carrier key accounts daily 08:00-22:00', days: open(EVERY_DAY, '08:00', '22:00') },
    office: { name: 'Carrier claims office Mon-Fri 09:00-18:00', days: open(WEEKDAYS, '09:00', '18:00') },
    branch: {
      name: 'Carrier branch desks Mon-Sat 08:30-18:00',
      days: open(MON_TO_SAT, '08:30', '18:00'),
    },
  },
  queues: [
    {
      key: 'general',
      name: 'Customer service',
      description: 'Customer service (客服中心): general enquiries and transfers to an agent.',
      hours: 'service',
    },
    {
      key: 'vip',
      name: 'Key accounts',
      description: 'Key account line (大客户专线): contract shippers and VIP customers.',
      hours: 'vip',
    },
    {
      key: 'pickup',
      name: 'Pickup booking',
      description: 'Pickup booking (预约取件): book a courier; a dispatch notice follows.',
      hours: 'service',
    },
    {
      key: 'tracking',
      name: 'Shipment status',
      description: 'Shipment status enquiries (运单查询) that self-service could not answer.',
      hours: 'service',
    },
    {
      key: 'complaints',
      name: 'Delivery complaints',
      description: 'Delivery complaints (投诉): late, missed or damaged deliveries; a return visit follows.',
      hours: 'service',
    },
    {
      key: 'claims',
      name: 'Claims',
      description: 'Claims for lost or damaged shipments (理赔).',
      hours: 'office',
    },
    {
      key: 'branch-shanghai',
      name: 'Shanghai branch',
      description:
        'Shanghai branch desk (上海分部): pickups and enquiries of the customers whose record names the branch.',
      hours: 'service',
    },
    {
      key: 'branch-hangzhou',
      name: 'Hangzhou branch',
      description:
        'Hangzhou branch desk (杭州分部): pickups and enquiries of the customers whose record names the branch.',
      hours: 'service',
    },
    {
      key: 'branch-suzhou',
      name: 'Suzhou branch',
      description:
        'Suzhou branch desk (苏州分部): pickups and enquiries of the customers whose record names the branch.',
      hours: 'branch',
    },
    {
      key: 'branch-ningbo',
      name: 'Ningbo branch',
      description:
        'Ningbo branch desk (宁波分部): pickups and enquiries of the customers whose record names the branch.',
      hours: 'branch',
    },
    {
      key: 'branch-nanjing',
      name: 'Nanjing branch',
      description:
        'Nanjing branch desk (南京分部): pickups and enquiries of the customers whose record names the branch.',
      hours: 'branch',
    },
  ],
  routingProfiles: [
    {
      key: 'frontline',
      name: 'Front-line agent',
      description:
        'Front-line agents: pickups, shipment status and general enquiries; complaints that waited.',
      queues: [
        { queue: 'pickup', priority: 1, delay: 0 },
        { queue: 'tracking', priority: 1, delay: 0 },
        { queue: 'general', priority: 1, delay: 0 },
        { queue: 'complaints', priority: 2, delay: 30 },
      ],
      defaultOutboundQueue: 'pickup',
    },
    {
      key: 'key-account',
      name: 'Key account manager',
      description: 'Key account managers: the VIP line first, complaints and claims next, then overflow.',
      queues: [
        { queue: 'vip', priority: 1, delay: 0 },
        { queue: 'complaints', priority: 2, delay: 0 },
        { queue: 'claims', priority: 2, delay: 0 },
        { queue: 'general', priority: 3, delay: 45 },
      ],
      defaultOutboundQueue: 'vip',
    },
    {
      key: 'claims-handler',
      name: 'Claims handler',
      description: 'Claims handlers: claims and complaints; they also make the return visits.',
      queues: [
        { queue: 'claims', priority: 1, delay: 0 },
        { queue: 'complaints', priority: 1, delay: 0 },
        { queue: 'tracking', priority: 3, delay: 60 },
      ],
      defaultOutboundQueue: 'complaints',
    },
    // Two regional desks serve the branch queues (a routing profile takes at most 5 queues): Shanghai with the
    // Jiangsu branches, and the Zhejiang branches. Idle, they help with central pickups and enquiries.
    {
      key: 'desk-shanghai-jiangsu',
      name: 'Shanghai and Jiangsu branch desk',
      description:
        'Branch desk of Shanghai, Suzhou and Nanjing: their customers first, then central pickups and enquiries that waited.',
      queues: [
        { queue: 'branch-shanghai', priority: 1, delay: 0 },
        { queue: 'branch-suzhou', priority: 1, delay: 0 },
        { queue: 'branch-nanjing', priority: 1, delay: 0 },
        { queue: 'pickup', priority: 2, delay: 20 },
        { queue: 'general', priority: 3, delay: 40 },
      ],
      defaultOutboundQueue: 'branch-shanghai',
    },
    {
      key: 'desk-zhejiang',
      name: 'Zhejiang branch desk',
      description:
        'Branch desk of Hangzhou and Ningbo: their customers first, then central pickups and enquiries that waited.',
      queues: [
        { queue: 'branch-hangzhou', priority: 1, delay: 0 },
        { queue: 'branch-ningbo', priority: 1, delay: 0 },
        { queue: 'pickup', priority: 2, delay: 20 },
        { queue: 'general', priority: 3, delay: 40 },
      ],
      defaultOutboundQueue: 'branch-hangzhou',
    },
  ],
  generalQueue: 'general',
  vipQueue: 'vip',
  // The customer record's `branch` (the pickups' branch keys) → its desk.
  branchQueues: {
    shanghai: 'branch-shanghai',
    hangzhou: 'branch-hangzhou',
    suzhou: 'branch-suzhou',
    ningbo: 'branch-ningbo',
    nanjing: 'branch-nanjing',
  },

  // Key accounts are answered until 22:00; the other queues' own hours apply at transfer.
  hoursForEntry: 'vip',
  menu: [
    // A pickup an agent books (no address on file, or the caller asks for an agent) goes to the branch's desk.
    {
      key: '1',
      queue: 'pickup',
      branchFirst: true,
      label: { 'zh-CN': '预约上门取件', 'en-US': 'booking a pickup' },
    },
    { key: '2', queue: 'tracking', label: { 'zh-CN': '查询运单', 'en-US': 'shipment status' } },
    { key: '3', queue: 'complaints', label: { 'zh-CN': '快件投诉', 'en-US': 'delivery complaints' } },
    {
      key: '4',
      queue: 'claims',
      label: { 'zh-CN': '理赔服务', 'en-US': 'claims for lost or damaged parcels' },
    },
    { key: '0', queue: 'general', branchFirst: true, label: { 'zh-CN': '人工服务', 'en-US': 'an agent' } },
  ],
  prompts: {
    'zh-CN': {
      ...COMMON_PROMPTS['zh-CN'],
      welcome: '您好，欢迎致电快递客服热线。为了提高服务质量，您的通话可能会被录音。',
      afterHours:
        '您好，现在是非服务时间。客服热线的服务时间为每天上午8点至晚上8点，大客户专线服务至晚上10点。查询运单也可以通过官方网站或微信公众号自助办理。请您在服务时间内再次来电。',
      queueClosed:
        '抱歉，您选择的服务目前不在服务时间内。预约取件、运单查询和快件投诉的服务时间为每天上午8点至晚上8点，理赔服务时间为周一至周五上午9点至下午6点。',
      whisperVip: '大客户来电，请优先处理。',
    },
    'en-US': {
      ...COMMON_PROMPTS['en-US'],
      welcome: 'Welcome to the express delivery hotline. Calls may be recorded to improve our service.',
      afterHours:
        'Our hotline is closed. We answer every day from 8 AM to 8 PM, and the key account line until 10 PM. You can also track a shipment on our website. Please call again during opening hours.',
      queueClosed:
        'Sorry, the service you chose is closed. Pickups, shipment status and complaints are handled every day from 8 AM to 8 PM, and claims Monday to Friday, 9 AM to 6 PM.',
      whisperVip: 'Key account caller. Please give priority.',
    },
  },
  agents: [
    { id: 'agent-zhang', name: '张丽', routingProfile: 'frontline' },
    { id: 'agent-wu', name: '吴昊', routingProfile: 'frontline' },
    { id: 'agent-li', name: '李娜', routingProfile: 'key-account' },
    { id: 'agent-xu', name: '徐峰', routingProfile: 'claims-handler' },
    { id: 'agent-chen', name: '陈晨', routingProfile: 'desk-shanghai-jiangsu' },
    { id: 'agent-yang', name: '杨帆', routingProfile: 'desk-zhejiang' },
  ],
});
