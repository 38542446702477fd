/**
 * Waybill tracking scenarios (issue 12 item 2, F14) that read what the real trackShipment handler finds on DynamoDB
 * Local, through the real flows, in both languages: the latest status and place in the caller's language (the newest
 * event wins, whatever order the events were recorded in), a delivery problem with its note, and the waybill and
 * status left for the agent's screen pop. The flow itself (another waybill by 1, an agent by 0 or 0#, unknown and
 * invalid numbers, silences and wrong keys, every failure of the blocks) is in
 * contact-flows/scenarios/logistics/tracking.yaml, run by `hotline test`.
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
import { createTrackShipmentHandler } from '../../functions/track-shipment/handler.js';
import { recordShipmentEvent } from '../../functions/use-cases/shipments/shipments.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { LANGUAGES, type Language } from '../../schemas/profile.js';
import { TrackResponseSchema } from '../../schemas/shipments.js';
import type { ScenarioCall, ScenarioResult } from '../support/scenario-harness.js';
import { idIn, opening, type ScenarioFile } from './profile-scenarios.js';

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

      it('a delivery problem with its note; 0 reaches the tracking queue, the waybill and status in the contact record', async () => {
        const r = await call([`${HELD}#`, '0']);
        expect(answerOf(r)?.shipmentStatus).toBe('exception');
        expect(answerOf(r)?.prompt).toContain('南京鼓楼营业部');
        expect(answerOf(r)?.prompt).toContain('收件人电话无法接通');
        expect(r.prompts).toContain(ss.toAgent);
        toTrackingQueue(r);
        expect(r.ctr.Attributes).toMatchObject({ waybill: HELD, shipmentStatus: 'exception' });
      });
    },
  );
}
