import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { EVERY_DAY, MON_TO_SAT, open, WEEKDAYS } from './hours.js';

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
});
