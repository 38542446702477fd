import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { EVERY_DAY, MON_TO_SAT, open, WEEKDAYS } from './hours.js';
import { COMMON_PROMPTS } from './prompts.js';

/**
 * Car dealership (4S store) hotline: 1 repair booking, 2 insurance claim, 3 roadside rescue,
 * 5 owners' club, 6 complaints and suggestions, 0 agent; VIP green channel.
 * Roadside rescue answers around the clock; the service desk works Monday to Saturday.
 */
export const autoDealer: Profile = ProfileSchema.parse({
  id: 'auto-dealer',
  title: 'Car dealership (4S) customer hotline',
  phoneRegion: 'CN',
  hours: {
    service: { name: 'Dealer service desk Mon-Sat 08:00-20:00', days: open(MON_TO_SAT, '08:00', '20:00') },
    vip: { name: 'Dealer VIP green channel daily 08:00-21:00', days: open(EVERY_DAY, '08:00', '21:00') },
    rescue: { name: 'Dealer roadside rescue 24/7', days: open(EVERY_DAY, '00:00', '24:00') },
    office: { name: 'Dealer customer relations Mon-Fri 09:00-18:00', days: open(WEEKDAYS, '09:00', '18:00') },
  },
  queues: [
    {
      key: 'general',
      name: 'Service reception',
      description: 'Service reception (服务前台): general enquiries and key 0 for an agent.',
      hours: 'service',
    },
    {
      key: 'vip',
      name: 'VIP green channel',
      description: 'VIP green channel (VIP绿色通道): priority service for VIP owners.',
      hours: 'vip',
    },
    {
      key: 'repair',
      name: 'Repair and maintenance booking',
      description: 'Repair and maintenance booking (维修保养预约), menu key 1.',
      hours: 'service',
    },
    {
      key: 'insurance',
      name: 'Insurance claims',
      description: 'Accident and insurance claims (保险理赔), menu key 2.',
      hours: 'service',
    },
    {
      key: 'rescue',
      name: 'Roadside rescue',
      description: 'Roadside rescue and breakdown dispatch (道路救援), menu key 3, around the clock.',
      hours: 'rescue',
    },
    {
      key: 'club',
      name: 'Owners club',
      description: "Owners' club events and membership (车主俱乐部), menu key 5.",
      hours: 'office',
    },
    {
      key: 'complaints',
      name: 'Complaints and suggestions',
      description: 'Complaints and suggestions (投诉与建议), menu key 6.',
      hours: 'office',
    },
  ],
  routingProfiles: [
    {
      key: 'service-advisor',
      name: 'Service advisor',
      description: 'Service advisors: reception, repair bookings, insurance claims and the owners club.',
      queues: [
        { queue: 'repair', priority: 1, delay: 0 },
        { queue: 'general', priority: 1, delay: 0 },
        { queue: 'insurance', priority: 2, delay: 0 },
        { queue: 'club', priority: 3, delay: 0 },
        { queue: 'rescue', priority: 4, delay: 60 },
      ],
      defaultOutboundQueue: 'general',
    },
    {
      key: 'rescue-dispatcher',
      name: 'Rescue dispatcher',
      description: 'Roadside rescue dispatchers (24/7); take general calls that waited 30 seconds.',
      queues: [
        { queue: 'rescue', priority: 1, delay: 0 },
        { queue: 'general', priority: 2, delay: 30 },
      ],
      defaultOutboundQueue: 'rescue',
    },
    {
      key: 'vip-senior',
      name: 'VIP senior advisor',
      description: 'Senior advisors: the VIP green channel first, then complaints, then overflow.',
      queues: [
        { queue: 'vip', priority: 1, delay: 0 },
        { queue: 'complaints', priority: 2, delay: 0 },
        { queue: 'rescue', priority: 2, delay: 30 },
        { queue: 'general', priority: 3, delay: 45 },
        { queue: 'repair', priority: 3, delay: 45 },
      ],
      defaultOutboundQueue: 'vip',
    },
    {
      key: 'customer-relations',
      name: 'Customer relations',
      description: 'Customer relations: complaints, suggestions and return visits.',
      queues: [
        { queue: 'complaints', priority: 1, delay: 0 },
        { queue: 'club', priority: 2, delay: 0 },
        { queue: 'general', priority: 3, delay: 60 },
      ],
      defaultOutboundQueue: 'complaints',
    },
  ],
  generalQueue: 'general',
  vipQueue: 'vip',

  // Roadside rescue answers around the clock, so the IVR does too; each queue's own hours apply at transfer.
  hoursForEntry: 'rescue',
  menu: [
    {
      key: '1',
      queue: 'repair',
      label: { 'zh-CN': '预约维修保养', 'en-US': 'repair and maintenance booking' },
    },
    { key: '2', queue: 'insurance', label: { 'zh-CN': '保险理赔', 'en-US': 'insurance claims' } },
    // Urgent: a repeat caller put through to their last agent hears this key first (issue 12).
    {
      key: '3',
      queue: 'rescue',
      urgent: true,
      label: { 'zh-CN': '道路救援', 'en-US': 'roadside rescue' },
    },
    { key: '5', queue: 'club', label: { 'zh-CN': '车友会服务', 'en-US': "the owners' club" } },
    {
      key: '6',
      queue: 'complaints',
      label: { 'zh-CN': '投诉与建议', 'en-US': 'complaints and suggestions' },
    },
    { key: '0', queue: 'general', label: { 'zh-CN': '人工服务', 'en-US': 'an agent' } },
  ],
  prompts: {
    'zh-CN': {
      ...COMMON_PROMPTS['zh-CN'],
      welcome: '您好，欢迎致电汽车4S店客户服务热线。为了提高服务质量，您的通话可能会被录音。',
      afterHours:
        '您好，现在是非服务时间。维修保养和保险理赔的服务时间为周一至周六上午8点至晚上8点，道路救援全天24小时服务。请您在服务时间内再次来电。',
      queueClosed:
        '抱歉，您选择的服务目前不在服务时间内。维修保养和保险理赔的服务时间为周一至周六上午8点至晚上8点，车友会和投诉建议的服务时间为周一至周五上午9点至下午6点，道路救援全天24小时服务。',
      whisper:
        '车主 $.Attributes.displayName，会员等级 $.Attributes.tier，未结工单 $.Attributes.openTickets 个。$.Attributes.customerDetails',
      whisperVip: 'VIP车主来电，请优先接待。',
    },
    'en-US': {
      ...COMMON_PROMPTS['en-US'],
      welcome: 'Welcome to the dealership customer hotline. Calls may be recorded to improve our service.',
      afterHours:
        'Our service desk is closed. Repair bookings and insurance claims are handled Monday to Saturday, 8 AM to 8 PM, and roadside rescue answers around the clock. Please call again during opening hours.',
      queueClosed:
        "Sorry, the service you chose is closed. Repairs and insurance claims are handled Monday to Saturday, 8 AM to 8 PM; the owners' club and complaints Monday to Friday, 9 AM to 6 PM. Roadside rescue answers around the clock.",
      whisper:
        'Owner $.Attributes.displayName, tier $.Attributes.tier, with $.Attributes.openTickets open tickets.$.Attributes.customerDetails',
      whisperVip: 'VIP owner. Please give priority.',
    },
  },
  agents: [
    { id: 'agent-wang', name: '王磊', routingProfile: 'vip-senior' },
    { id: 'agent-liu', name: '刘静', routingProfile: 'service-advisor' },
    { id: 'agent-zhou', name: '周强', routingProfile: 'service-advisor' },
    { id: 'agent-sun', name: '孙涛', routingProfile: 'rescue-dispatcher' },
    { id: 'agent-hu', name: '胡敏', routingProfile: 'customer-relations' },
  ],
});
