/**
 * Pickup booking scenarios (issue 12) that read back what the real pickup handler stores and sends, through the real
 * flows and the real handler on DynamoDB Local, in both languages: the booking (its number, slot and contact), the
 * branch's dispatch notice, the SMS to mobiles only (a landline hears that none follows), and the words a caller
 * without an address on file hears. The flow itself (re-prompts, changes of slot, a full slot, an agent by 0, every
 * failure of the blocks) is in contact-flows/scenarios/logistics/pickup.yaml, run by `hotline test`.
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
import { createPickupHandler } from '../../functions/pickup/handler.js';
import { type PickupRuntimeDeps, pickupDepsFromEnv } from '../../functions/shared/pickup-deps.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { PickupResponseSchema } from '../../schemas/pickups.js';
import { LANGUAGES, type Language } from '../../schemas/profile.js';
import { MONDAY_10, type ScenarioCall, type ScenarioResult } from '../support/scenario-harness.js';
import { opening, type ScenarioFile } from './profile-scenarios.js';

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
  describe.each(LANGUAGES)(
    `${profile.id}: pickup booking, callers whose language is %s`,
    (language: Language) => {
      const t = profile.prompts[language];
      const p = PICKUP_TEXT[language];
      const ss = SELF_SERVICE_TEXT[language];
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
