/**
 * Pickup booking and dispatch (issue 12): one use case per action, whatever calls it (the IVR's in-call
 * Lambda, the `hotline pickups` CLI, the overdue schedule).
 *
 * - `offerPickup`: the caller's address on file and the next slots of their branch with capacity left;
 * - `bookPickup`: book a slot (capacity checked in the same transaction), idempotent per ContactId; then the
 *   dispatch notice to the branch's topic and the confirmation SMS (mobile numbers only);
 * - `changePickup`: the lifecycle (booked → dispatched → collected, or failed/cancelled), with history;
 *   cancelling frees the slot and tells the branch;
 * - `escalateOverduePickups`: a pickup not collected by the end of its slot goes, once, to the branch's topic
 *   and the supervisors;
 * - `resendPendingNotices`: the notices SNS refused, kept, are published again by the same schedule.
 */
import type { CustomerItem, Language } from '../../../schemas/crm.js';
import {
  type DispatchNotice,
  type Pickup,
  type PickupBranch,
  type PickupSettings,
  type PickupStatus,
  SlotIdSchema,
} from '../../../schemas/pickups.js';
import { isMobileNumber } from '../../core/mobile.js';
import { normalizePhone } from '../../core/phone.js';
import {
  changePickupStatus,
  formatPickupId,
  isBookable,
  isOverdue,
  nextStatus,
  PICKUP_TEXT,
  PickupRuleError,
  parseSlotId,
  type Slot,
  slotAnswer,
  slotLabel,
  slotsToOffer,
  spokenPickupId,
  upcomingSlots,
} from '../../core/pickups.js';
import type { CrmRepository } from '../../ports/crm-repository.js';
import { type PickupRepository, SlotFullError } from '../../ports/pickup-repository.js';
import type { Notifier } from '../../ports/sms.js';
import { confirmBySms, type SmsConfirmation } from '../sms/confirm-by-sms.js';
import type { SendSmsDeps } from '../sms/send-sms.js';

export interface PickupDeps {
  readonly pickups: PickupRepository;
  readonly crm: Pick<CrmRepository, 'getCustomer'>;
  readonly settings: PickupSettings;
  readonly phoneRegion: string;
  readonly sms?: SendSmsDeps;
  readonly notifier: Notifier;
  readonly now: () => Date;
}

/** The topic key of a branch's dispatch notices (SNS topic in AWS, `notifications.jsonl` locally). */
export const dispatchTopic = (branch: string): string => `dispatch:${branch}`;
/** Overdue pickups also go to the supervisors (the tickets' supervisor topic). */
export const SUPERVISOR_TOPIC = 'supervisor';

type Refusal = 'noAddress' | 'noBranch' | 'noSlots';

interface Ready {
  readonly customer: CustomerItem;
  readonly branch: PickupBranch;
  readonly address: string;
}

async function customerFor(
  deps: PickupDeps,
  customerId: string | undefined,
): Promise<Ready | { refusal: Refusal }> {
  const customer = customerId ? await deps.crm.getCustomer(customerId) : undefined;
  if (!customer?.pickupAddress) return { refusal: 'noAddress' };
  const branch = deps.settings.branches.find((b) => b.key === customer.branch);
  if (!branch) return { refusal: 'noBranch' };
  return { customer, branch, address: customer.pickupAddress };
}

export type Offer =
  | {
      readonly status: 'ok';
      readonly slots: readonly Slot[];
      readonly prompt: string;
      readonly answer: ReturnType<typeof slotAnswer>;
    }
  | { readonly status: 'refer'; readonly reason: Refusal; readonly prompt: string };

/** The slots the caller may choose, and what they hear. */
export async function offerPickup(
  deps: PickupDeps,
  input: { customerId?: string | undefined; language: Language },
): Promise<Offer> {
  const t = PICKUP_TEXT[input.language];
  const ready = await customerFor(deps, input.customerId);
  if ('refusal' in ready) return { status: 'refer', reason: ready.refusal, prompt: t[ready.refusal] };
  const now = deps.now();
  const candidates = upcomingSlots(deps.settings, ready.branch, now);
  const booked = await deps.pickups.bookedCounts(candidates.map((s) => s.slotId));
  const slots = slotsToOffer(deps.settings, ready.branch, now, booked);
  if (slots.length === 0) return { status: 'refer', reason: 'noSlots', prompt: t.noSlots };
  const labels = slots.map((s) => slotLabel(deps.settings, s, now, input.language));
  return {
    status: 'ok',
    slots,
    prompt: t.offer(ready.address, labels),
    answer: slotAnswer(deps.settings, ready.branch, slots, now, input.language),
  };
}

export interface BookPickupInput {
  readonly customerId?: string | undefined;
  readonly slotId: string;
  readonly language: Language;
  /** The caller's number as Connect gives it (SMS goes there when it is a mobile). */
  readonly phone?: string | undefined;
  readonly contactId?: string;
  readonly source: 'ivr' | 'agent';
  readonly by: string;
}

export type Booking =
  | { readonly status: 'ok'; readonly pickup: Pickup; readonly created: boolean }
  | { readonly status: 'full' }
  | { readonly status: 'refer'; readonly reason: Refusal | 'badSlot'; readonly prompt: string };

/** Book the slot, or say why not. Idempotent per contact: a retried Lambda answers the first booking. */
export async function bookPickup(deps: PickupDeps, input: BookPickupInput): Promise<Booking> {
  const t = PICKUP_TEXT[input.language];
  const idempotencyKey = input.contactId ? `CONTACT#${input.contactId}#pickup` : undefined;
  if (idempotencyKey) {
    const earlier = await deps.pickups.findByIdempotencyKey(idempotencyKey);
    if (earlier) return { status: 'ok', pickup: earlier, created: false };
  }
  const ready = await customerFor(deps, input.customerId);
  if ('refusal' in ready) return { status: 'refer', reason: ready.refusal, prompt: t[ready.refusal] };
  const now = deps.now();
  const slot = SlotIdSchema.safeParse(input.slotId).success
    ? parseSlotId(deps.settings, input.slotId)
    : undefined;
  if (!slot || slot.branch !== ready.branch.key || !isBookable(deps.settings, ready.branch, slot, now))
    return { status: 'refer', reason: 'badSlot', prompt: t.noSlots };
  const phone = input.phone ? normalizePhone(input.phone, deps.phoneRegion) : undefined;
  const e164 = phone?.kind === 'e164' ? phone.e164 : undefined;
  const day = formatPickupId(now, 0, deps.settings.timeZone).slice(1, 9);
  const pickupId = formatPickupId(now, await deps.pickups.nextSequence(day), deps.settings.timeZone);
  const at = now.toISOString();
  const pickup: Pickup = {
    pickupId,
    status: 'booked',
    branch: slot.branch,
    slotId: slot.slotId,
    slotStart: slot.start.toISOString(),
    slotEnd: slot.end.toISOString(),
    customerId: ready.customer.customerId,
    name: ready.customer.name,
    ...(e164 ? { phone: e164 } : {}),
    address: ready.address,
    language: input.language,
    source: input.source,
    ...(input.contactId ? { contactId: input.contactId } : {}),
    createdAt: at,
    updatedAt: at,
    history: [{ at, to: 'booked', by: input.by }],
  };
  try {
    return {
      status: 'ok',
      ...(await deps.pickups.book({
        pickup,
        capacity: ready.branch.capacityPerSlot,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      })),
    };
  } catch (err) {
    if (err instanceof SlotFullError) return { status: 'full' };
    throw err;
  }
}

/** The branch's notice (JSON), as the branch's dispatch system reads it. */
export function dispatchNotice(p: Pickup, type: DispatchNotice['type'], at: Date): DispatchNotice {
  return {
    type,
    pickupId: p.pickupId,
    branch: p.branch,
    slotStart: p.slotStart,
    slotEnd: p.slotEnd,
    customerId: p.customerId,
    ...(p.name ? { name: p.name } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    address: p.address,
    status: p.status,
    at: at.toISOString(),
  };
}

const SUBJECTS: Record<DispatchNotice['type'], string> = {
  'pickup.booked': 'Pickup booked',
  'pickup.cancelled': 'Pickup cancelled',
  'pickup.overdue': 'Pickup overdue',
};

/**
 * Publish `msg`, a notice about `p`; never throws. A notice SNS refuses is kept (`queued`) and the overdue sweep
 * publishes it again (`resendPendingNotices`), as the tickets' escalation run sends a refused notice again;
 * `failed` when even keeping it failed.
 */
async function publish(
  deps: Pick<PickupDeps, 'notifier' | 'now' | 'pickups'>,
  p: Pickup,
  type: DispatchNotice['type'],
  msg: { readonly topic: string; readonly subject: string; readonly body: string },
): Promise<'sent' | 'queued' | 'failed'> {
  try {
    await deps.notifier.notify(msg);
    return 'sent';
  } catch (err) {
    try {
      await deps.pickups.keepNotice({
        key: `${p.pickupId}#${type}#${msg.topic}`,
        ...msg,
        customerId: p.customerId,
        phone: p.phone,
        at: deps.now().toISOString(),
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      return 'queued';
    } catch {
      return 'failed';
    }
  }
}

/** Publish a notice to the branch's topic; never throws (`queued` for the next sweep, or `failed`). */
export function notifyBranch(
  deps: Pick<PickupDeps, 'notifier' | 'now' | 'pickups'>,
  p: Pickup,
  type: DispatchNotice['type'],
): Promise<'sent' | 'queued' | 'failed'> {
  return publish(deps, p, type, {
    topic: dispatchTopic(p.branch),
    subject: `${SUBJECTS[type]} ${p.pickupId} (${p.branch})`,
    body: JSON.stringify(dispatchNotice(p, type, deps.now())),
  });
}

/**
 * Publish again the notices SNS refused, oldest first, at most `limit` a run (the overdue sweep's schedule, every
 * 5 minutes): each is dropped once published; one refused again stays for the next run. A notice may so reach a
 * topic twice (published, then not dropped): subscribers tell them apart by pickup id and type.
 */
export async function resendPendingNotices(
  deps: Pick<PickupDeps, 'notifier' | 'pickups' | 'now'>,
  limit = 100,
): Promise<{ sent: string[]; failed: string[] }> {
  const sent: string[] = [];
  const failed: string[] = [];
  for (const n of await deps.pickups.listPendingNotices(limit)) {
    try {
      await deps.notifier.notify({ topic: n.topic, subject: n.subject, body: n.body });
    } catch (err) {
      failed.push(n.key);
      await deps.pickups
        .keepNotice({ ...n, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) })
        .catch(() => undefined);
      continue;
    }
    sent.push(n.key);
    await deps.pickups.dropNotice(n.key).catch(() => undefined);
  }
  return { sent, failed };
}

/** The confirmation SMS: only to a mobile number (`landline` otherwise), once per pickup. */
export async function confirmPickup(
  deps: PickupDeps,
  p: Pickup,
): Promise<SmsConfirmation | { readonly status: 'landline' }> {
  if (!p.phone) return { status: 'none' };
  if (!isMobileNumber(p.phone)) return { status: 'landline' };
  return confirmBySms(deps.sms, {
    to: p.phone,
    template: 'pickupConfirmation',
    language: p.language,
    variables: {
      pickupId: p.pickupId,
      slot: slotLabel(deps.settings, slotOf(deps.settings, p), deps.now(), p.language, true),
      address: p.address,
    },
    requestedBy: `pickup:${p.pickupId}`,
    dedupeKey: `pickupConfirmation#${p.pickupId}`,
  });
}

function slotOf(settings: PickupSettings, p: Pickup): Slot {
  const parsed = parseSlotId(settings, p.slotId);
  if (parsed) return parsed;
  const [, day = '', slotKey = ''] = p.slotId.split('#');
  return {
    slotId: p.slotId,
    branch: p.branch,
    day,
    slotKey,
    start: new Date(p.slotStart),
    end: new Date(p.slotEnd),
  };
}

/** What the caller hears after booking: the number read digit by digit, the slot, and whether an SMS follows. */
export function bookedPrompt(
  deps: Pick<PickupDeps, 'settings' | 'now'>,
  p: Pickup,
  sms: 'sent' | 'landline' | 'other',
): string {
  const t = PICKUP_TEXT[p.language];
  const label = slotLabel(deps.settings, slotOf(deps.settings, p), deps.now(), p.language);
  const sep = p.language === 'zh-CN' ? '' : ' ';
  const tail = sms === 'sent' ? t.smsSent : sms === 'landline' ? t.landline : '';
  return [t.booked(spokenPickupId(p.pickupId), label), tail].filter(Boolean).join(sep);
}

export class PickupNotFoundError extends Error {
  override readonly name = 'PickupNotFoundError';
}

/**
 * Move a pickup along its lifecycle (`to` defaults to the next step: booked → dispatched → collected).
 * Cancelling frees its slot and tells the branch.
 */
export async function changePickup(
  deps: PickupDeps,
  input: { pickupId: string; to?: PickupStatus; by: string; note?: string; courier?: string },
): Promise<Pickup> {
  const current = await deps.pickups.get(input.pickupId);
  if (!current) throw new PickupNotFoundError(`no pickup ${input.pickupId}`);
  const to = input.to ?? nextStatus(current.status);
  if (!to) throw new PickupRuleError(`pickup ${current.pickupId} is ${current.status}: it is closed`);
  const next = changePickupStatus(current, to, deps.now(), input.by, {
    ...(input.note ? { note: input.note } : {}),
    ...(input.courier ? { courier: input.courier } : {}),
  });
  await deps.pickups.save(next, current.updatedAt, { releaseSlot: to === 'cancelled' });
  if (to === 'cancelled') await notifyBranch(deps, next, 'pickup.cancelled');
  return next;
}

/**
 * Every open pickup whose slot ended by `at` and that was not collected: tell the branch and the supervisors,
 * once (recorded in its history). Returns the pickups escalated now.
 */
export async function escalateOverduePickups(deps: PickupDeps, at: Date = deps.now()): Promise<Pickup[]> {
  const done: Pickup[] = [];
  for (const p of await deps.pickups.listOverdue(at)) {
    if (!isOverdue(p, at)) continue;
    const iso = at.toISOString();
    const next: Pickup = {
      ...p,
      escalatedAt: iso,
      updatedAt: iso,
      history: [
        ...p.history,
        {
          at: iso,
          from: p.status,
          to: p.status,
          by: 'escalation',
          note: 'not collected by the end of its slot',
        },
      ],
    };
    // Record first (a conditional write): a concurrent sweep loses and sends nothing twice.
    try {
      await deps.pickups.save(next, p.updatedAt);
    } catch {
      continue;
    }
    await notifyBranch(deps, next, 'pickup.overdue');
    await publish(deps, next, 'pickup.overdue', {
      topic: SUPERVISOR_TOPIC,
      subject: `Pickup overdue ${p.pickupId} (${p.branch})`,
      body: JSON.stringify(dispatchNotice(next, 'pickup.overdue', at)),
    });
    done.push(next);
  }
  return done;
}
