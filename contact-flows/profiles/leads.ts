/**
 * Lead capture settings per profile (issue 12): the client brand the centre sells for and its product lines (the
 * sales key's interest menu, keys 1…n in order). Only the outsourced service centre captures leads.
 */
import { type LeadSettings, LeadSettingsSchema } from '../../schemas/leads.js';
import type { ProfileId } from '../../schemas/profile.js';

const outsourcedCrm: LeadSettings = LeadSettingsSchema.parse({
  timeZone: 'Asia/Shanghai',
  queue: 'sales',
  client: { key: 'xinghe', name: { 'zh-CN': '星河通信', 'en-US': 'Xinghe Telecom' } },
  productLines: [
    { key: 'broadband', label: { 'zh-CN': '家庭宽带', 'en-US': 'home broadband' } },
    { key: 'mobile', label: { 'zh-CN': '手机套餐', 'en-US': 'mobile plans' } },
    { key: 'smart-home', label: { 'zh-CN': '智能家居', 'en-US': 'smart home' } },
    { key: 'business', label: { 'zh-CN': '企业专线', 'en-US': 'business lines' } },
  ],
});

const LEADS: Partial<Record<ProfileId, LeadSettings>> = { 'outsourced-crm': outsourcedCrm };

/** The profile's lead capture settings, or undefined when it captures no leads. */
export function leadSettingsOf(profile: ProfileId): LeadSettings | undefined {
  return LEADS[profile];
}
