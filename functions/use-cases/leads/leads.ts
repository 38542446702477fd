/**
 * Lead capture and the leads' lifecycle (issue 12, the outsourcer): one use case per action, whatever calls it (the
 * IVR's in-call Lambda, the `hotline leads` CLI, an agent, the outbound campaigns).
 *
 * - `captureLead`: record a lead with its source, interest and consent to a call back; idempotent per ContactId;
 * - `changeLead`: new → contacted → qualified → won, or lost; every change kept in its history;
 * - `leadsToCall`: the dialling list: new leads that agreed to a call back and left a number, oldest first.
 */
import type { CustomerItem, Language } from '../../../schemas/crm.js';
import {
  LEAD_STATUSES,
  type Lead,
  type LeadSettings,
  type LeadSource,
  type LeadStatus,
} from '../../../schemas/leads.js';
import { changeLeadStatus, formatLeadId, LeadRuleError, nextLeadStatus } from '../../core/leads.js';
import { normalizePhone } from '../../core/phone.js';
import type { CrmRepository } from '../../ports/crm-repository.js';
import type { LeadRepository } from '../../ports/lead-repository.js';

export interface LeadDeps {
  readonly leads: LeadRepository;
  readonly crm: Pick<CrmRepository, 'getCustomer' | 'getPhone'>;
  readonly settings: LeadSettings;
  readonly phoneRegion: string;
  readonly now: () => Date;
}

export class LeadNotFoundError extends Error {
  override readonly name = 'LeadNotFoundError';
}

export interface CaptureLeadInput {
  /** A product line key of the settings. */
  readonly interest: string;
  readonly consent: boolean;
  readonly source: LeadSource;
  readonly sourceDetail?: string | undefined;
  readonly customerId?: string | undefined;
  /** The caller's number as given (kept in E.164; the customer is found by it when no id is given). */
  readonly phone?: string | undefined;
  readonly language: Language;
  readonly contactId?: string | undefined;
  readonly by: string;
  readonly note?: string | undefined;
}

/** Record a lead. A replay of the same contact answers the first lead (`created: false`). */
export async function captureLead(
  deps: LeadDeps,
  input: CaptureLeadInput,
): Promise<{ lead: Lead; created: boolean }> {
  const product = deps.settings.productLines.find((p) => p.key === input.interest);
  if (!product)
    throw new LeadRuleError(
      `interest must be one of ${deps.settings.productLines.map((p) => p.key).join(', ')}`,
    );
  const phone = input.phone ? normalizePhone(input.phone, deps.phoneRegion) : undefined;
  const e164 = phone?.kind === 'e164' ? phone.e164 : undefined;
  let customer: CustomerItem | undefined;
  if (input.customerId) customer = await deps.crm.getCustomer(input.customerId);
  else if (e164) {
    const owner = await deps.crm.getPhone(e164);
    if (owner?.customerId) customer = await deps.crm.getCustomer(owner.customerId);
  }
  const now = deps.now();
  const day = formatLeadId(now, 0, deps.settings.timeZone).slice(1, 9);
  const leadId = formatLeadId(now, await deps.leads.nextSequence(day), deps.settings.timeZone);
  const at = now.toISOString();
  const lead: Lead = {
    leadId,
    status: 'new',
    source: input.source,
    ...(input.sourceDetail ? { sourceDetail: input.sourceDetail } : {}),
    client: deps.settings.client.key,
    interest: product.key,
    consent: input.consent,
    ...(customer ? { customerId: customer.customerId, name: customer.name } : {}),
    ...(e164 ? { phone: e164 } : {}),
    language: input.language,
    ...(input.contactId ? { contactId: input.contactId } : {}),
    createdAt: at,
    updatedAt: at,
    history: [{ at, to: 'new', by: input.by, ...(input.note ? { note: input.note } : {}) }],
  };
  return deps.leads.create(lead, input.contactId ? `CONTACT#${input.contactId}#lead` : undefined);
}

/** Move a lead along its lifecycle (`to` defaults to the next step: new → contacted → qualified → won). */
export async function changeLead(
  deps: LeadDeps,
  input: { leadId: string; to?: LeadStatus; by: string; note?: string },
): Promise<Lead> {
  const current = await deps.leads.get(input.leadId);
  if (!current) throw new LeadNotFoundError(`no lead ${input.leadId}`);
  const to = input.to ?? nextLeadStatus(current.status);
  if (!to) throw new LeadRuleError(`lead ${current.leadId} is ${current.status}: it is closed`);
  const next = changeLeadStatus(current, to, deps.now(), input.by, input.note);
  await deps.leads.save(next, current.updatedAt);
  return next;
}

/** Leads, by status (every status when none is given), each status oldest first. */
export async function listLeads(
  deps: Pick<LeadDeps, 'leads'>,
  opts: { status?: LeadStatus; source?: LeadSource; from?: string; to?: string } = {},
): Promise<Lead[]> {
  const out: Lead[] = [];
  for (const status of opts.status ? [opts.status] : LEAD_STATUSES) {
    const found = await deps.leads.listByStatus(status, {
      ...(opts.from ? { from: opts.from } : {}),
      ...(opts.to ? { to: opts.to } : {}),
    });
    out.push(...found.filter((l) => !opts.source || l.source === opts.source));
  }
  return out;
}

/**
 * The dialling list of the outbound campaigns: leads not yet contacted (`new`) that agreed to a call back and left
 * a number, oldest first, at most `limit`. Reaching one is recorded with `changeLead(… to: 'contacted')`.
 */
export async function leadsToCall(
  deps: Pick<LeadDeps, 'leads'>,
  opts: { limit?: number; interest?: string } = {},
): Promise<Lead[]> {
  const limit = opts.limit ?? 1000;
  const out: Lead[] = [];
  for (const l of await deps.leads.listByStatus('new')) {
    if (!l.consent || !l.phone || (opts.interest && l.interest !== opts.interest)) continue;
    out.push(l);
    if (out.length >= limit) break;
  }
  return out;
}
