import { type Profile, ProfileSchema } from '../../schemas/profile.js';
import { EVERY_DAY, open, WEEKDAYS } from './hours.js';

/**
 * Express carrier hotline: pickup booking, shipment status, delivery complaints, claims.
 * Couriers work every day, so the front line does too; claims are handled in office hours.
 */
export const logistics: Profile = ProfileSchema.parse({
  id: 'logistics',
  title: 'Express carrier customer hotline',
  phoneRegion: 'CN',
  hours: {
    service: { name: 'Carrier service daily 08:00-20:00', days: open(EVERY_DAY, '08:00', '20:00') },
    vip: { name: 'Carrier key accounts daily 08:00-22:00', days: open(EVERY_DAY, '08:00', '22:00') },
    office: { name: 'Carrier claims office Mon-Fri 09:00-18:00', days: open(WEEKDAYS, '09:00', '18:00') },
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
  ],
  generalQueue: 'general',
  vipQueue: 'vip',
});
