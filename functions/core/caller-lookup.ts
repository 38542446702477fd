import type { Language, PhoneItem } from '../../schemas/crm.js';
import type { LookupResponse, LookupStatus } from '../../schemas/lookup.js';
import type { CallerNumber } from './phone.js';

/** What the lookup needs to know of the industry profile. */
export interface LookupPolicy {
  readonly vipQueue: string;
  /** Branch name → queue key. */
  readonly branchQueues: Readonly<Record<string, string>>;
  /** Last-agent routing only within this many days of the last contact with an agent. @default 7 */
  readonly lastAgentWindowDays?: number;
  /** The agents' language (the whisper's): `customerDetails` is written in it. @default 'zh-CN' */
  readonly defaultLanguage?: Language;
  /** Branch key → its name in the agents' language, for the whisper (a branch not listed: its key). */
  readonly branchNames?: Readonly<Record<string, string>>;
}

const DETAIL_WORDS: Readonly<
  Record<Language, { pickupAddress: string; branch: string; vehicles: string; client: string; brand: string }>
> = {
  'zh-CN': { pickupAddress: '取件地址', branch: '网点', vehicles: '车辆', client: '委托客户', brand: '品牌' },
  'en-US': {
    pickupAddress: 'Pickup address',
    branch: 'branch',
    vehicles: 'Vehicles',
    client: 'Client',
    brand: 'brand',
  },
};

/** `沪A12345 Model Y 2024-05-01; 沪B54321 凯美瑞 2021-03-15`. */
export const vehiclesText = (vehicles: PhoneItem['vehicles']): string =>
  (vehicles ?? []).map((v) => `${v.plate} ${v.model} ${v.purchaseDate}`).join('; ');

/**
 * The record's industry fields as one sentence for the whisper (empty when it has none): the carrier's pickup
 * address and branch (by its name in `branchNames`), the dealer's vehicles, the outsourcer's client and brand. English starts with a space, so
 * that the whisper's template can append it to its own sentence either way.
 */
export function customerDetails(
  item: PhoneItem,
  language: Language = 'zh-CN',
  branchNames: Readonly<Record<string, string>> = {},
): string {
  const w = DETAIL_WORDS[language];
  const zh = language === 'zh-CN';
  const parts: string[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) parts.push(`${label}${zh ? '：' : ': '}${value}`);
  };
  add(w.pickupAddress, item.pickupAddress);
  if (item.pickupAddress && item.branch) add(w.branch, branchNames[item.branch] ?? item.branch);
  add(w.vehicles, item.vehicles?.length ? vehiclesText(item.vehicles) : undefined);
  add(w.client, item.client);
  add(w.brand, item.brand);
  if (parts.length === 0) return '';
  return zh ? `${parts.join('，')}。` : ` ${parts.join(', ')}.`;
}

/** The profile default of the last-agent window (schemas/profile.ts `lastAgentWindowDays`). */
export const DEFAULT_LAST_AGENT_WINDOW_DAYS = 7;

/**
 * The agent of the newest contact that had one, if that contact is at most `days` old: last-agent routing (the
 * inbound flow's "Last agent free?" needs an agent id) applies only within the profile's recency window.
 */
export function lastAgentWithin(
  recentNewestFirst: readonly { readonly at: string; readonly agentId?: string | undefined }[],
  days: number,
  now: Date,
): string {
  const last = recentNewestFirst.find((c) => c.agentId);
  if (!last?.agentId) return '';
  const age = now.getTime() - Date.parse(last.at);
  return age <= days * 86_400_000 ? last.agentId : '';
}

const EMPTY: LookupResponse = {
  lookupStatus: 'not_found',
  known: 'false',
  withheld: 'false',
  customerId: '',
  displayName: '',
  tier: '',
  vip: 'false',
  blocked: 'false',
  blockReason: '',
  dedicatedAgentId: '',
  lastAgentId: '',
  lastContactAt: '',
  branch: '',
  queueHint: '',
  openTickets: '0',
  recentContactCount: '0',
  recentContacts: '[]',
  language: '',
  pickupAddress: '',
  vehicles: '',
  client: '',
  brand: '',
  customerDetails: '',
};

/**
 * The safe default: nothing known, nothing blocked, route to the general queue.
 * Given for a malformed event or when the data could not be read in time.
 */
export function degradedLookup(withheld = false): LookupResponse {
  return { ...EMPTY, lookupStatus: 'degraded', withheld: String(withheld) as 'true' | 'false' };
}

/** A block is in force from when it was set until `until` (exclusive), or forever. */
export function isBlockActive(block: PhoneItem['block'], now: Date): boolean {
  if (!block) return false;
  return block.until === undefined || Date.parse(block.until) > now.getTime();
}

/**
 * Decide the flow's view of a caller from the number's lookup item. Pure: the same item,
 * number and clock always give the same answer.
 * A withheld or invalid number is never matched to a customer or a block entry.
 */
export function decideLookup(
  caller: CallerNumber,
  item: PhoneItem | undefined,
  policy: LookupPolicy,
  now: Date,
): LookupResponse {
  if (caller.kind !== 'e164')
    return { ...EMPTY, withheld: String(caller.kind === 'withheld') as 'true' | 'false' };
  if (!item) return { ...EMPTY };
  const known = item.customerId !== undefined;
  const blocked = isBlockActive(item.block, now);
  const recent = [...(item.recentContacts ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  const last = recent[0];
  const status: LookupStatus = known ? 'ok' : 'not_found';
  const vip = known && item.vip === true;
  const branchQueue = item.branch ? policy.branchQueues[item.branch] : undefined;
  return {
    ...EMPTY,
    lookupStatus: status,
    known: String(known) as 'true' | 'false',
    customerId: item.customerId ?? '',
    displayName: item.name ?? '',
    tier: item.tier ?? '',
    vip: String(vip) as 'true' | 'false',
    blocked: String(blocked) as 'true' | 'false',
    blockReason: blocked ? (item.block?.reason ?? '') : '',
    dedicatedAgentId: vip ? (item.dedicatedAgentId ?? '') : '',
    lastAgentId: lastAgentWithin(recent, policy.lastAgentWindowDays ?? DEFAULT_LAST_AGENT_WINDOW_DAYS, now),
    lastContactAt: last?.at ?? '',
    branch: item.branch ?? '',
    queueHint: vip ? policy.vipQueue : (branchQueue ?? ''),
    openTickets: String(item.openTickets ?? 0),
    recentContactCount: String(recent.length),
    recentContacts: JSON.stringify(
      recent.map((c) => ({
        at: c.at,
        agentId: c.agentId ?? '',
        queue: c.queue ?? '',
        channel: c.channel ?? '',
      })),
    ),
    language: item.language ?? '',
    pickupAddress: known ? (item.pickupAddress ?? '') : '',
    vehicles: known ? vehiclesText(item.vehicles) : '',
    client: known ? (item.client ?? '') : '',
    brand: known ? (item.brand ?? '') : '',
    customerDetails: known ? customerDetails(item, policy.defaultLanguage, policy.branchNames) : '',
  };
}

/**
 * The Connect user ID of each profile agent (`agent-wang=<user id>,agent-liu=<user id>`), as the deployment passes it
 * to the lookup (an invocation parameter of the inbound flow): the CRM names agents by the profile's agent keys, and
 * routing to an agent's own queue (CheckMetricData / UpdateContactTargetQueue `AgentId`) needs the user ID. Pairs
 * that are not `key=value` are ignored, so a malformed parameter never fails a call.
 */
export function parseAgentUserIds(text: string | undefined): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const id = pair.slice(at + 1).trim();
    if (key && id) out[key] = id;
  }
  return out;
}

/**
 * The answer with `dedicatedAgentId` and `lastAgentId` as Connect user IDs: a profile agent key becomes its
 * user's ID; anything else (already a user ID, e.g. from a contact record, or an agent the deployment does not
 * know) is kept as it is.
 */
export function withAgentUserIds(
  response: LookupResponse,
  userIds: Readonly<Record<string, string>>,
): LookupResponse {
  const map = (id: string) => (Object.hasOwn(userIds, id) ? (userIds[id] ?? id) : id);
  return {
    ...response,
    dedicatedAgentId: map(response.dedicatedAgentId),
    lastAgentId: map(response.lastAgentId),
  };
}
