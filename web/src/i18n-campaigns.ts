/** Words of the campaign call panel (the agent's disposition on the current call page), in zh-CN and en-US. */
import type { Lang } from './i18n';

/** The dispositions of the profiles' campaigns (contact-flows/profiles/campaigns.ts): label and what it does. */
type Labels = Readonly<Record<string, { label: string; does?: string }>>;

const enLabels: Labels = {
  satisfied: { label: 'Satisfied', does: 'closes the complaint' },
  unsatisfied: { label: 'Unsatisfied', does: 'reopens the complaint' },
  'call-back': { label: 'Call back', does: 'called again at the time you give (default in an hour)' },
  'wrong-number': { label: 'Wrong number', does: 'not called again' },
  'do-not-call': { label: 'Do not call again', does: "added to the campaign's do-not-call list" },
  ordered: { label: 'Ordered', does: 'places the proposed order' },
  declined: { label: 'Declined' },
  interested: { label: 'Interested', does: 'the lead becomes qualified' },
  'not-interested': { label: 'Not interested', does: 'the lead is lost' },
  confirmed: { label: 'Confirmed' },
  cancelled: { label: 'Cancelled', does: 'cancels the pickup' },
};
const zhLabels: Labels = {
  satisfied: { label: '满意', does: '关闭投诉工单' },
  unsatisfied: { label: '不满意', does: '重新打开投诉工单' },
  'call-back': { label: '约定时间再回电', does: '按您填写的时间再拨打（默认一小时后）' },
  'wrong-number': { label: '号码错误', does: '不再拨打' },
  'do-not-call': { label: '拒绝再来电', does: '加入本活动的免打扰名单' },
  ordered: { label: '已下单', does: '提交建议的订单' },
  declined: { label: '暂不订货' },
  interested: { label: '有意向', does: '线索转为合格' },
  'not-interested': { label: '无意向', does: '线索关闭' },
  confirmed: { label: '确认' },
  cancelled: { label: '取消', does: '取消取件预约' },
};

const en = {
  campaignCall: 'Campaign call',
  purposes: {
    'return-visit': 'return visit',
    reminder: 'reminder',
    ordering: 'outbound ordering',
    telesales: 'telesales',
  } as Record<string, string>,
  entry: 'Contact',
  attempt: 'Attempt',
  disposition: 'Disposition',
  callbackAt: 'Call back at (your local time)',
  record: 'Record disposition',
  recorded: (label: string) => `Recorded: ${label}.`,
  alreadyRecorded: (label: string) => `Already recorded for this call: ${label}.`,
  nextCall: (at: string) => `It will be called again from ${at}.`,
  finished: (label: string) => `This contact is finished: ${label}.`,
  choose: 'Choose a disposition first.',
  labels: enLabels,
};
export type CampaignWords = typeof en;

const zh: CampaignWords = {
  campaignCall: '外呼活动来电',
  purposes: { 'return-visit': '回访', reminder: '提醒', ordering: '外呼订货', telesales: '电话营销' },
  entry: '名单序号',
  attempt: '第几次拨打',
  disposition: '通话结果',
  callbackAt: '回电时间（本地时间）',
  record: '记录通话结果',
  recorded: (label) => `已记录：${label}。`,
  alreadyRecorded: (label) => `本次通话已记录：${label}。`,
  nextCall: (at) => `将于 ${at} 起再次拨打。`,
  finished: (label) => `该联系人已完成：${label}。`,
  choose: '请先选择通话结果。',
  labels: zhLabels,
};

export const CAMPAIGN_WORDS: Record<Lang, CampaignWords> = { 'en-US': en, 'zh-CN': zh };

/**
 * A disposition's label in the UI's language: the known keys' own words, else the half of the campaign's
 * bilingual label (`满意 satisfied (close the complaint)`) in that language.
 */
export function dispositionLabel(lang: Lang, d: { key: string; label: string }): string {
  const known = CAMPAIGN_WORDS[lang].labels[d.key];
  if (known) return known.label;
  const [zhPart, ...rest] = d.label.split(' ');
  const enPart = rest.join(' ').replace(/\s*\(.*\)$/, '');
  return lang === 'zh-CN' ? (zhPart ?? d.label) : enPart || d.label;
}
