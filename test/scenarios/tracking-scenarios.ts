/**
 * Waybill tracking scenarios (issue 12 item 2, F14): the carrier's tracking key through the real flows and the
 * real trackShipment handler on DynamoDB Local, in both languages: the latest status and place in the caller's
 * language (newest event wins, whatever order the events were recorded in), another waybill by 1, an agent by 0
 * (at the entry and after the status), an unknown number re-prompted once then an agent, a number too short,
 * silences and wrong keys, and every failure of the blocks. Every transition tracking adds to the inbound flow is
 * taken here; the coverage check that follows in logistics.test.ts holds it to 100%.
 */

import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import { SELF_SERVICE_TEXT } from '../../contact-flows/flows/self-service.js';
import { trackingMenuOption } from '../../contact-flows/flows/shipment-tracking.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { TRACK_TEXT } from '../../functions/core/shipments.js';
import { type ShipmentRuntimeDeps, shipmentDepsFromEnv } from '../../functions/shared/shipment-deps.js';
import { createTrackShipmentHandler, degradedTrack } from '../../functions/track-shipment/handler.js';
import { recordShipmentEvent } from '../../functions/use-cases/shipments/shipments.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { LANGUAGES, type Language } from '../../schemas/profile.js';
import { TrackResponseSchema } from '../../schemas/shipments.js';
import type { ScenarioCall, ScenarioResult } from '../support/scenario-harness.js';
import { idIn, opening, type ScenarioFile } from './profile-scenarios.js';

const throws: LambdaInvoker = () => {
  throw new Error('Runtime.HandlerTimeout: simulated crash');
};

/** Seeded waybills: one delivered after out-of-order events, one with a delivery problem. */
const DELIVERED = '770012345678';
const HELD = '880098765432';

export function trackingScenarios(file: ScenarioFile): void {
  const { profile } = file;
  const option = trackingMenuOption(profile);
  if (!option) return;
  let deps: ShipmentRuntimeDeps;
  const handler = (): LambdaInvoker =>
    createTrackShipmentHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      shipments: deps,
    }) as LambdaInvoker;

  beforeAll(async () => {
    const built = shipmentDepsFromEnv({
      ...localTicketEnv(profile, {
        tableEnv: file.centre().tables.env,
        endpoint: file.centre().tables.endpoint,
        home: file.centre().home,
      }),
      TRACK_BUDGET_MS: '7000',
    });
    if ('configError' in built) throw new Error(built.configError);
    deps = built;
    // Out of order: the delivery first, then older scans and a replay; the delivery stays the status.
    const events = [
      {
        status: 'delivered',
        at: '2026-11-30T11:32:00+08:00',
        place: '杭州西湖营业部',
        placeEn: 'Hangzhou West Lake depot',
      },
      {
        status: 'in-transit',
        at: '2026-11-29T22:05:00+08:00',
        place: '上海转运中心',
        placeEn: 'Shanghai hub',
      },
      { status: 'out-for-delivery', at: '2026-11-30T09:15:00+08:00', place: '杭州西湖营业部' },
      {
        status: 'delivered',
        at: '2026-11-30T03:32:00Z',
        place: '杭州西湖营业部',
        placeEn: 'Hangzhou West Lake depot',
      },
    ];
    for (const e of events) await recordShipmentEvent(deps, { waybill: DELIVERED, ...e });
    await recordShipmentEvent(deps, {
      waybill: HELD,
      status: 'exception',
      at: '2026-11-30T11:00:00+08:00',
      place: '南京鼓楼营业部',
      note: '收件人电话无法接通',
    });
  });

  describe.each(LANGUAGES)(
    `${profile.id}: waybill tracking, callers whose language is %s`,
    (language: Language) => {
      const ss = SELF_SERVICE_TEXT[language];
      const t = TRACK_TEXT[language];
      const id = (name: string) => idIn(profile, name, language);
      const heard = [...opening(profile, language), menuText(profile, language)];
      const zh = language === 'zh-CN';
      // English-speaking callers: the seeded English customer (english.cast in logistics.test.ts) has this number.
      const caller = zh ? '+8618917051005' : '+8618621081008';
      const entryPrompt = `${t.enter}${zh ? '' : ' '}${ss.entryAgent}`;
      const call = (inputs: (string | null)[], extra: Partial<ScenarioCall> = {}) =>
        file.centre().call({
          contactId: randomUUID(),
          from: caller,
          inputs: [option.key, ...inputs],
          ...extra,
          lambdas: { trackShipment: handler(), ...extra.lambdas },
        });
      const answerOf = (r: ScenarioResult) => {
        const last = r.lambdas.filter((l) => l.name.endsWith('track-shipment')).at(-1);
        const parsed = TrackResponseSchema.safeParse(last?.response);
        return parsed.success ? parsed.data : undefined;
      };
      const toTrackingQueue = (r: ScenarioResult) => {
        expect(r.queueKey).toBe(option.queue);
        expect(r.path.map((s) => s.action)).toContain(id(`Queue ${option.queue}`));
      };
      const afterMenu = (r: ScenarioResult) => r.prompts.slice(heard.length);

      it("a waybill is tracked: the newest status and place in the caller's language; no key ends the call", async () => {
        const r = await call([`${DELIVERED}#`, null]);
        const answer = answerOf(r);
        expect(answer).toMatchObject({ trackStatus: 'ok', waybill: DELIVERED, shipmentStatus: 'delivered' });
        expect(answer?.prompt).toContain(zh ? '已签收' : 'delivered');
        expect(answer?.prompt).toContain(zh ? '杭州西湖营业部' : 'Hangzhou West Lake depot');
        expect(answer?.prompt).toContain(zh ? '11月30日11点32分' : 'November 30 at 11:32 AM');
        expect(afterMenu(r)).toEqual([
          entryPrompt,
          `${answer?.prompt} ${t.another}${zh ? '' : ' '}${ss.menuAgent}`,
          profile.prompts[language].goodbye,
        ]);
        expect(r.outcome.type).toBe('disconnected');
      });

      it('0 after the status: an agent of the tracking queue, with the waybill in the attributes', async () => {
        const r = await call([`${HELD}#`, '0']);
        expect(answerOf(r)?.shipmentStatus).toBe('exception');
        expect(answerOf(r)?.prompt).toContain('南京鼓楼营业部');
        expect(r.prompts).toContain(ss.toAgent);
        toTrackingQueue(r);
        expect(r.ctr.Attributes).toMatchObject({ waybill: HELD, shipmentStatus: 'exception' });
      });

      it('1 after the status tracks another waybill (spaces or a # typed alone are not digits: re-prompted)', async () => {
        const r = await call([`${DELIVERED}#`, '1', `${HELD}#`, null]);
        expect(r.lambdas.filter((l) => l.name.endsWith('track-shipment'))).toHaveLength(2);
        expect(answerOf(r)?.waybill).toBe(HELD);
        expect(r.outcome.type).toBe('disconnected');
      });

      it('a wrong key after the status is re-prompted once, then the call ends', async () => {
        const r = await call([`${DELIVERED}#`, '7', '8']);
        expect(r.prompts.filter((p) => p === ss.invalid)).toHaveLength(2);
        expect(r.prompts.at(-1)).toBe(profile.prompts[language].goodbye);
        expect(r.outcome.type).toBe('disconnected');
      });

      it('an unknown waybill is re-prompted once, then an agent', async () => {
        const r = await call(['12345678#', '87654321#']);
        expect(afterMenu(r)).toEqual([
          entryPrompt,
          t.unknown('12345678'),
          entryPrompt,
          t.unknown('87654321'),
          ss.toAgent,
          ...afterMenu(r).slice(5),
        ]);
        toTrackingQueue(r);
      });

      it('an unknown waybill, then the right one: tracked', async () => {
        const r = await call(['12345678#', `${DELIVERED}#`, null]);
        expect(answerOf(r)?.trackStatus).toBe('ok');
        expect(r.outcome.type).toBe('disconnected');
      });

      it('too few digits is not valid: re-prompted once, then an agent', async () => {
        const r = await call(['123#', '456#']);
        expect(answerOf(r)?.trackStatus).toBe('invalid');
        expect(r.prompts.filter((p) => p === ss.invalid)).toHaveLength(2);
        toTrackingQueue(r);
      });

      it('0# at the entry is an agent', async () => {
        const r = await call(['0#']);
        expect(r.lambdas.some((l) => l.name.endsWith('track-shipment'))).toBe(false);
        toTrackingQueue(r);
      });

      it('no entry twice: re-prompted once, then an agent', async () => {
        const r = await call([null, null]);
        expect(r.prompts.filter((p) => p === ss.noInput)).toHaveLength(2);
        toTrackingQueue(r);
      });

      it.each([
        ['the lookup throws', () => throws],
        ['the lookup answers degraded', () => (() => degradedTrack()) as LambdaInvoker],
      ])('%s: sorry, then an agent', async (_why, stub) => {
        const r = await call([`${DELIVERED}#`], { lambdas: { trackShipment: stub() } });
        expect(r.prompts).toContain(ss.failed);
        toTrackingQueue(r);
      });

      it.each([
        ['Waybill', []],
        ['Waybill save', [`${DELIVERED}#`]],
        ['Track keep', [`${DELIVERED}#`]],
        ['Tracked', [`${DELIVERED}#`]],
      ])('"%s" fails: sorry (or no input), then an agent', async (action, inputs) => {
        const r = await call([...inputs, null, null], {
          faults: [{ flow: file.centre().flowArn('inbound'), action: id(action), error: 'NoMatchingError' }],
        });
        toTrackingQueue(r);
      });
    },
  );
}
