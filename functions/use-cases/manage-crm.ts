/**
 * Operator actions on the CRM: block and unblock numbers, grant or withdraw VIP status, and
 * show what the in-call lookup sees for a number. Numbers may be written in any format
 * (`138-0013-8000`, `+86 138 0013 8000`, `0086…`): they are normalized with the region.
 */
import {
  AgentIdSchema,
  type BlockEntry,
  BlockEntrySchema,
  BlockReasonSchema,
  type Customer,
  CustomerIdSchema,
  type CustomerItem,
  CustomerSchema,
} from '../../schemas/crm.js';
import type { LookupResponse } from '../../schemas/lookup.js';
import { isBlockActive, type LookupPolicy } from '../core/caller-lookup.js';
import { DEFAULT_TIME_ZONE, parseTimeInput } from '../core/date-input.js';
import { normalizePhone } from '../core/phone.js';
import type { CrmRepository } from '../ports/crm-repository.js';
import { lookupCaller } from './lookup-caller.js';

/** The operator's input is wrong (a usage error): nothing was changed. */
export class CrmInputError extends Error {
  override readonly name = 'CrmInputError';
}

/** What the operator named does not exist. */
export class CrmNotFoundError extends Error {
  override readonly name = 'CrmNotFoundError';
}

export interface ManageCrmDeps {
  readonly crm: CrmRepository;
  /** Region for numbers without a country code (e.g. CN). */
  readonly phoneRegion: string;
  readonly now?: () => Date;
  /** The zone of a time written without an offset (the profile's); default Asia/Shanghai. */
  readonly timeZone?: string;
  /**
   * The agents a dedicated agent must be one of (the local contact centre's); undefined: any
   * well-formed id (in AWS, agents are Connect users this command cannot list).
   */
  readonly agentIds?: readonly string[];
}

/** A number as the operator typed it, in E.164; CrmInputError when it is not a number. */
export function operatorNumber(raw: string, region: string): string {
  const n = normalizePhone(raw, region);
  if (n.kind === 'e164') return n.e164;
  throw new CrmInputError(
    `"${raw}" is ${n.kind === 'withheld' ? 'not a phone number' : `not a valid number: ${n.reason}`}`,
  );
}

export interface BlockInput {
  readonly number: string;
  /** One of BLOCK_REASONS. */
  readonly reason: string;
  /** ISO date or date-time in the future; omitted: blocked until unblocked. */
  readonly until?: string;
  /** Who blocks (operator name). */
  readonly by: string;
}

/**
 * Check a block request and build its entry, without touching the store (so a command line
 * can refuse bad input before it opens anything). Throws CrmInputError.
 */
export function prepareBlock(
  input: BlockInput,
  region: string,
  now: Date,
  /** The zone of an --until without an offset (the profile's). */
  timeZone: string = DEFAULT_TIME_ZONE,
): { number: string; block: BlockEntry } {
  const number = operatorNumber(input.number, region);
  const reason = BlockReasonSchema.safeParse(input.reason);
  if (!reason.success) {
    throw new CrmInputError(`reason "${input.reason}" is not one of ${BlockReasonSchema.options.join(', ')}`);
  }
  let until: string | undefined;
  if (input.until !== undefined) {
    until = parseTimeInput(input.until, { label: '--until', timeZone, now, future: true }).toISOString();
  }
  const entry = BlockEntrySchema.safeParse({
    reason: reason.data,
    blockedBy: input.by.trim(),
    blockedAt: now.toISOString(),
    ...(until ? { until } : {}),
  });
  if (!entry.success) throw new CrmInputError(`--by: "${input.by}" must be 1 to 64 characters`);
  return { number, block: entry.data };
}

/** Block a number, customer's or not. Blocking again replaces the earlier block. */
export async function blockNumber(
  deps: ManageCrmDeps,
  input: BlockInput,
): Promise<{ number: string; block: BlockEntry }> {
  const { number, block } = prepareBlock(
    input,
    deps.phoneRegion,
    (deps.now ?? (() => new Date()))(),
    deps.timeZone,
  );
  await deps.crm.setBlock(number, block);
  return { number, block };
}

/** Lift a number's block. `wasBlocked` says whether there was one in force. */
export async function unblockNumber(
  deps: ManageCrmDeps,
  rawNumber: string,
): Promise<{ number: string; wasBlocked: boolean; previous?: BlockEntry }> {
  const now = (deps.now ?? (() => new Date()))();
  const number = operatorNumber(rawNumber, deps.phoneRegion);
  const item = await deps.crm.getPhone(number);
  if (item?.block) await deps.crm.setBlock(number, undefined);
  return {
    number,
    wasBlocked: isBlockActive(item?.block, now),
    ...(item?.block ? { previous: item.block } : {}),
  };
}

/**
 * The customer a number (through its lookup item) or a customer id names. A number is tried
 * first, so a customer id that looks like a number still resolves when no customer has that number.
 */
export async function findCustomer(deps: ManageCrmDeps, numberOrId: string): Promise<CustomerItem> {
  const n = normalizePhone(numberOrId, deps.phoneRegion);
  if (n.kind === 'e164') {
    const item = await deps.crm.getPhone(n.e164);
    if (item?.customerId) {
      const customer = await deps.crm.getCustomer(item.customerId);
      if (customer) return customer;
    }
  }
  const id = CustomerIdSchema.safeParse(numberOrId);
  const customer = id.success ? await deps.crm.getCustomer(id.data) : undefined;
  if (customer) return customer;
  throw new CrmNotFoundError(`no customer has the number or id "${numberOrId}"`);
}

export interface VipInput {
  /** A number of the customer, or the customer id. */
  readonly customer: string;
  /** Dedicated agent (the VIP's calls go to them first); omitted: keep the current one. */
  readonly agentId?: string;
  /** Withdraw VIP status (and the dedicated agent). */
  readonly off?: boolean;
}

export interface VipResult {
  readonly customer: Customer;
  readonly result: 'updated' | 'unchanged';
}

/** Check a VIP request without touching the store; the agent id as it will be stored. Throws CrmInputError. */
export function checkVipInput(input: VipInput): { agentId?: string } {
  if (input.off && input.agentId !== undefined)
    throw new CrmInputError('--agent cannot be combined with --off');
  if (input.agentId === undefined) return {};
  const parsed = AgentIdSchema.safeParse(input.agentId);
  if (!parsed.success)
    throw new CrmInputError(`--agent "${input.agentId}": ${parsed.error.issues[0]?.message}`);
  return { agentId: parsed.data };
}

/** Grant VIP status (optionally with a dedicated agent) or withdraw it (`off`). */
export async function setVip(deps: ManageCrmDeps, input: VipInput): Promise<VipResult> {
  const { agentId } = checkVipInput(input);
  if (agentId && deps.agentIds && !deps.agentIds.includes(agentId))
    throw new CrmNotFoundError(
      `no agent "${agentId}" in this contact centre (agents: ${deps.agentIds.join(', ')})`,
    );
  const stored = await findCustomer(deps, input.customer);
  const current = CustomerSchema.parse(stored);
  const { dedicatedAgentId, ...rest } = current;
  const agent = input.off ? undefined : (agentId ?? dedicatedAgentId);
  const next: Customer = { ...rest, vip: !input.off, ...(agent ? { dedicatedAgentId: agent } : {}) };
  if (next.vip === current.vip && next.dedicatedAgentId === current.dedicatedAgentId) {
    return { customer: current, result: 'unchanged' };
  }
  await deps.crm.saveCustomer(next, stored, (deps.now ?? (() => new Date()))());
  return { customer: next, result: 'updated' };
}

export interface ShowDeps extends ManageCrmDeps {
  readonly policy: LookupPolicy;
  /** How long the lookup may wait for data (the Lambda's budget, or more for a cold local store). */
  readonly budgetMs: number;
}

export interface NumberReport {
  /** The number in E.164. */
  readonly number: string;
  /** Exactly what the caller-lookup Lambda answers for this number. */
  readonly lookup: LookupResponse;
  /** The number's block entry (also an expired one), with whether it is in force. */
  readonly block?: BlockEntry & { readonly active: boolean };
  /** The stored record of the customer the number belongs to. */
  readonly customer?: CustomerItem;
}

/** What the in-call lookup sees for a number, with the block and customer record behind it. */
export async function showNumber(deps: ShowDeps, rawNumber: string): Promise<NumberReport> {
  const now = deps.now ?? (() => new Date());
  const number = operatorNumber(rawNumber, deps.phoneRegion);
  const outcome = await lookupCaller(
    { crm: deps.crm, policy: deps.policy, phoneRegion: deps.phoneRegion, budgetMs: deps.budgetMs, now },
    rawNumber,
  );
  if (outcome.failure) {
    const why = outcome.error instanceof Error ? `: ${outcome.error.message}` : '';
    throw new Error(`the CRM could not be read (${outcome.failure}${why})`);
  }
  const item = await deps.crm.getPhone(number);
  const customer = item?.customerId ? await deps.crm.getCustomer(item.customerId) : undefined;
  return {
    number,
    lookup: outcome.response,
    ...(item?.block ? { block: { ...item.block, active: isBlockActive(item.block, now()) } } : {}),
    ...(customer ? { customer } : {}),
  };
}
