/**
 * Repair booking scenarios (issue 12, dealer): the repair key through the real flows and the real repair-booking
 * handler on DynamoDB Local, in both languages: confirm the vehicle on file, choose a slot, book (number, SMS to
 * mobiles only); call again to move or cancel it (one key) or book another vehicle; a full slot is never offered;
 * an agent by 0 at every prompt; no input and wrong keys; every failure of the blocks. Every transition the
 * booking adds to the inbound flow is taken here; the coverage check in auto-dealer.test.ts holds it to 100%.
 *
 * The handler is built per call with the call's clock (`handlerAt`): slots are those of Monday 10:00 (today's
 * late morning, afternoon and late afternoon) whatever the real time.
 */

import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import { repairMenuOption } from '../../contact-flows/flows/repair-booking.js';
import { SELF_SERVICE_TEXT } from '../../contact-flows/flows/self-service.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { readOutbox } from '../../functions/adapters/local/outbox.js';
import { BOOKING_TEXT, spokenBookingId } from '../../functions/core/bookings.js';
import { createRepairBookingHandler, degradedBooking } from '../../functions/repair-booking/handler.js';
import { type BookingRuntimeDeps, bookingDepsFromEnv } from '../../functions/shared/booking-deps.js';
import { bookRepair } from '../../functions/use-cases/bookings/bookings.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { BookingResponseSchema, type Vehicle } from '../../schemas/bookings.js';
import { NO_SLOT } from '../../schemas/pickups.js';
import { LANGUAGES, type Language } from '../../schemas/profile.js';
import { MONDAY_10, type ScenarioCall, type ScenarioResult } from '../support/scenario-harness.js';
import { idIn, opening, type ScenarioFile } from './profile-scenarios.js';

/** Each language books on its own Monday (and fills its own Tuesday), so their bookings never share a slot. */
const MONDAYS: Readonly<Record<Language, string>> = {
  'zh-CN': MONDAY_10,
  'en-US': '2025-03-10T10:00:00+08:00',
};
const TUESDAYS: Readonly<Record<Language, string>> = {
  'zh-CN': '2025-03-04T10:00:00+08:00',
  'en-US': '2025-03-11T10:00:00+08:00',
};
const dayOf = (iso: string) => iso.slice(0, 10).replaceAll('-', '');
const throws: LambdaInvoker = () => {
  throw new Error('Runtime.HandlerTimeout: simulated crash');
};
const X3: Vehicle = { plate: '京A12345', model: '宝马X3', purchaseDate: '2023-05-01' };
const A4: Vehicle = { plate: '京B67890', model: '奥迪A4L', purchaseDate: '2021-06-30' };
const GOLF: Vehicle = { plate: '京C24680', model: '高尔夫', purchaseDate: '2019-03-25' };

export function repairScenarios(file: ScenarioFile): void {
  const { profile } = file;
  const option = repairMenuOption(profile);
  if (!option) return;
  let deps: BookingRuntimeDeps;
  let serial = 0;
  const env = () =>
    localTicketEnv(profile, {
      tableEnv: file.centre().tables.env,
      endpoint: file.centre().tables.endpoint,
      home: file.centre().home,
    });
  /** The use cases' dependencies on the call's clock. */
  const depsAt = (at: string): BookingRuntimeDeps => {
    const built = bookingDepsFromEnv({ ...env(), BOOKING_BUDGET_MS: '7000' }, { now: () => new Date(at) });
    if ('configError' in built) throw new Error(built.configError);
    return built;
  };
  /** The real handler, reading the clock of the call. */
  const handlerAt = (at: string): LambdaInvoker => {
    deps = depsAt(at);
    return createRepairBookingHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      bookings: deps,
    }) as LambdaInvoker;
  };
  /** The real handler wrapped by `change` (action, the real answer on demand). */
  const changed =
    (
      at: string,
      change: (
        action: string,
        real: () => Promise<Record<string, string>>,
      ) => Record<string, string> | Promise<Record<string, string>>,
    ): LambdaInvoker =>
    async (event, context) => {
      const action = String(
        (event as { Details: { Parameters: Record<string, string> } }).Details.Parameters.action,
      );
      return change(action, async () => (await handlerAt(at)(event, context)) as Record<string, string>);
    };

  /**
   * A new customer with `vehicles` on file, saved as the customer file imports them (schemas/crm.ts `vehicles`: on
   * the customer, copied to the phone items).
   */
  const newOwner = async (language: Language, vehicles: readonly Vehicle[], dial?: string) => {
    serial += 1;
    const phone =
      dial ?? `+86139${String(20_000_000 + serial * 97 + (language === 'zh-CN' ? 0 : 50)).slice(0, 8)}`;
    const customerId = `REPAIR-${language === 'zh-CN' ? 'ZH' : 'EN'}-${serial}`;
    await file.centre().tables.crm.saveCustomer(
      {
        customerId,
        name: customerId,
        phones: [phone],
        tier: 'standard',
        vip: false,
        language,
        vehicles: [...vehicles],
      },
      undefined,
      new Date(),
    );
    return { phone, customerId };
  };

  describe.each(LANGUAGES)(
    `${profile.id}: repair booking, callers whose language is %s`,
    (language: Language) => {
      const t = profile.prompts[language];
      const b = BOOKING_TEXT[language];
      const ss = SELF_SERVICE_TEXT[language];
      const id = (name: string) => idIn(profile, name, language);
      const heard = [...opening(profile, language), menuText(profile, language)];
      const zh = language === 'zh-CN';
      const sep = zh ? '' : ' ';
      let owner: { phone: string; customerId: string };
      const AT = MONDAYS[language];
      const DAY = dayOf(AT);
      const changedAt = (change: Parameters<typeof changed>[1]): LambdaInvoker => changed(AT, change);
      const call = (inputs: (string | null)[], extra: Partial<ScenarioCall> = {}, from = owner.phone) =>
        file.centre().call({
          contactId: randomUUID(),
          from,
          inputs: [option.key, ...inputs],
          ...extra,
          lambdas: { repairBooking: handlerAt(AT), ...extra.lambdas },
        });
      const answerOf = (r: ScenarioResult) => {
        const answers = r.lambdas
          .filter((l) => l.name.endsWith('repair-booking'))
          .map((l) => BookingResponseSchema.safeParse(l.response));
        const last = answers.at(-1);
        return last?.success ? last.data : undefined;
      };
      const toRepairQueue = (r: ScenarioResult) => {
        expect(r.path.map((s) => s.action)).toContain(id(`Queue ${option.queue}`));
        expect(r.queueKey).toBe(option.queue);
      };
      const spoken = (r: ScenarioResult) => r.prompts.slice(heard.length);
      const label = (v: Vehicle) => (zh ? `${v.plate}（${v.model}）` : `${v.plate} (${v.model})`);
      const today = (slot: 'late' | 'afternoon' | 'evening') =>
        zh
          ? {
              late: '今天上午10点半到12点',
              afternoon: '今天下午1点半到3点半',
              evening: '今天下午3点半到5点半',
            }[slot]
          : {
              late: 'today, late morning, 10:30 AM to noon',
              afternoon: 'today, afternoon, 1:30 to 3:30 PM',
              evening: 'today, late afternoon, 3:30 to 5:30 PM',
            }[slot];
      const slotsPrompt = b.slots([today('late'), today('afternoon'), today('evening')]);
      const workshop = zh ? '本店售后服务中心' : 'service centre';

      beforeAll(async () => {
        owner = await newOwner(language, [X3]);
      });

      it('the answer of the booking is what the caller hears, then goodbye (nothing booked: a stub)', async () => {
        // The first call through "Repair done": the coverage checks replay it, so it changes nothing.
        const quiet = await newOwner(language, [X3]);
        const r = await call(
          ['1', '1', '1'],
          {
            lambdas: {
              repairBooking: changedAt((action, real) =>
                action === 'offer'
                  ? real()
                  : {
                      ...degradedBooking(),
                      bookingStatus: 'ok',
                      prompt: b.booked('R, 1', today('late'), 'X'),
                    },
              ),
            },
          },
          quiet.phone,
        );
        expect(spoken(r).slice(-2)).toEqual([b.booked('R, 1', today('late'), 'X'), t.goodbye]);
      });

      it('books: the vehicle on file confirmed, a slot, the read-back, the number; an SMS follows', async () => {
        const r = await call(['1', '1', '1']);
        const booked = answerOf(r);
        expect(booked).toMatchObject({
          bookingStatus: 'ok',
          bookingId: expect.stringMatching(new RegExp(`^R${DAY}-\\d{4}$`)),
        });
        expect(spoken(r)).toEqual([
          `${b.vehicles([label(X3)])}${sep}${ss.menuAgent}`,
          `${slotsPrompt}${sep}${ss.menuAgent}`,
          `${b.readBack(today('late'), workshop)}${sep}${ss.confirmKeys}`,
          booked?.prompt,
          t.goodbye,
        ]);
        expect(booked?.prompt).toContain(b.smsSent);
        expect(r.outcome.type).toBe('disconnected');
        const saved = await deps.bookings.get(booked?.bookingId ?? '');
        expect(saved).toMatchObject({
          status: 'booked',
          slotId: `service#${DAY}#late`,
          vehicle: X3,
          customerId: owner.customerId,
          contactId: r.ctr.ContactId,
          language,
        });
        const sms = (await readOutbox(file.centre().home)).filter((l) =>
          l.body.includes(saved?.bookingId ?? '-'),
        );
        expect(sms.map((l) => l.to)).toEqual([owner.phone]);
        expect(r.attributes.repairBookingId).toBe(saved?.bookingId);
      });

      it('calling again: the booking is read back; 1 moves it (another slot, the old one freed)', async () => {
        const before = await deps.bookings.bookedCounts([`service#${DAY}#late`, `service#${DAY}#evening`]);
        const r = await call(['1', '2', '1']);
        const existing = r.lambdas.find((l) => l.name.endsWith('repair-booking'))?.response as Record<
          string,
          string
        >;
        expect(existing.bookingStatus).toBe('existing');
        expect(spoken(r)[0]).toBe(`${existing.prompt}${sep}${ss.menuAgent}`);
        expect(existing.prompt).toContain(zh ? '改约请按1' : 'To move it, press 1');
        // The slot it holds is not offered again: the next three are afternoon, late afternoon, tomorrow morning.
        expect(existing.slot1).toBe(`service#${DAY}#afternoon`);
        const moved = answerOf(r);
        expect(moved?.prompt).toContain(zh ? '改约成功' : 'is moved to');
        const saved = await deps.bookings.get(moved?.bookingId ?? '');
        expect(saved).toMatchObject({ status: 'booked', slotId: `service#${DAY}#evening`, moves: 1 });
        const now = await deps.bookings.bookedCounts([`service#${DAY}#late`, `service#${DAY}#evening`]);
        expect(now.get(`service#${DAY}#late`)).toBe((before.get(`service#${DAY}#late`) ?? 0) - 1);
        expect(now.get(`service#${DAY}#evening`)).toBe((before.get(`service#${DAY}#evening`) ?? 0) + 1);
      });

      it('3 books another vehicle; 2 cancels the booking (one key): its slot is freed and an SMS says so', async () => {
        const two = await newOwner(language, [X3, A4]);
        const first = await call(['2', '1', '1'], {}, two.phone);
        expect(answerOf(first)?.bookingStatus).toBe('ok');
        expect((await deps.bookings.get(answerOf(first)?.bookingId ?? ''))?.vehicle).toEqual(A4);
        const another = await call(['3', '1', '2', '1'], {}, two.phone);
        expect(answerOf(another)?.bookingStatus).toBe('ok');
        const cancelled = await call(['2'], {}, two.phone);
        const answer = answerOf(cancelled);
        expect(answer?.prompt).toBe(b.cancelled(spokenBookingId(answer?.bookingId ?? '')));
        const saved = await deps.bookings.get(answer?.bookingId ?? '');
        expect(saved?.status).toBe('cancelled');
        expect(spoken(cancelled).at(-1)).toBe(t.goodbye);
        const sms = (await readOutbox(file.centre().home)).filter((l) =>
          l.body.includes(saved?.bookingId ?? '-'),
        );
        expect(sms).toHaveLength(2);
      });

      it('a third vehicle is key 3; with two, key 3 is a wrong key', async () => {
        const three = await newOwner(language, [X3, A4, GOLF]);
        const r = await call(['3', '3', '1'], {}, three.phone);
        expect((await deps.bookings.get(answerOf(r)?.bookingId ?? ''))?.vehicle).toEqual(GOLF);
        const two = await newOwner(language, [X3, A4]);
        const wrong = await call(['3', '0'], {}, two.phone);
        expect(spoken(wrong)).toContain(ss.invalid);
        toRepairQueue(wrong);
      });

      it('at the vehicle menu: no key and wrong keys are re-prompted, then an agent; so are three silences', async () => {
        const fresh = await newOwner(language, [X3]);
        // 2 names no vehicle (one on file): a wrong key, as 9 is; the third miss goes to an agent.
        const r = await call([null, '9', '2'], {}, fresh.phone);
        expect(spoken(r).slice(1, 7)).toEqual([
          ss.noInput,
          spoken(r)[0],
          ss.invalid,
          spoken(r)[0],
          ss.invalid,
          ss.toAgent,
        ]);
        toRepairQueue(r);
        const silent = await call([null, null, null], {}, fresh.phone);
        expect(silent.prompts.filter((x) => x === ss.noInput)).toHaveLength(3);
        toRepairQueue(silent);
      });

      it('at the slot menu and the read-back: no key, wrong keys, 2 to change, then 0; silences reach an agent', async () => {
        const fresh = await newOwner(language, [X3]);
        const r = await call(['1', null, '9', '1', null, '7', '2', '1', '0'], {}, fresh.phone);
        expect(r.prompts.filter((x) => x === ss.invalid)).toHaveLength(2);
        expect(r.prompts.filter((x) => x === ss.noInput)).toHaveLength(2);
        expect(answerOf(r)?.bookingStatus).toBe('ok');
        expect(answerOf(r)?.bookingId).toBe('');
        toRepairQueue(r);
        toRepairQueue(await call(['1', null, null, null], {}, fresh.phone));
        toRepairQueue(await call(['1', '1', null, null, null], {}, fresh.phone));
      });

      it('at the booking read back on a second call: no key, a wrong key, then 0; silences reach an agent', async () => {
        const r = await call([null, '8', '0']);
        expect(r.prompts.filter((x) => x === ss.noInput || x === ss.invalid)).toHaveLength(2);
        toRepairQueue(r);
        toRepairQueue(await call([null, null, null]));
      });

      it('fewer slots or vehicles offered: the missing keys are wrong keys', async () => {
        const fresh = await newOwner(language, [X3]);
        const r = await call(
          ['1', '2', '3', '0'],
          {
            lambdas: {
              repairBooking: changedAt(async (action, real) =>
                action === 'offer' ? { ...(await real()), slot2: NO_SLOT, slot3: NO_SLOT } : real(),
              ),
            },
          },
          fresh.phone,
        );
        expect(r.prompts.filter((x) => x === ss.invalid)).toHaveLength(2);
        toRepairQueue(r);
        // Moving with no other slot open: the slot menu says so, and key 1 is a wrong key.
        const none = await call(['1', '1', '0'], {
          lambdas: {
            repairBooking: changedAt(async (action, real) =>
              action === 'offer'
                ? {
                    ...(await real()),
                    slot1: NO_SLOT,
                    slot2: NO_SLOT,
                    slot3: NO_SLOT,
                    slotsPrompt: b.noOtherSlot,
                  }
                : real(),
            ),
          },
        });
        expect(spoken(none)).toContain(`${b.noOtherSlot}${sep}${ss.menuAgent}`);
        expect(spoken(none)).toContain(ss.invalid);
        toRepairQueue(none);
      });

      it('the chosen slot fills before the booking: "just taken", the offer again, then an agent', async () => {
        const fresh = await newOwner(language, [X3]);
        const r = await call(
          ['1', '1', '1', '0'],
          {
            lambdas: {
              repairBooking: changedAt((action, real) =>
                action === 'offer' ? real() : { ...degradedBooking(), bookingStatus: 'full', prompt: b.full },
              ),
            },
          },
          fresh.phone,
        );
        expect(r.prompts).toContain(b.full);
        expect(r.lambdas.filter((l) => l.name.endsWith('repair-booking'))).toHaveLength(3);
        toRepairQueue(r);
      });

      it('a change refused by the Lambda (the booking is gone meanwhile): its reason, then an agent', async () => {
        const r = await call(['2'], {
          lambdas: {
            repairBooking: changedAt((action, real) =>
              action === 'offer' ? real() : { ...degradedBooking(), bookingStatus: 'refer', prompt: b.gone },
            ),
          },
        });
        const at = r.prompts.indexOf(b.gone);
        expect(r.prompts[at + 1]).toBe(t.transfer);
        toRepairQueue(r);
      });

      it.each([
        ['the offer throws', [] as string[], () => throws],
        ['the offer answers degraded', [], () => (() => degradedBooking()) as LambdaInvoker],
        [
          'the booking throws',
          ['1', '1', '1'],
          () =>
            changedAt((action, real) => {
              if (action !== 'offer') throw new Error('boom');
              return real();
            }),
        ],
        [
          'the booking answers degraded',
          ['1', '1', '1'],
          () => changedAt((action, real) => (action !== 'offer' ? degradedBooking() : real())),
        ],
      ])('%s: sorry, then an agent', async (_why, inputs, stub) => {
        const fresh = await newOwner(language, [X3]);
        const r = await call(inputs, { lambdas: { repairBooking: stub() } }, fresh.phone);
        expect(r.prompts).toContain(ss.failed);
        toRepairQueue(r);
      });

      it.each([
        ['Repair offer keep', [], false],
        ['Repair vehicle', [], false],
        ['Repair vehicle 1', ['1'], false],
        ['Repair vehicle 2', ['2'], false],
        ['Repair vehicle 3', ['3'], false],
        ['Repair slot', ['1'], false],
        ['Repair slot 1', ['1', '1'], false],
        ['Repair slot 2', ['1', '2'], false],
        ['Repair slot 3', ['1', '3'], false],
        ['Repair confirm', ['1', '1'], false],
        ['Repair submit keep', ['1', '1', '1'], false],
        ['Repair existing', [], true],
        ['Repair move', ['1'], true],
        ['Repair cancel', ['2'], true],
      ])('"%s" fails: sorry, then an agent', async (action, inputs, existing) => {
        const who = existing ? owner : await newOwner(language, [X3, A4, GOLF]);
        const r = await call(
          inputs,
          {
            faults: [
              { flow: file.centre().flowArn('inbound'), action: id(action), error: 'NoMatchingError' },
            ],
          },
          who.phone,
        );
        expect(r.prompts).toContain(ss.failed);
        toRepairQueue(r);
      });

      if (zh)
        it('a landline caller is booked and hears that no SMS will follow', async () => {
          const landline = await newOwner(language, [X3], '+861065521234');
          const r = await call(['1', '1', '1'], {}, landline.phone);
          expect(answerOf(r)?.prompt).toContain(b.landline);
          expect((await readOutbox(file.centre().home)).some((l) => l.to === landline.phone)).toBe(false);
        });

      it('a caller with no vehicle on file hears why and goes to an agent', async () => {
        const r = await call([], {}, zh ? '+8613600136999' : '+8613600136998');
        expect(spoken(r)[0]).toBe(BOOKING_TEXT['zh-CN'].noVehicle);
        expect(spoken(r)[1]).toBe(profile.prompts['zh-CN'].transfer);
        expect(r.queueKey).toBe(option.queue);
      });

      it('a full slot is never offered: the next slot with room is', async () => {
        const at = depsAt(TUESDAYS[language]);
        const tuesday = dayOf(TUESDAYS[language]);
        const capacity = at.settings.branches[0]?.capacityPerSlot ?? 0;
        for (let i = 0; i < capacity; i++) {
          const other = await newOwner(language, [X3]);
          const r = await bookRepair(at, {
            customerId: other.customerId,
            slotId: `service#${tuesday}#late`,
            language,
            source: 'agent',
            by: 'test',
          });
          expect(r.status).toBe('ok');
        }
        const fresh = await newOwner(language, [X3]);
        const r = await call(
          ['0'],
          { lambdas: { repairBooking: handlerAt(TUESDAYS[language]) } },
          fresh.phone,
        );
        const offer = r.lambdas.find((l) => l.name.endsWith('repair-booking'))?.response as Record<
          string,
          string
        >;
        const offered = [offer.slot1, offer.slot2, offer.slot3];
        expect(offered).not.toContain(`service#${tuesday}#late`);
        expect(offered[0]).toBe(`service#${tuesday}#afternoon`);
        expect(offered).toHaveLength(3);
        expect(offered).not.toContain(NO_SLOT);
      });
    },
  );
}
