/**
 * Voicemail per profile (F15): the ticket categories a message and an after-hours complaint become, the
 * department of a message left for each queue, the keys, the longest message and the prompts.
 * Kept beside the profiles (like ticketing.ts); `voicemailOf(profile.id)` is the one way to read them.
 */
import type { ProfileId } from '../../schemas/profile.js';
import {
  type VoicemailPrompts,
  type VoicemailSettings,
  type VoicemailSettingsInput,
  VoicemailSettingsSchema,
} from '../../schemas/voicemail.js';

const PROMPTS: { 'zh-CN': VoicemailPrompts; 'en-US': VoicemailPrompts } = {
  'zh-CN': {
    offer: '投诉请按{complaintKey}，给我们留言请按{messageKey}，我们会在上班后尽快处理。',
    queueOffer: '不想等候，给我们留言请按{key}。',
    instructions:
      '您的留言编号是 $.External.ticketIdSpoken 。请在提示音后留言，请说明您的姓名、联系电话和需要办理的事项，说完请按#号键或直接挂机。',
    tone: '嘀。',
    saved: '您的留言已收到，留言编号是 $.External.ticketIdSpoken 。我们会尽快与您联系。',
    failed: '抱歉，暂时无法为您留言，请在工作时间再次来电。',
  },
  'en-US': {
    offer:
      'To make a complaint, press {complaintKey}. To leave us a message, press {messageKey}. We will deal with it as soon as we open.',
    queueOffer: 'To leave a message instead of waiting, press {key}.',
    instructions:
      'Your reference number is $.External.ticketIdSpoken . Please leave your name, number and what we can do for you after the tone. When you are done, press the hash key or hang up.',
    tone: 'Beep.',
    saved:
      'Thank you, we have your message. Your reference number is $.External.ticketIdSpoken . We will call you back soon.',
    failed: 'Sorry, we cannot take a message just now. Please call again during our opening hours.',
  },
};

const common = {
  category: 'voicemail',
  complaintKey: '1',
  messageKey: '2',
  queueKey: '2',
  maxSeconds: 60,
  prompts: PROMPTS,
} as const;

const SETTINGS: Readonly<Record<ProfileId, VoicemailSettingsInput>> = {
  'auto-dealer': {
    ...common,
    complaintCategory: 'complaint',
    departments: {
      general: 'customer-relations',
      vip: 'customer-relations',
      repair: 'service',
      insurance: 'service',
      rescue: 'service',
      club: 'sales',
      complaints: 'customer-relations',
    },
  },
  logistics: {
    ...common,
    complaintCategory: 'delivery-complaint',
    departments: {
      general: 'delivery',
      vip: 'delivery',
      pickup: 'pickup',
      tracking: 'delivery',
      complaints: 'delivery',
      claims: 'claims',
      // A message left at a branch desk (pickups and enquiries of its customers) goes to pickup dispatch.
      'branch-shanghai': 'pickup',
      'branch-hangzhou': 'pickup',
      'branch-suzhou': 'pickup',
      'branch-ningbo': 'pickup',
      'branch-nanjing': 'pickup',
    },
  },
  distribution: {
    ...common,
    complaintCategory: 'complaint',
    departments: {
      general: 'customer-service',
      vip: 'customer-service',
      orders: 'orders',
      complaints: 'customer-service',
      'branch-north': 'orders',
      'branch-south': 'orders',
      'branch-east': 'orders',
    },
  },
  'outsourced-crm': {
    ...common,
    complaintCategory: 'service-complaint',
    departments: {
      general: 'service',
      vip: 'service',
      sales: 'sales',
      service: 'service',
      retention: 'retention',
    },
  },
};

const PARSED = Object.fromEntries(
  Object.entries(SETTINGS).map(([id, s]) => [id, VoicemailSettingsSchema.parse(s)]),
) as Record<ProfileId, VoicemailSettings>;

/** The voicemail settings of a profile. */
export function voicemailOf(profileId: ProfileId): VoicemailSettings {
  return PARSED[profileId];
}
