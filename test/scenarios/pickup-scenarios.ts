/**
 * Pickup booking scenarios (issue 12): the carrier's menu key through the real flows and the real pickup
 * handler on DynamoDB Local, in both languages: book (number, branch notice, SMS to mobiles only), change the
 * slot, a full slot, an agent by 0 at every prompt, no input and wrong keys, and every failure of the blocks
 * (Lambda error, degraded answer, a failing step). Every transition the booking adds to the inbound flow is
 * taken here; the coverage check that follows in logistics.test.ts holds it to 100%.
 *
 * The pickup handler is built per call with the call's clock (`handlerAt`), so slots are those of the call's
 * moment (Monday 10:00) whatever the real time.
 */

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import { pickupMenuOption } from '../../contact-flows/flows/pickup-booking.js';
import { SELF_SERVICE_TEXT } from '../../contact-flows/flows/self-service.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { notificationsPath, readOutbox } from '../../functions/adapters/local/outbox.js';
import { PICKUP_TEXT } from '../../functions/core/pickups.js';
import { createPickupHandler, degradedPickup } from '../../functions/pickup/handler.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { NO_SLOT, PickupResponseSchema } from '../../schemas/pickups.js';
import { LANGUAGES, type Language } from '../../schemas/profile.js';
import { MONDAY_10, type ScenarioCall, type ScenarioResult } from '../support/scenario-harness.js';
import { idIn, opening, type ScenarioFile } from './profile-scenarios.js';

const throws: LambdaInvoker = () => {
  throw new Error('Runtime.HandlerTimeout: simulated crash');
};

export function pickupScenarios(file: ScenarioFile): void {
  const { profile } = file;
  const option = pickupMenuOption(profile);
  if (!option) return;
  let deps: PickupRuntimeDeps;
  /** The real handler, reading the clock of the call. */
  const handlerAt = (at: string): LambdaInvoker => {
    const built = pickupDepsFromEnv(
      {
        ...localTicketEnv(profile, {
          tableEnv: file.centre().tables.env,
          endpoint: file.centre().tables.endpoint,
          home: file.centre().home,
        }),
        PICKUP_BUDGET_MS: '7000',
      },
      { now: () => new Date(at) },
    );
    if ('configError' in built) throw new Error(built.configError);
    deps = built;
    return createPickupHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      pickups: built,
    }) as LambdaInvoker;
  };
  /**
   * The real handler wrapped by `change` (action, the real answer on demand): a stub that books nothing unless it
   * asks for the real answer, so the slots' capacity is only spent by the calls that really book.
   */
  const changed =
    (
      change: (
        action: string,
        real: () => Promise<Record<string, string>>,
      ) => Record<string, string> | Promise<Record<string, string>>,
    ): LambdaInvoker =>
    async (event, context) => {
      const action = String(
        (event as { Details: { Parameters: Record<string, string> } }).Details.Parameters.action,
      );
      return change(
        action,
        async () => (await handlerAt(MONDAY_10)(event, context)) as Record<string, string>,
      );
    };

  describe.each(LANGUAGES)(
    `${profile.id}: pickup booking, callers whose language is %s`,
    (language: Language) => {
      const t = profile.prompts[language];
      const p = PICKUP_TEXT[language];
      const ss = SELF_SERVICE_TEXT[language];
      const id = (name: string) => idIn(profile, name, language);
      const heard = [...opening(profile, language), menuText(profile, language)];
      const zh = language === 'zh-CN';
      const caller = zh ? '+8613911114444' : '+8613911115555';
      const customerId = zh ? 'PICKUP-ZH' : 'PICKUP-EN';
      const address = zh ? '上海市浦东新区世纪大道100号' : 'No. 100 Century Avenue, Pudong, Shanghai';
      const call = (inputs: (string | null)[], extra: Partial<ScenarioCall> = {}) =>
        file.centre().call({
          contactId: randomUUID(),
          from: caller,
          inputs: [option.key, ...inputs],
          ...extra,
          lambdas: { pickup: handlerAt(MONDAY_10), ...extra.lambdas },
        });
      const pickupOf = (r: ScenarioResult) => {
        const answers = r.lambdas
          .filter((l) => l.name.endsWith('pickup'))
          .map((l) => PickupResponseSchema.safeParse(l.response));
        const last = answers.at(-1);
        return last?.success ? last.data : undefined;
      };
      // The agent who books instead: the caller's branch desk (Shanghai) for a branch-first option, else the pickup queue.
      const agentQueue = (option.branchFirst && profile.branchQueues.shanghai) || option.queue;
      const toPickupQueue = (r: ScenarioResult) => {
        expect(r.path.map((s) => s.action)).toContain(id(`Queue ${agentQueue}`));
        expect(r.queueKey).toBe(agentQueue);
      };
      const offerPrompt = (r: ScenarioResult) => r.prompts[heard.length] ?? '';

      beforeAll(async () => {
        await file.centre().tables.crm.saveCustomer(
          {
            customerId,
            name: customerId,
            phones: [caller],
            tier: 'standard',
            vip: false,
            language,
            branch: 'shanghai',
            pickupAddress: address,
          },
          undefined,
          new Date(),
        );
      });

      it('books a pickup: the address and slots, the read-back, the number; the branch topic and an SMS follow', async () => {
        const r = await call(['1', '1']);
        const booked = pickupOf(r);
        expect(booked).toMatchObject({
          pickupStatus: 'ok',
          pickupId: expect.stringMatching(/^P20250303-\d{4}$/),
        });
        expect(offerPrompt(r)).toContain(address);
        expect(offerPrompt(r).endsWith(ss.menuAgent)).toBe(true);
        expect(r.prompts.slice(heard.length + 1)).toEqual([
          `${p.readBack(zh ? '今天上午9点到12点' : 'today, morning, 9 AM to noon', zh ? '上海分部' : 'Shanghai branch')}${zh ? '' : ' '}${ss.confirmKeys}`,
          booked?.prompt,
          t.goodbye,
        ]);
        expect(booked?.prompt).toContain(p.smsSent);
        expect(r.outcome.type).toBe('disconnected');
        const id_ = booked?.pickupId ?? '';
        expect(await deps.pickups.get(id_)).toMatchObject({
          status: 'booked',
          branch: 'shanghai',
          slotId: 'shanghai#20250303#am',
          contactId: r.ctr.ContactId,
          language,
        });
        const notices = (await readFile(notificationsPath(file.centre().home), 'utf8'))
          .split('\n')
          .filter((l) => l.includes(id_));
        expect(notices.map((l) => JSON.parse(l).topic)).toEqual(['dispatch:shanghai']);
        const sms = (await readOutbox(file.centre().home)).filter((l) => l.body.includes(id_));
        expect(sms.map((l) => l.to)).toEqual([caller]);
      });

      it('changes the slot (2 at the read-back), then takes the third one', async () => {
        const r = await call(['2', '2', '3', '1']);
        expect(pickupOf(r)?.pickupStatus).toBe('ok');
        expect((await deps.pickups.get(pickupOf(r)?.pickupId ?? ''))?.slotId).toBe('shanghai#20250304#am');
      });

      it('no key and a wrong key at the slot menu are re-prompted; 0 is an agent', async () => {
        const r = await call([null, '9', '0']);
        expect(r.prompts.slice(heard.length + 1, heard.length + 5)).toEqual([
          ss.noInput,
          offerPrompt(r),
          ss.invalid,
          offerPrompt(r),
        ]);
        expect(r.prompts).toContain(ss.toAgent);
        toPickupQueue(r);
      });

      it('three times no key at the slot menu: an agent', async () => {
        const r = await call([null, null, null]);
        expect(r.prompts.filter((x) => x === ss.noInput)).toHaveLength(3);
        toPickupQueue(r);
      });

      it('at the read-back: no key, a wrong key, then 0 for an agent; three silences also reach an agent', async () => {
        const r = await call(['1', null, '7', '0']);
        expect(r.prompts).toContain(ss.invalid);
        toPickupQueue(r);
        expect(pickupOf(r)?.pickupId).toBe('');
        toPickupQueue(await call(['1', null, null, null]));
      });

      it('fewer slots offered: keys 2 and 3 are wrong keys, then key 1 books', async () => {
        const r = await call(['2', '3', '1', '1'], {
          lambdas: {
            pickup: changed(async (action, real) =>
              action === 'offer' ? { ...(await real()), slot2: NO_SLOT, slot3: NO_SLOT } : real(),
            ),
          },
        });
        expect(r.prompts.filter((x) => x === ss.invalid)).toHaveLength(2);
        expect(pickupOf(r)?.pickupStatus).toBe('ok');
      });

      it('the chosen slot fills before the booking: "just taken", the slots again (without it), then an agent', async () => {
        const r = await call(['1', '1', '0'], {
          lambdas: {
            pickup: changed((action, real) =>
              action === 'book' ? { ...degradedPickup(), pickupStatus: 'full', prompt: p.full } : real(),
            ),
          },
        });
        expect(r.prompts).toContain(p.full);
        expect(r.lambdas.filter((l) => l.name.endsWith('pickup'))).toHaveLength(3);
        toPickupQueue(r);
      });

      it('a booking refused by the Lambda (e.g. the address was removed meanwhile): its reason, then an agent', async () => {
        const r = await call(['1', '1'], {
          lambdas: {
            pickup: changed((action, real) =>
              action === 'book'
                ? { ...degradedPickup(), pickupStatus: 'refer', prompt: p.noAddress }
                : real(),
            ),
          },
        });
        const at = r.prompts.indexOf(p.noAddress);
        expect(at).toBeGreaterThan(0);
        expect(r.prompts[at + 1]).toBe(t.transfer);
        toPickupQueue(r);
      });

      it.each([
        ['the offer throws', [] as string[], () => throws],
        ['the offer answers degraded', [], () => (() => degradedPickup()) as LambdaInvoker],
        [
          'the booking throws',
          ['1', '1'],
          () =>
            changed((action, real) => {
              if (action === 'book') throw new Error('boom');
              return real();
            }),
        ],
        [
          'the booking answers degraded',
          ['1', '1'],
          () => changed((action, real) => (action === 'book' ? degradedPickup() : real())),
        ],
      ])('%s: sorry, then an agent', async (_why, inputs, stub) => {
        const r = await call(inputs, { lambdas: { pickup: stub() } });
        expect(r.prompts).toContain(ss.failed);
        toPickupQueue(r);
      });

      it.each([
        ['Pickup offer keep', []],
        ['Pickup slot', []],
        ['Pickup slot 1', ['1']],
        ['Pickup slot 2', ['2']],
        ['Pickup slot 3', ['3']],
        ['Pickup confirm', ['1']],
        ['Pickup book keep', ['1', '1']],
      ])('"%s" fails: sorry, then an agent', async (action, inputs) => {
        const r = await call(inputs, {
          faults: [{ flow: file.centre().flowArn('inbound'), action: id(action), error: 'NoMatchingError' }],
        });
        expect(r.prompts).toContain(ss.failed);
        toPickupQueue(r);
      });

      if (zh)
        it('a landline caller is booked and hears that no SMS will follow', async () => {
          const landline = '+862150501234';
          await file.centre().tables.crm.saveCustomer(
            {
              customerId: 'PICKUP-LAND',
              name: '上海商行',
              phones: [landline],
              tier: 'standard',
              vip: false,
              language,
              branch: 'shanghai',
              pickupAddress: '上海市黄浦区中山东一路1号',
            },
            undefined,
            new Date(),
          );
          const r = await file.centre().call({
            contactId: randomUUID(),
            from: landline,
            inputs: [option.key, '1', '1'],
            lambdas: { pickup: handlerAt(MONDAY_10) },
          });
          const booked = pickupOf(r);
          expect(booked?.prompt).toContain(p.landline);
          expect((await readOutbox(file.centre().home)).some((l) => l.to === landline)).toBe(false);
        });

      it('a caller without an address on file hears why and goes to an agent', async () => {
        const r = await file
          .centre()
          .call({ from: '+8613600136999', inputs: [option.key], lambdas: { pickup: handlerAt(MONDAY_10) } });
        expect(r.prompts.slice(heard.length - 1)).toEqual([
          menuText(profile, 'zh-CN'),
          PICKUP_TEXT['zh-CN'].noAddress,
          profile.prompts['zh-CN'].transfer,
          ...r.prompts.slice(heard.length + 2),
        ]);
        expect(r.queueKey).toBe(option.queue);
      });
    },
  );
}
